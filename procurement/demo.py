"""Demo data of joint procurement: a few invented entries of the vendor registry (DEMO_MODE only)."""

from __future__ import annotations

from portal.models import Organisation, User
from procurement.models import Vendor
from procurement.services import vendors
from talentpool.models import SkillRole, SupportTheme

DEMO_NAME_MARK = "（デモ）"

DEMO_VENDORS = [
    (
        "広島県",
        "デモ情報システム株式会社（デモ）",
        "vendor",
        True,
        True,
        ["cloud_engineer_sre", "backend_engineer"],
        ["standardisation", "security"],
        "自治体システムの標準化移行とクラウド運用を支援します。",
    ),
    (
        "広島県",
        "Code for デモ広島（デモ）",
        "civic_tech",
        False,
        False,
        ["ux_ui_designer", "data_engineer"],
        ["data", "front_yard"],
        "オープンデータと住民向けサービスのプロトタイプづくりを一緒に行います。",
    ),
    (
        "岡山県",
        "デモソフト岡山合同会社（デモ）",
        "vendor",
        True,
        False,
        ["frontend_engineer"],
        ["e_application", "rpa_low_code"],
        "電子申請フォームとRPAの導入支援。",
    ),
]


def seed_vendors(admin: User) -> None:
    """A few invented registry entries (once)."""
    if Vendor.objects.filter(name__endswith=DEMO_NAME_MARK).exists():
        return
    for prefecture, name, kind, unified, dmp, roles, themes, description in DEMO_VENDORS:
        vendor = Vendor(
            prefecture=Organisation.objects.prefectures().get(name=prefecture),
            name=name,
            kind=kind,
            unified_qualification=unified,
            dmp_listed=dmp,
            description=description,
            website="https://example.jp/",
        )
        vendors.save_vendor(
            vendor=vendor,
            by=admin,
            roles=SkillRole.objects.filter(code__in=roles),
            themes=SupportTheme.objects.filter(code__in=themes),
        )
