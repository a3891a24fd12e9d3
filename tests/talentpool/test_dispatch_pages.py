"""Dispatch pages: drafting from a profile, who sees which buttons, the load, dashboards, exports."""

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from talentpool import services
from talentpool.models import DispatchProgramme, DispatchRequest, SupportTheme
from tests.portal.factories import sign_in
from tests.talentpool.factories import TalentFactory, make_dispatch_request, make_programme

S = DispatchRequest.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(reference_data):
    return make_programme()


def test_a_profile_offers_to_request_the_talent_and_the_form_is_prefilled(client, staff, programme):
    talent = TalentFactory()
    sign_in(client, staff)
    page = client.get(reverse("talentpool:talent-detail", args=[talent.pk])).content.decode()
    link = f"{reverse('talentpool:dispatch-create')}?talent={talent.pk}"
    assert "この人材に依頼する" in page and link in page
    form = client.get(link).content.decode()
    assert f'<option value="{talent.pk}" selected>' in form


def test_the_search_cards_offer_it_too_but_not_to_coordinators(client, staff, coordinator, programme):
    TalentFactory()
    sign_in(client, staff)
    assert "この人材に依頼する" in client.get(reverse("talentpool:talent-search")).content.decode()
    sign_in(client, coordinator)
    assert "この人材に依頼する" not in client.get(reverse("talentpool:talent-search")).content.decode()


def form_data(**changes):
    theme = SupportTheme.objects.order_by("pk").first()
    from tests.conftest import JINSEKI, org

    return {
        "municipality": org(JINSEKI).pk,
        "title": "窓口DXの相談",
        "theme": theme.pk,
        "situation": "担当は1人。",
        "goals": "書かない窓口",
        "work_style": "hybrid",
        "start_date": "2027-01-01",
        "end_date": "2027-02-28",
        "days_per_month": "2",
        "urgency": "normal",
        **changes,
    }


def test_a_draft_saves_and_a_mistake_keeps_what_was_typed(client, staff, programme):
    sign_in(client, staff)
    url = reverse("talentpool:dispatch-create")
    response = client.post(url, form_data(goals="", situation="職員2名、紙の申請が多い"))
    assert response.status_code == 200
    assert "職員2名、紙の申請が多い" in response.content.decode()
    assert not DispatchRequest.objects.exists()
    response = client.post(url, form_data(end_date="2026-12-01"))
    assert response.status_code == 200 and "終了日は開始日より後" in response.content.decode()
    response = client.post(url, form_data())
    dispatch = DispatchRequest.objects.get()
    assert response.status_code == 302 and dispatch.status == S.DRAFT and dispatch.created_by == staff


def test_each_person_sees_only_their_named_actions(client, staff, approver, coordinator, programme):
    dispatch = make_dispatch_request(staff, status=S.SUBMITTED, submitted_by=staff)
    url = reverse("talentpool:dispatch-detail", args=[dispatch.pk])
    sign_in(client, staff)
    assert "決裁して県に送る" not in client.get(url).content.decode()
    sign_in(client, approver)
    assert "決裁して県に送る" in client.get(url).content.decode()
    response = client.post(reverse("talentpool:dispatch-status", args=[dispatch.pk]), {"status": "screening"})
    assert response.status_code == 302
    assert DispatchRequest.objects.get(pk=dispatch.pk).status == S.SCREENING


def test_returning_without_a_reason_is_refused_with_a_message(client, staff, coordinator, programme):
    dispatch = make_dispatch_request(staff, status=S.SCREENING)
    sign_in(client, coordinator)
    response = client.post(
        reverse("talentpool:dispatch-status", args=[dispatch.pk]), {"status": "returned"}, follow=True
    )
    assert "理由を入力してください" in response.content.decode()
    assert DispatchRequest.objects.get(pk=dispatch.pk).status == S.SCREENING


