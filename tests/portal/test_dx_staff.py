"""A municipality's DX・情報担当職員数: kept with its as-of date by whoever manages its members, audited,
shown on its page, refused politely when the input is hostile."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from portal import services
from portal.exceptions import PortalError
from portal.models import AuditEvent, Organisation
from tests.conftest import CAST, CAST_MAKERS, HIROSHIMA, JINSEKI, SHINJO, org
from tests.portal.factories import sign_in

pytestmark = pytest.mark.django_db

URL = reverse("portal:organisation-dx-staff", kwargs={"lg_code": JINSEKI})
MAY_EDIT = {"coordinator", "admin_user"}


def post(client, count="1", as_of="2026-04-01"):
    return client.post(URL, {"count": count, "as_of": as_of})


def test_the_coordinator_records_the_count_with_its_date_and_the_page_shows_it(client, coordinator):
    sign_in(client, coordinator)
    response = post(client, "1", "2026-04-01")
    assert response.status_code == 302 and response["Location"] == reverse(
        "portal:organisation-detail", kwargs={"lg_code": JINSEKI}
    )
    town = org(JINSEKI)
    assert (town.dx_staff_count, town.dx_staff_as_of) == (1, datetime.date(2026, 4, 1))
    event = AuditEvent.objects.get(verb="organisation.dx_staff_updated")
    assert event.actor == coordinator and event.scope == town
    assert event.data == {"from": {"count": None, "as_of": ""}, "to": {"count": 1, "as_of": "2026-04-01"}}
    page = client.get(response["Location"]).content.decode()
    assert "DX・情報担当職員数" in page and "1名（令和8年（2026年）4月1日現在）" in page
    assert URL in page  # the coordinator is offered the edit link
    assert "DX・情報担当職員数を更新" in page  # and sees it in the page's history


def test_the_public_page_says_not_reported_and_offers_no_edit(client, staff):
    page = client.get(reverse("portal:organisation-detail", kwargs={"lg_code": JINSEKI})).content.decode()
    assert "未報告" in page and URL not in page
    sign_in(client, staff)
    page = client.get(reverse("portal:organisation-detail", kwargs={"lg_code": JINSEKI})).content.decode()
    assert URL not in page


def test_prefectures_show_no_count(client, reference_data):
    page = client.get(reverse("portal:organisation-detail", kwargs={"lg_code": HIROSHIMA})).content.decode()
    assert "DX・情報担当職員数" not in page


@pytest.mark.parametrize("actor", CAST)
def test_only_the_municipalitys_member_manager_may_post(client, reference_data, actor):
    person = CAST_MAKERS[actor]()
    if person is not None:
        sign_in(client, person)
    response = post(client)
    if actor == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == (302 if actor in MAY_EDIT else 403), actor
    saved = org(JINSEKI).dx_staff_count
    assert saved == (1 if actor in MAY_EDIT else None)


def test_a_coordinator_may_not_edit_another_prefectures_municipality_nor_a_prefecture(client, coordinator):
    sign_in(client, coordinator)
    for lg_code in (SHINJO, HIROSHIMA):
        url = reverse("portal:organisation-dx-staff", kwargs={"lg_code": lg_code})
        assert client.post(url, {"count": "1", "as_of": "2026-04-01"}).status_code == 403
    assert not Organisation.objects.filter(dx_staff_count__isnull=False).exists()


@pytest.mark.parametrize(
    ("count", "as_of", "message"),
    [
        ("-1", "2026-04-01", "0〜9999の整数で入力してください"),
        ("10000", "2026-04-01", "0〜9999の整数で入力してください"),
        ("99999999999999999999", "2026-04-01", "0〜9999の整数で入力してください"),
        ("9" * 5000, "2026-04-01", "0〜9999の整数で入力してください"),
        ("三人", "2026-04-01", "0〜9999の整数で入力してください"),
        ("1.5", "2026-04-01", "0〜9999の整数で入力してください"),
        ("<script>alert(1)</script>", "2026-04-01", "0〜9999の整数で入力してください"),
        ("1", "", "基準日も入力してください"),
        ("1", "2026-02-30", "基準日は正しい日付で入力してください"),
        ("1", "'; DROP TABLE portal_organisation; --", "基準日は正しい日付で入力してください"),
        ("", "2026-04-01", "基準日だけは保存できません"),
        ("1", "2999-04-01", "未来の日付は指定できません"),
    ],
)
def test_hostile_or_incomplete_input_is_refused_in_japanese_and_nothing_changes(
    client, coordinator, count, as_of, message
):
    sign_in(client, coordinator)
    response = post(client, count, as_of)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "<script>alert(1)</script>" not in page
    assert org(JINSEKI).dx_staff_count is None
    assert not AuditEvent.objects.filter(verb="organisation.dx_staff_updated").exists()


def test_emptying_both_fields_withdraws_the_report_and_is_audited(client, coordinator):
    town = org(JINSEKI)
    services.update_dx_staff(organisation=town, count=2, as_of=datetime.date(2026, 4, 1), by=coordinator)
    sign_in(client, coordinator)
    assert post(client, "", "").status_code == 302
    town.refresh_from_db()
    assert (town.dx_staff_count, town.dx_staff_as_of) == (None, None)
    assert AuditEvent.objects.filter(verb="organisation.dx_staff_updated").count() == 2


def test_saving_the_same_figures_again_writes_no_audit_row(coordinator, reference_data):
    town, day = org(JINSEKI), datetime.date(2026, 4, 1)
    services.update_dx_staff(organisation=town, count=1, as_of=day, by=coordinator)
    services.update_dx_staff(organisation=town, count=1, as_of=day, by=coordinator)
    assert AuditEvent.objects.filter(verb="organisation.dx_staff_updated").count() == 1


def test_the_service_checks_permission_and_range_itself(staff, coordinator):
    town, day = org(JINSEKI), datetime.date(2026, 4, 1)
    with pytest.raises(PortalError):
        services.update_dx_staff(organisation=town, count=1, as_of=day, by=staff)
    with pytest.raises(PortalError, match="0〜9999"):
        services.update_dx_staff(organisation=town, count=10_000, as_of=day, by=coordinator)
    with pytest.raises(PortalError, match="両方"):
        services.update_dx_staff(organisation=town, count=1, as_of=None, by=coordinator)
    assert org(JINSEKI).dx_staff_count is None


@pytest.mark.parametrize(
    ("count", "as_of"), [(1, None), (None, datetime.date(2026, 4, 1)), (10_000, "2026-04-01")]
)
def test_the_database_refuses_a_count_without_its_date_or_out_of_range(reference_data, count, as_of):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(lg_code=JINSEKI).update(dx_staff_count=count, dx_staff_as_of=as_of)


def test_the_form_and_the_page_speak_english(client, coordinator):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    services.update_dx_staff(
        organisation=org(JINSEKI), count=3, as_of=datetime.date(2026, 4, 1), by=coordinator
    )
    sign_in(client, coordinator)
    headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
    form = client.get(URL, **headers).content.decode()
    assert "DX and information staff" in form and "as of" in form
    refused = client.post(URL, {"count": "-1", "as_of": "2026-04-01"}, **headers).content.decode()
    assert "a whole number from 0 to 9999" in refused
    page = client.get(reverse("portal:organisation-detail", kwargs={"lg_code": JINSEKI}), **headers)
    assert "3 staff (as of 1 Apr 2026 (Reiwa 8))" in page.content.decode()


def test_the_demo_reports_plausible_invented_counts_once(reference_data):
    from portal.demo import DEMO_DX_STAFF_NOTE, seed_demo

    seed_demo()
    assert org(JINSEKI).dx_staff_count == 1  # the one-person-IT town
    assert Organisation.objects.get(name="新庄村").dx_staff_count == 0
    assert Organisation.objects.get(name="東秩父村").dx_staff_count is None  # shows the fallback
    events = AuditEvent.objects.filter(verb="organisation.dx_staff_updated")
    assert events.exists() and not events.exclude(note=DEMO_DX_STAFF_NOTE).exists()
    count = events.count()
    seed_demo()
    assert events.count() == count
