"""Demo world for `make run`: a few prefectures with frameworks, people in every role, a council.

Every person and every population figure here is invented; the pages say so (DEMO_MODE banner and
the population source name). Safe to run repeatedly: existing rows are kept as they are.
"""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.db import transaction

from portal import services
from portal.mfa import current_totp, enrol_totp
from portal.models import (
    FrameworkMember,
    Invitation,
    Organisation,
    Population,
    PopulationImport,
    RegionalFramework,
    Role,
    User,
)

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - printed on purpose: demo accounts only
# A fixed TOTP secret for the demo's privileged accounts, so a tester can add it to an authenticator
# app or ask `manage.py demo_totp` for the current code. Never used outside seed_demo.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

NATIONAL_BODIES = [
    (
        "national",
        "内閣官房 デジタル行財政改革会議事務局",
        "Cabinet Secretariat, Digital Administrative and Fiscal Reform",
    ),
    ("national", "デジタル庁", "Digital Agency"),
    ("national", "総務省 自治行政局", "MIC Local Administration Bureau"),
    ("association", "全国知事会", "National Governors' Association"),
    ("association", "全国市長会", "Japan Association of City Mayors"),
    ("association", "全国町村会", "National Association of Towns and Villages"),
]
COUNCIL_NAME = "国・地方デジタル共通基盤推進連絡協議会"

FRAMEWORKS = {
    # prefecture: (name, status, has pool, established, secretariat unit, member municipality names)
    "広島県": (
        "DXShipひろしま",
        "operating",
        True,
        datetime.date(2023, 4, 1),
        "デジタル推進本部 市町支援担当",
        ["広島市", "呉市", "安芸太田町", "神石高原町", "北広島町"],
    ),
    "岡山県": (
        "岡山県市町村DX推進体制",
        "building",
        True,
        datetime.date(2025, 4, 1),
        "デジタル推進課",
        ["岡山市", "新庄村", "西粟倉村"],
    ),
    "愛媛県": (
        "愛媛県・市町DX推進会議",
        "operating",
        True,
        datetime.date(2022, 4, 1),
        "デジタル戦略局",
        ["松山市", "上島町", "久万高原町"],
    ),
    "埼玉県": (
        "埼玉県DX推進支援ネットワーク",
        "building",
        False,
        None,
        "行政・デジタル改革局",
        ["秩父市", "東秩父村"],
    ),
}

# (email, name, organisation name, role)
PEOPLE = [
    ("admin@demo.dx-portal.jp", "管理 太郎", None, None),
    ("coord.hiroshima@demo.dx-portal.jp", "広島 花子", "広島県", Role.PREFECTURE_COORDINATOR),
    ("approver.hiroshima@demo.dx-portal.jp", "県 承認子", "広島県", Role.PREFECTURE_APPROVER),
    ("coord.okayama@demo.dx-portal.jp", "岡山 次郎", "岡山県", Role.PREFECTURE_COORDINATOR),
    ("coord.ehime@demo.dx-portal.jp", "愛媛 みかん", "愛媛県", Role.PREFECTURE_COORDINATOR),
    ("staff.jinseki@demo.dx-portal.jp", "神石 一人", "神石高原町", Role.MUNICIPAL_STAFF),
    ("approver.jinseki@demo.dx-portal.jp", "神石 課長", "神石高原町", Role.MUNICIPAL_APPROVER),
    ("staff.kure@demo.dx-portal.jp", "呉 港子", "呉市", Role.MUNICIPAL_STAFF),
    ("approver.kure@demo.dx-portal.jp", "呉 CIO", "呉市", Role.MUNICIPAL_APPROVER),
    ("staff.shinjo@demo.dx-portal.jp", "新庄 村子", "新庄村", Role.MUNICIPAL_STAFF),
    ("staff.kamijima@demo.dx-portal.jp", "上島 島男", "上島町", Role.MUNICIPAL_STAFF),
    ("talent.sato@demo.dx-portal.jp", "佐藤 デジ子", "広島県", Role.TALENT),
    ("talent.tanaka@demo.dx-portal.jp", "田中 エン", "岡山県", Role.TALENT),
    ("secretariat@demo.dx-portal.jp", "事務局 一郎", COUNCIL_NAME, Role.COUNCIL_SECRETARIAT),
    # A second secretariat member: what one prepares for publication, the other approves.
    ("secretariat2@demo.dx-portal.jp", "事務局 二郎", COUNCIL_NAME, Role.COUNCIL_SECRETARIAT),
    ("member.digital@demo.dx-portal.jp", "構成員 デジタル", COUNCIL_NAME, Role.COUNCIL_MEMBER),
    ("member.governors@demo.dx-portal.jp", "構成員 知事会", COUNCIL_NAME, Role.COUNCIL_MEMBER),
]

# Invented round numbers, loaded as an import whose name says they are not official statistics.
DEMO_POPULATION_FILE = "デモ用の架空の人口（実際の統計ではありません）"


# Invented DX・情報担当職員数 (as of the FY's first day) of the demo municipalities: a one-person-IT town
# (神石高原町), a village with none (新庄村), cities with departments; 東秩父村 has not reported, so
# the waitlist falls back to its portal staff for it.
DEMO_DX_STAFF_AS_OF = datetime.date(2026, 4, 1)
DEMO_DX_STAFF = {
    "広島市": 62,
    "呉市": 9,
    "安芸太田町": 2,
    "神石高原町": 1,
    "北広島町": 3,
    "岡山市": 41,
    "新庄村": 0,
    "西粟倉村": 1,
    "松山市": 28,
    "上島町": 1,
    "久万高原町": 2,
    "秩父市": 6,
}
DEMO_DX_STAFF_NOTE = "デモ用の架空の人数（実際の調査ではありません）"