def test_the_approver_sees_the_talents_load_with_a_warning_from_80_percent(
    client, staff, coordinator, prefecture_approver, programme
):
    talent = TalentFactory()
    dispatch = make_dispatch_request(
        staff, status=S.PENDING_APPROVAL, talent=talent, submitted_by=coordinator
    )
    for month in dispatch.months():
        services.set_monthly_capacity(talent=talent, month=month, days=Decimal(2), by=coordinator)
    sign_in(client, prefecture_approver)
    page = client.get(reverse("talentpool:dispatch-detail", args=[dispatch.pk])).content.decode()
    assert "人材の稼働状況" in page and "100%" in page and "80%以上" in page and "承認する" in page


def test_the_next_person_finds_the_request_on_their_dashboard_with_its_age(
    client, staff, approver, programme
):
    dispatch = make_dispatch_request(staff)
    services.change_dispatch_status(request=dispatch, status=S.SUBMITTED, by=staff)
    sign_in(client, approver)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "対応が必要な派遣依頼" in page and dispatch.title in page
    sign_in(client, staff)
    # The submitter's dashboard lists it among their own recent actions, not as work awaiting them.
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "対応が必要な派遣依頼" not in page or "対応が必要な派遣依頼はありません。" in page


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_queue_and_the_dashboard_are_flat_in_the_number_of_requests(
    client, staff, coordinator, django_assert_max_num_queries, programme
):
    for _ in range(2):
        make_dispatch_request(staff, status=S.SCREENING, talent=TalentFactory())
    sign_in(client, coordinator)
    few_list = queries(client, reverse("talentpool:dispatch-list"))
    few_board = queries(client, reverse("portal:dashboard"))
    for _ in range(25):
        make_dispatch_request(staff, status=S.SCREENING, talent=TalentFactory())
    with django_assert_max_num_queries(few_list):
        client.get(reverse("talentpool:dispatch-list"))
    with django_assert_max_num_queries(few_board):
        client.get(reverse("portal:dashboard"))


def test_the_cost_summary_downloads_as_csv_and_xlsx(
    client, staff, coordinator, prefecture_approver, programme
):
    talent = TalentFactory()
    dispatch = make_dispatch_request(
        staff, status=S.PENDING_APPROVAL, talent=talent, submitted_by=coordinator
    )
    for month in dispatch.months():
        services.set_monthly_capacity(talent=talent, month=month, days=Decimal(4), by=coordinator)
    services.approve_dispatch(request=dispatch, by=prefecture_approver)
    sign_in(client, coordinator)
    csv = client.get(reverse("talentpool:programme-costs-csv", args=[programme.pk])).content.decode(
        "utf-8-sig"
    )
    assert "345458,神石高原町,1,4.0,160000,80000,40000,40000" in csv
    data = client.get(reverse("talentpool:programme-costs-xlsx", args=[programme.pk])).content
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[2]][4:] == [160000, 80000, 40000, 40000]


def test_programme_settings_are_edited_then_confirmed_by_another_person(
    client, coordinator, prefecture_approver
):
    sign_in(client, coordinator)
    data = {
        "prefecture": coordinator.memberships.get().organisation_id,
        "fiscal_year": "2026",
        "max_days_per_case": "12",
        "unit_cost_yen": "40000",
        "share_national": "50",
        "share_prefecture": "30",
        "share_municipality": "30",
        "window_opens": "2026-04-01",
        "window_closes": "2026-12-31",
        "report_deadline_days": "7",
    }
    response = client.post(reverse("talentpool:programme-create"), data)
    assert response.status_code == 200 and "合計は100％" in response.content.decode()
    response = client.post(reverse("talentpool:programme-create"), {**data, "share_municipality": "20"})
    programme = DispatchProgramme.objects.get()
    assert response.status_code == 302 and programme.shares == (50, 30, 20)
    status_url = reverse("talentpool:programme-status", args=[programme.pk])
    client.post(status_url, {"status": "submitted"})
    client.post(status_url, {"status": "confirmed"})
    assert DispatchProgramme.objects.get().status == "submitted"
    sign_in(client, prefecture_approver)
    assert "確認待ちの派遣事業の設定" in client.get(reverse("portal:dashboard")).content.decode()
    client.post(status_url, {"status": "confirmed"})
    assert DispatchProgramme.objects.get().status == "confirmed"


