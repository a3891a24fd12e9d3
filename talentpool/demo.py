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
    seed_jobs(admin)
    seed_dispatch(admin)


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


# (title, municipality, theme position, months from now, how far it goes)
DEMO_DISPATCHES = [
    ("RPA導入の進め方の相談", "神石高原町", 5, 2, "draft"),
    ("窓口DXの計画づくり", "神石高原町", 1, 2, "submitted"),
    ("情報セキュリティポリシーの見直し", "呉市", 2, 2, "screening"),
    ("データ利活用の庁内研修", "呉市", 3, 3, "returned"),
    ("生成AIの利用ルールづくり", "神石高原町", 4, 3, "proposed"),
    ("電子申請の対象手続の拡大", "呉市", 6, 2, "pending_approval"),
    ("標準化移行の進捗確認", "神石高原町", 0, 1, "approved"),
]
DISPATCH_PATH = ["submitted", "screening", "matching", "proposed", "pending_approval", "approved"]


def seed_dispatch(admin: User) -> None:
    """広島県's confirmed programme for this fiscal year and invented requests in several statuses,
    each taken there through the services by the demo people (once)."""
    from talentpool.models import DispatchProgramme, DispatchRequest

    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.dx-portal.jp")}
    needed = (
        "coord.hiroshima",
        "approver.hiroshima",
        "staff.jinseki",
        "approver.jinseki",
        "staff.kure",
        "approver.kure",
    )
    if (
        any(name not in people for name in needed)
        or DispatchRequest.objects.filter(title__endswith=DEMO_NAME_MARK).exists()
    ):
        return
    coordinator, prefecture_approver = people["coord.hiroshima"], people["approver.hiroshima"]
    hiroshima = Organisation.objects.prefectures().get(name="広島県")
    year = fiscal_year(today())
    if not DispatchProgramme.objects.filter(prefecture=hiroshima, fiscal_year=year).exists():
        programme = services.save_programme(
            programme=DispatchProgramme(
                prefecture=hiroshima,
                fiscal_year=year,
                max_days_per_case=Decimal(24),
                budget_days=Decimal(300),
                unit_cost_yen=40_000,
                share_national=50,
                share_prefecture=25,
                share_municipality=25,
                window_opens=datetime.date(year, 4, 1),
                window_closes=datetime.date(year + 1, 3, 31),
            ),
            by=coordinator,
        )
        services.change_programme_status(programme=programme, status="submitted", by=coordinator)
        services.change_programme_status(programme=programme, status="confirmed", by=prefecture_approver)
    talent = Talent.objects.filter(user__email="talent.sato@demo.dx-portal.jp", prefecture=hiroshima).first()
    themes = list(SupportTheme.objects.order_by("pk"))
    last_month = datetime.date(year + 1, 3, 1)
    for title, body, theme, ahead, target in DEMO_DISPATCHES:
        if talent is None and DISPATCH_PATH.index(target if target in DISPATCH_PATH else "screening") > 2:
            continue
        start = min(_months_after(today().replace(day=1), ahead), last_month)
        cast = {
            "drafter": people["staff.jinseki" if body == "神石高原町" else "staff.kure"],
            "approver": people["approver.jinseki" if body == "神石高原町" else "approver.kure"],
            "coordinator": coordinator,
            "prefecture_approver": prefecture_approver,
        }
        request = services.save_dispatch_request(
            request=DispatchRequest(
                municipality=Organisation.objects.municipalities().get(name=body),
                title=f"{title}{DEMO_NAME_MARK}",
                theme=themes[theme % len(themes)],
                situation="情報担当の職員は1〜2人で、計画づくりの経験がない。（架空のデモデータ）",
                goals="半年で実行計画をまとめ、庁内で合意する。",
                start_date=start,
                end_date=_months_after(start, 1) - datetime.timedelta(days=1),
                days_per_month=Decimal(2),
            ),
            roles=[],
            by=cast["drafter"],
        )
        if talent is not None and target in ("pending_approval", "approved"):
            _make_room(talent, request.months(), coordinator)
        _walk_dispatch(request, target, cast, talent)
    if talent is not None:
        _last_years_dispatch(hiroshima, talent, people, themes)
    _share_with_neighbours(hiroshima, coordinator)