# Apps add their demo data here (registered in their AppConfig.ready); portal imports no app.
DEMO_SEEDERS: list = []


def register_demo(seeder):
    """Run `seeder(admin)` after the spine's demo world is in place."""
    if seeder not in DEMO_SEEDERS:
        DEMO_SEEDERS.append(seeder)
    return seeder


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    """Create the demo world if missing; return (email, description) of every demo account."""
    by_name = {}
    for kind, name, name_en in NATIONAL_BODIES:
        by_name[name], _created = Organisation.objects.get_or_create(
            kind=kind, name=name, defaults={"name_en": name_en}
        )
    council, _created = Organisation.objects.get_or_create(
        kind=Organisation.Kind.COUNCIL,
        name=COUNCIL_NAME,
        defaults={"name_en": "National-Local Digital Platform Council"},
    )
    by_name[COUNCIL_NAME] = council

    admin = _person("admin@demo.dx-portal.jp", "管理 太郎", superuser=True)
    accounts = [(admin.email, "サイト管理者")]
    for email, full_name, org_name, role in PEOPLE[1:]:
        organisation = by_name.get(org_name) or Organisation.objects.local_governments().get(name=org_name)
        user = _person(email, full_name)
        services.grant_role(user=user, organisation=organisation, role=role, by=admin)
        accounts.append((email, f"{organisation.name} / {Role(role).label}"))

    for prefecture_name, (name, status, pool, established, unit, members) in FRAMEWORKS.items():
        _framework(prefecture_name, name, status, pool, established, unit, members, admin)
    _population(admin)
    _dx_staff(admin)
    _pending_invitation(admin)
    for user in User.objects.filter(email__endswith="@demo.dx-portal.jp"):
        if user.needs_mfa:
            _enrol_totp(user)
    for seeder in DEMO_SEEDERS:
        seeder(admin)
    return accounts


def _person(email: str, full_name: str, *, superuser: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        maker = User.objects.create_superuser if superuser else User.objects.create_user
        user = maker(email, DEMO_PASSWORD, full_name=full_name)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True, "verified": True})
    return user


def _framework(prefecture_name, name, status, pool, established, unit, members, admin) -> None:
    prefecture = Organisation.objects.prefectures().get(name=prefecture_name)
    framework = RegionalFramework.objects.get(prefecture=prefecture)
    if framework.name:
        return
    services.update_framework(
        framework=framework,
        by=admin,
        changes={
            "name": name,
            "has_talent_pool": pool,
            "established_on": established,
            "secretariat_unit": unit,
        },
    )
    framework.refresh_from_db()
    path = {"building": ["building"], "operating": ["building", "operating"]}.get(status, [])
    for step in path:
        framework = services.change_framework_status(
            framework=framework, status=step, by=admin, note="デモデータ"
        )
    for index, municipality_name in enumerate(members):
        municipality = Organisation.objects.municipalities().get(
            prefecture=prefecture, name=municipality_name
        )
        if not FrameworkMember.objects.filter(framework=framework, municipality=municipality).exists():
            joined = (established or datetime.date(2025, 10, 1)) + datetime.timedelta(days=30 * index)
            services.add_framework_member(
                framework=framework, municipality=municipality, joined_on=joined, by=admin
            )


def _population(admin: User) -> None:
    if PopulationImport.objects.filter(file_name=DEMO_POPULATION_FILE).exists():
        return
    names = [m for _n, _s, _p, _e, _u, members in FRAMEWORKS.values() for m in members] + list(FRAMEWORKS)
    organisations = Organisation.objects.local_governments().filter(name__in=names)
    # Invented: a deterministic figure per body so the demo shows a mix of small and large ones.
    rows = [
        {
            "line": i + 2,
            "lg_code": o.lg_code,
            "population_raw": str(p),
            "population": p,
            "name": o.name,
            "errors": [],
        }
        for i, o in enumerate(organisations)
        for p in [
            (int(o.lg_code) * 7919) % (2_000_000 if o.kind in ("prefecture", "designated_city") else 60_000)
            + 800
        ]
    ]
    population_import = PopulationImport.objects.create(
        reference_date=datetime.date(2026, 1, 1), file_name=DEMO_POPULATION_FILE, rows=rows, uploaded_by=admin
    )
    services.apply_population_import(population_import=population_import, by=admin)
    assert Population.objects.filter(source=population_import).count() == len(rows)


def _dx_staff(admin: User) -> None:
    municipalities = Organisation.objects.municipalities().filter(
        name__in=DEMO_DX_STAFF, prefecture__name__in=FRAMEWORKS, dx_staff_count__isnull=True
    )
    for municipality in municipalities:
        services.update_dx_staff(
            organisation=municipality,
            count=DEMO_DX_STAFF[municipality.name],
            as_of=DEMO_DX_STAFF_AS_OF,
            by=admin,
            note=DEMO_DX_STAFF_NOTE,
        )


def _pending_invitation(admin: User) -> None:
    if Invitation.objects.filter(email="new.staff@demo.dx-portal.jp").exists():
        return
    coordinator = User.objects.get(email="coord.hiroshima@demo.dx-portal.jp")
    services.invite_person(
        organisation=Organisation.objects.municipalities().get(name="安芸太田町"),
        role=Role.MUNICIPAL_STAFF,
        email="new.staff@demo.dx-portal.jp",
        full_name="安芸 新人",
        by=coordinator,
        message="デモ用の招待です。",
    )


def _enrol_totp(user: User) -> None:
    enrol_totp(user, DEMO_TOTP_SECRET)


def current_demo_code() -> str:
    return current_totp(DEMO_TOTP_SECRET)
