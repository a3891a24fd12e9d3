"""Demo talent pool: invented people over the demo prefectures, with skills, themes and capacity."""

from __future__ import annotations

import datetime
from decimal import Decimal

from portal.dates import fiscal_year, today
from portal.models import Organisation, User
from talentpool import services
from talentpool.models import ProficiencyLevel, SkillRole, SupportTheme, Talent, Training

SURNAMES = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "松本",
    "井上",
    "木村",
    "林",
    "清水",
    "山崎",
    "森",
]
SURNAME_KANA = [
    "さとう",
    "すずき",
    "たかはし",
    "たなか",
    "いとう",
    "わたなべ",
    "やまもと",
    "なかむら",
    "こばやし",
    "かとう",
    "よしだ",
    "やまだ",
    "ささき",
    "まつもと",
    "いのうえ",
    "きむら",
    "はやし",
    "しみず",
    "やまざき",
    "もり",
]
GIVEN = [
    ("陽菜", "ひな"),
    ("蓮", "れん"),
    ("結衣", "ゆい"),
    ("湊", "みなと"),
    ("美咲", "みさき"),
    ("大翔", "ひろと"),
    ("葵", "あおい"),
    ("悠真", "ゆうま"),
    ("凛", "りん"),
    ("蒼", "あおい"),
]
PREFECTURES = ["広島県", "広島県", "広島県", "岡山県", "岡山県", "愛媛県", "愛媛県", "埼玉県"]
INTRODUCTIONS = [
    "自治体システム標準化の移行計画づくりと、ベンダーとの調整を支援してきました。",
    "窓口DXと電子申請の導入を、住民目線の業務改革から一緒に進めます。",
    "情報セキュリティポリシーの見直しと職員研修が得意です。",
    "データ利活用の基盤づくりと、生成AIの業務活用の試行を支援します。",
    "RPA・ローコードで小さく始める業務効率化を、職員の皆さんと伴走します。",
]
DEMO_NAME_MARK = "（デモ）"


def seed_talent_pool(admin: User) -> None:
    """Create 40 invented profiles once, and link the demo talent accounts to profiles."""
    if not Talent.objects.filter(display_name__endswith=DEMO_NAME_MARK).exists():
        _create_profiles(admin)
    _link_demo_accounts()
    seed_vendors(admin)
    seed_jobs(admin)


def _create_profiles(admin: User) -> None:
    roles = list(SkillRole.objects.order_by("type__order", "order"))
    levels = {level.level: level for level in ProficiencyLevel.objects.all()}
    themes = list(SupportTheme.objects.order_by("order"))
    prefectures = {p.name: p for p in Organisation.objects.prefectures()}
    forms = list(Talent.EmploymentForm.values)
    affiliations = list(Talent.Affiliation.values)
    styles = list(Talent.WorkStyle.values)
    this_fy = fiscal_year(today())
    for i in range(40):
        given, given_kana = GIVEN[i % len(GIVEN)]
        prefecture = prefectures[PREFECTURES[i % len(PREFECTURES)]]
        talent = services.create_talent(
            prefecture=prefecture,
            by=admin,
            display_name=f"{SURNAMES[i % 20]} {given}{DEMO_NAME_MARK}",
            name_kana=f"{SURNAME_KANA[i % 20]} {given_kana}",
            employment_form=forms[i % len(forms)],
            affiliation=affiliations[i % len(affiliations)],
            affiliation_name=""
            if i % 4 == 0
            else ["デモ情報システム株式会社", "Code for デモ", "デモ大学"][i % 3],
            home_prefecture=prefecture,
            work_style=styles[i % 3],
            languages="日本語" if i % 5 else "日本語、英語",
            introduction=INTRODUCTIONS[i % len(INTRODUCTIONS)],
            shared_across_prefectures=i % 6 == 0,
            themes=[themes[i % 10], themes[(i * 3 + 1) % 10]],
        )
        for offset in range(1 + i % 3):
            role = roles[(i * 7 + offset * 5) % len(roles)]
            services.set_skill_level(talent=talent, role=role, level=levels[1 + (i + offset) % 4], by=admin)
        if i % 4 == 1:
            Training.objects.create(
                talent=talent,
                name="実践的サイバー防御演習 CYDER コースB",
                completed_on=datetime.date(this_fy, 11, 1) - datetime.timedelta(days=365),
            )
        for month_index in range(12):
            month = datetime.date(this_fy + (month_index >= 9), (month_index + 3) % 12 + 1, 1)
            days = Decimal(2 + (i * 3 + month_index) % 11)
            services.set_monthly_capacity(talent=talent, month=month, days=days, by=admin)
        if i % 7 != 3:
            services.change_talent_status(talent=talent, status=Talent.Status.PUBLISHED, by=admin)