def _last_years_dispatch(hiroshima: Organisation, talent: Talent, people: dict, themes: list) -> None:
    """A dispatch of 神石高原町 that ran in the last fiscal year, reported, completed and rated, and
    its follow-up survey this year, all through the services. Last year's settings keep their
    window open until today, as a demo cannot send a request in the past."""
    from talentpool.models import DispatchProgramme, DispatchRequest

    coordinator, prefecture_approver = people["coord.hiroshima"], people["approver.hiroshima"]
    staff, approver = people["staff.jinseki"], people["approver.jinseki"]
    year = fiscal_year(today()) - 1
    if DispatchProgramme.objects.filter(prefecture=hiroshima, fiscal_year=year).exists():
        return
    programme = services.save_programme(
        programme=DispatchProgramme(
            prefecture=hiroshima,
            fiscal_year=year,
            max_days_per_case=Decimal(24),
            unit_cost_yen=40_000,
            share_national=50,
            share_prefecture=25,
            share_municipality=25,
            window_opens=datetime.date(year, 4, 1),
            window_closes=today(),
        ),
        by=coordinator,
    )
    services.change_programme_status(programme=programme, status="submitted", by=coordinator)
    services.change_programme_status(programme=programme, status="confirmed", by=prefecture_approver)
    start = datetime.date(year, 10, 1)
    request = services.save_dispatch_request(
        request=DispatchRequest(
            municipality=Organisation.objects.municipalities().get(name="神石高原町"),
            title=f"マイナンバーカード活用の検討{DEMO_NAME_MARK}",
            theme=themes[0],
            situation="カードの利用場面が少ない。（架空のデモデータ）",
            goals="窓口と図書館での利用を始める。",
            start_date=start,
            end_date=datetime.date(year, 11, 30),
            days_per_month=Decimal(2),
        ),
        roles=[],
        by=staff,
    )
    _make_room(talent, request.months(), coordinator)
    cast = {
        "drafter": staff,
        "approver": approver,
        "coordinator": coordinator,
        "prefecture_approver": prefecture_approver,
    }
    _walk_dispatch(request, "approved", cast, talent)
    services.move_assignments_on_their_dates()
    services.file_completion_report(
        request=request, report="利用場面を2つ増やす計画を作った。", by=talent.user
    )
    request = services.change_dispatch_status(request=request, status="completed", by=staff)
    services.rate_dispatch(request=request, rating=5, comment="具体的で助かった。", by=staff)
    services.ask_follow_up_surveys()


def _share_with_neighbours(hiroshima: Organisation, coordinator: User) -> None:
    """広島県 lends the profiles it opened to other prefectures to its neighbours 岡山県 and 山口県."""
    neighbours = list(Organisation.objects.prefectures().filter(name__in=["岡山県", "山口県"]))
    for talent in Talent.objects.filter(prefecture=hiroshima, shared_across_prefectures=True, sharings=None):
        services.share_talent(talent=talent, prefectures=neighbours, by=coordinator)


def _months_after(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def _make_room(talent: Talent, months: list[datetime.date], by: User) -> None:
    """Give the demo talent at least 4 free days in each month (more available days, never fewer)."""
    from talentpool.models import CapacityMonth

    rows = {
        c.month: c for c in CapacityMonth.objects.with_booked_days().filter(talent=talent, month__in=months)
    }
    for month in months:
        row = rows.get(month)
        if row is None or row.free_days < 4:
            booked = row.booked_days if row else Decimal(0)
            services.set_monthly_capacity(talent=talent, month=month, days=booked + 4, by=by)


def _walk_dispatch(request, target: str, cast: dict, talent: Talent | None) -> None:
    """Take a demo request along the workflow, through the services, as far as `target`."""
    from talentpool.models import Proposal

    if target == "draft":
        return
    stop = "screening" if target == "returned" else target
    for step in DISPATCH_PATH[: DISPATCH_PATH.index(stop) + 1]:
        if step == "proposed":
            services.propose_candidates(request=request, talents=[talent], by=cast["coordinator"])
        elif step == "pending_approval":
            proposal = request.proposals.get(status=Proposal.Status.ASKED)
            services.respond_to_proposal(proposal=proposal, accept=True, by=talent.user)
        else:
            by = {
                "submitted": cast["drafter"],
                "screening": cast["approver"],
                "matching": cast["coordinator"],
                "approved": cast["prefecture_approver"],
            }[step]
            request = services.change_dispatch_status(request=request, status=step, by=by)
    if target == "returned":
        services.change_dispatch_status(
            request=request,
            status="returned",
            by=cast["coordinator"],
            note="成果の測り方を具体的に書いてください。",
        )
