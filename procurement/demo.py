"""Joint procurement's demo data: the system catalogue. The names of the 20 地方公共団体情報システム
標準化 target businesses are public; which demo municipality uses what is invented (every row is
marked as demo data)."""

from __future__ import annotations

from portal.models import Organisation, Role, User
from procurement.models import Project, System, SystemUse
from procurement.services import catalogue

# The 20 businesses of 地方公共団体情報システムの標準化に関する法律 (the 標準化対象業務).
STANDARD_BUSINESSES = [
    "住民基本台帳", "選挙人名簿管理", "固定資産税", "個人住民税", "法人住民税", "軽自動車税",
    "戸籍", "戸籍の附票", "印鑑登録", "就学", "国民健康保険", "国民年金", "障害者福祉",
    "後期高齢者医療", "介護保険", "児童手当", "生活保護", "健康管理", "児童扶養手当",
    "子ども・子育て支援",
]  # fmt: skip

NATIONAL = [
    (
        "マイナポータル（ぴったりサービス）",
        "デジタル庁",
        "国が提供する、子育て・介護などの行政手続をオンラインで申請できるサービス。",
    ),
]

# (municipality, system name) declared by the municipality's demo staff.
DECLARED = [
    ("神石高原町", "住民基本台帳システム（標準準拠）"),
    ("呉市", "住民基本台帳システム（標準準拠）"),
    ("呉市", "マイナポータル（ぴったりサービス）"),
    ("上島町", "介護保険システム（標準準拠）"),
]


def seed_catalogue(admin: User) -> None:
    for business in STANDARD_BUSINESSES:
        System.objects.get_or_create(
            name=f"{business}システム（標準準拠）",
            defaults={
                "category": Project.Category.BUSINESS,
                "kind": System.Kind.STANDARD,
                "description": f"標準化対象業務「{business}」の標準仕様書に準拠したシステム。",
                "is_demo": True,
            },
        )
    for name, vendor, description in NATIONAL:
        System.objects.get_or_create(
            name=name,
            defaults={
                "category": Project.Category.TOOL,
                "kind": System.Kind.NATIONAL_SAAS,
                "vendor_name": vendor,
                "description": description,
                "is_demo": True,
            },
        )
    for municipality_name, system_name in DECLARED:
        municipality = Organisation.objects.municipalities().get(name=municipality_name)
        system = System.objects.get(name=system_name)
        if SystemUse.objects.filter(system=system, municipality=municipality, ended_at__isnull=True).exists():
            continue
        staff = User.objects.filter(
            memberships__organisation=municipality,
            memberships__role=Role.MUNICIPAL_STAFF,
            email__endswith="@demo.dx-portal.jp",
        ).first()
        catalogue.declare_use(system=system, municipality=municipality, by=staff)