def _link_demo_accounts() -> None:
    """The demo's talent accounts own the first profile of their prefecture."""
    for email, prefecture_name in (
        ("talent.sato@demo.dx-portal.jp", "広島県"),
        ("talent.tanaka@demo.dx-portal.jp", "岡山県"),
    ):
        user = User.objects.filter(email=email).first()
        profile = (
            Talent.objects.filter(prefecture__name=prefecture_name, user__isnull=True).order_by("pk").first()
        )
        if user and profile and not hasattr(user, "talent_profile"):
            profile.user = user
            profile.save(update_fields=["user"])


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
    from talentpool.models import Vendor

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
        services.save_vendor(
            vendor=vendor,
            by=admin,
            roles=SkillRole.objects.filter(code__in=roles),
            themes=SupportTheme.objects.filter(code__in=themes),
        )


DEMO_JOBS = [
    (
        "staff.jinseki@demo.dx-portal.jp",
        "approver.jinseki@demo.dx-portal.jp",
        "神石高原町",
        "DX推進アドバイザー（CIO補佐官）（デモ）",
        "DX推進計画の策定と庁内の推進体制づくりを支援する。",
        "月4日程度（リモート併用）、任期1年、報酬は町の規程による。",
        "part_time",
        True,
        True,
        True,
        [("mic_producer", 3)],
    ),
    (
        "staff.kure@demo.dx-portal.jp",
        "approver.kure@demo.dx-portal.jp",
        "呉市",
        "窓口DX推進専門員（デモ）",
        "書かない窓口の導入に向けた業務分析と、電子申請の拡充。",
        "週3日、市役所本庁舎、会計年度任用職員。",
        "part_time",
        False,
        False,
        True,
        [("service_designer", 2), ("mic_service_designer", 2)],
    ),
]


def seed_jobs(admin: User) -> None:
    """Two published job descriptions drafted and approved by the demo municipalities (once)."""
    from talentpool.models import JobPosting

    if JobPosting.objects.filter(title__endswith=DEMO_NAME_MARK).exists():
        return
    levels = {level.level: level for level in ProficiencyLevel.objects.all()}
    for (
        drafter,
        approver,
        body,
        title,
        duties,
        conditions,
        appointment,
        joint,
        remote,
        side,
        roles,
    ) in DEMO_JOBS:
        drafter_user, approver_user = (
            User.objects.filter(email=drafter).first(),
            User.objects.filter(email=approver).first(),
        )
        if drafter_user is None or approver_user is None:
            continue
        posting = JobPosting(
            organisation=Organisation.objects.municipalities().get(name=body),
            title=title,
            duties=duties,
            conditions=conditions,
            appointment=appointment,
            joint_appointment=joint,
            remote_allowed=remote,
            side_job_allowed=side,
        )
        posting = services.save_job_posting(
            posting=posting,
            by=drafter_user,
            roles=[(SkillRole.objects.get(code=code), levels[level]) for code, level in roles],
        )
        services.change_job_status(posting=posting, status=JobPosting.Status.SUBMITTED, by=drafter_user)
        services.change_job_status(posting=posting, status=JobPosting.Status.PUBLISHED, by=approver_user)