def test_the_waitlist_puts_small_municipalities_first_and_says_why(client, staff, coordinator, programme):
    from portal.models import Population, PopulationImport, Role
    from tests.conftest import KURE, make_user, org

    kure = org(KURE)
    for n in range(3):
        make_user(f"kure{n}@test.jp", role=Role.MUNICIPAL_STAFF, organisation=kure)
    source = PopulationImport.objects.create(
        reference_date="2026-01-01", file_name="t", uploaded_by=coordinator
    )
    Population.objects.create(
        organisation=kure, reference_date="2026-01-01", population=200_000, source=source
    )
    city = make_dispatch_request(staff, municipality=kure, status=S.WAITLISTED, title="呉市の依頼")
    town = make_dispatch_request(
        staff, status=S.WAITLISTED, title="神石高原町の依頼", waitlist_reason="空きなし"
    )
    assert list(DispatchRequest.objects.in_waitlist_order()) == [town, city]
    sign_in(client, coordinator)
    page = client.get(reverse("talentpool:dispatch-list")).content.decode()
    page = page[page.index("順番待ち（空きが出たら上から）") :]
    assert page.index("神石高原町の依頼") < page.index("呉市の依頼")
    assert "DX担当 未報告（ポータルの職員 1人で代用）" in page and "人口 200,000人" in page
    assert "空きなし" in page


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def attach(client, dispatch, name: str, data: bytes):
    upload = SimpleUploadedFile(name, data)
    return client.post(
        reverse("talentpool:dispatch-attach", args=[dispatch.pk]), {"file": upload}, follow=True
    )


def test_attachments_are_checked_by_content_and_served_only_to_who_may_see_the_request(
    client, staff, other_staff, coordinator, media, programme
):
    dispatch = make_dispatch_request(staff)
    sign_in(client, staff)
    assert (
        "ファイルを添付しました" in attach(client, dispatch, "計画書.pdf", b"%PDF-1.7\n...").content.decode()
    )
    assert "ファイルを添付しました" in attach(client, dispatch, "体制.docx", docx_bytes()).content.decode()
    refused = attach(client, dispatch, "virus.pdf", b"MZ\x90\x00 not a pdf").content.decode()
    assert "ファイルの中身が拡張子（.pdf）と一致しません" in refused
    assert "添付できるのは" in attach(client, dispatch, "script.html", b"<script>").content.decode()
    assert (
        "ファイルの中身が拡張子（.docx）と一致しません"
        in attach(client, dispatch, "a.docx", b"PK junk").content.decode()
    )
    pdf, docx = dispatch.attachments.order_by("pk")
    assert docx.content_type.endswith("wordprocessingml.document")
    assert not any(media.joinpath("dispatch-attachments").glob("*.html"))

    url = reverse("talentpool:dispatch-attachment", args=[dispatch.pk, pdf.pk])
    assert url in client.get(reverse("talentpool:dispatch-detail", args=[dispatch.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment;")
    sign_in(client, other_staff)
    assert client.get(url).status_code == 404
    sign_in(client, coordinator)  # a draft is still the municipality's own
    assert client.get(url).status_code == 404


def test_an_oversized_attachment_is_refused_before_it_is_read(client, staff, media, programme, monkeypatch):
    from talentpool import attachments

    monkeypatch.setattr(attachments, "MAX_BYTES", 10)
    dispatch = make_dispatch_request(staff)
    sign_in(client, staff)
    assert "大きすぎます" in attach(client, dispatch, "big.pdf", b"%PDF-" + b"x" * 100).content.decode()
    assert not dispatch.attachments.exists()


def test_the_talent_and_the_municipality_each_see_their_part_of_the_work(
    client, staff, coordinator, prefecture_approver, profiled_talent, programme, monkeypatch
):
    talent = profiled_talent.talent_profile
    dispatch = make_dispatch_request(
        staff, status=S.PENDING_APPROVAL, talent=talent, submitted_by=coordinator
    )
    for month in dispatch.months():
        services.set_monthly_capacity(talent=talent, month=month, days=Decimal(4), by=coordinator)
    services.approve_dispatch(request=dispatch, by=prefecture_approver)
    services.move_assignments_on_their_dates(day=dispatch.start_date)
    monkeypatch.setattr("talentpool.services.work.today", lambda: dispatch.end_date)
    url = reverse("talentpool:dispatch-detail", args=[dispatch.pk])

    sign_in(client, profiled_talent)
    page = client.get(url).content.decode()
    assert "活動を記録する" in page and "月次報告を提出する" in page
    client.post(
        reverse("talentpool:dispatch-activity", args=[dispatch.pk]),
        {
            "date": dispatch.start_date.isoformat(),
            "hours": "2.5",
            "mode": "on_site",
            "description": "庁内ヒアリング",
        },
    )
    client.post(
        reverse("talentpool:dispatch-monthly", args=[dispatch.pk]),
        {"month": dispatch.start_date.isoformat(), "summary": "現状を整理した"},
    )
    page = client.get(url).content.decode()
    assert "庁内ヒアリング" in page and "現状を整理した" in page

    sign_in(client, staff)
    page = client.get(url).content.decode()
    assert "活動を記録する" not in page and "確認する" in page
    report = dispatch.assignment.monthly_reports.get()
    client.post(reverse("talentpool:dispatch-monthly-confirm", args=[dispatch.pk, report.pk]))
    assert "神石 職員さんが確認済み" in client.get(url).content.decode()


@pytest.mark.parametrize("junk", ["abc", "9" * 30, "-1", "１２"])
def test_junk_in_the_prefill_link_is_ignored(client, staff, programme, junk):
    sign_in(client, staff)
    assert client.get(reverse("talentpool:dispatch-create"), {"talent": junk}).status_code == 200


def test_the_career_record_lists_real_dispatches_and_shows_ratings_to_the_talent(
    client, staff, coordinator, prefecture_approver, profiled_talent, programme
):
    talent = profiled_talent.talent_profile
    dispatch = make_dispatch_request(
        staff, status=S.PENDING_APPROVAL, talent=talent, submitted_by=coordinator
    )
    for month in dispatch.months():
        services.set_monthly_capacity(talent=talent, month=month, days=Decimal(4), by=coordinator)
    services.approve_dispatch(request=dispatch, by=prefecture_approver)
    DispatchRequest.objects.filter(pk=dispatch.pk).update(rating=4)
    url = reverse("talentpool:talent-career", args=[talent.pk])
    sign_in(client, profiled_talent)
    page = client.get(url).content.decode()
    assert "派遣の実績" in page and "神石高原町" in page and "<td>4</td>" in page
    sign_in(client, staff)
    page = client.get(url).content.decode()
    assert "神石高原町" in page and "<td>4</td>" not in page


def test_the_load_heat_map_shows_each_talents_months_and_stays_flat(
    client, coordinator, staff, django_assert_max_num_queries, reference_data
):
    from portal.dates import this_month

    busy, idle = TalentFactory(display_name="稼働 多子"), TalentFactory(display_name="稼働 少男")
    services.set_monthly_capacity(talent=busy, month=this_month(), days=Decimal(10), by=coordinator)
    services.book_capacity(talent=busy, month=this_month(), days=Decimal(9), source="t", by=coordinator)
    services.set_monthly_capacity(talent=idle, month=this_month(), days=Decimal(10), by=coordinator)
    sign_in(client, coordinator)
    url = reverse("talentpool:dispatch-load")
    page = client.get(url).content.decode()
    assert "heat--2" in page and "90%" in page and "9 / 10" in page and "0 / 10" in page
    few = queries(client, url)
    for _ in range(10):
        TalentFactory()
    with django_assert_max_num_queries(few):
        client.get(url)
    sign_in(client, staff)
    assert client.get(url).status_code == 403
