"""The waitlist: one-person-IT municipalities first by their reported DX staff count, the portal-staff
proxy when they have not reported, then population, then the longest wait; the queue says why."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from portal import services as portal_services
from portal.models import Organisation, Population, PopulationImport, Role
from talentpool.models import DispatchRequest
from tests.conftest import JINSEKI, KURE, make_user, org
from tests.portal.factories import sign_in
from tests.talentpool.factories import make_dispatch_request, make_programme

S = DispatchRequest.Status
pytestmark = pytest.mark.django_db
APRIL = datetime.date(2026, 4, 1)
# Two more 広島県 municipalities for the rankings below (the cast lives in 神石高原町 and 呉市).
AKIOTA, KITAHIROSHIMA = "343684", "343692"


@pytest.fixture
def programme(reference_data):
    return make_programme()


def report(lg_code: str, count: int | None, by) -> Organisation:
    return portal_services.update_dx_staff(
        organisation=org(lg_code), count=count, as_of=APRIL if count is not None else None, by=by
    )


def people(lg_code: str, n: int) -> None:
    for i in range(n):
        make_user(f"s{i}.{lg_code}@test.jp", role=Role.MUNICIPAL_STAFF, organisation=org(lg_code))


def population(lg_code: str, value: int, by) -> None:
    source, _created = PopulationImport.objects.get_or_create(
        file_name="t", defaults={"reference_date": "2026-01-01", "uploaded_by": by}
    )
    Population.objects.create(
        organisation=org(lg_code), reference_date="2026-01-01", population=value, source=source
    )


def waiting(staff, lg_code: str, *, days_ago: int = 0) -> DispatchRequest:
    request = make_dispatch_request(
        staff, municipality=org(lg_code), status=S.WAITLISTED, title=f"{lg_code}の依頼"
    )
    changed = timezone.now() - datetime.timedelta(days=days_ago)
    DispatchRequest.objects.filter(pk=request.pk).update(status_changed_at=changed)
    return request


def order() -> list[str]:
    return [
        r.municipality.lg_code
        for r in DispatchRequest.objects.in_waitlist_order().select_related("municipality")
    ]


def test_fewer_reported_dx_staff_come_first_none_before_one_person_it(staff, coordinator, programme):
    for lg_code, count in [(KURE, 12), (AKIOTA, 1), (KITAHIROSHIMA, 0), (JINSEKI, 3)]:
        report(lg_code, count, coordinator)
        waiting(staff, lg_code)
    assert order() == [KITAHIROSHIMA, AKIOTA, JINSEKI, KURE]


def test_a_reported_count_outranks_a_larger_portal_staff_proxy_whatever_the_population(
    staff, coordinator, programme
):
    people(JINSEKI, 2)  # with the cast's staff: 3 municipal staff on the portal, nothing reported
    population(JINSEKI, 8_000, coordinator)
    report(KURE, 1, coordinator)  # a city of 200,000 that reported a one-person IT department
    population(KURE, 200_000, coordinator)
    town, city = waiting(staff, JINSEKI, days_ago=30), waiting(staff, KURE)
    assert list(DispatchRequest.objects.in_waitlist_order()) == [city, town]


def test_an_unreported_municipality_keeps_its_proxy_against_a_larger_reported_count(
    staff, coordinator, programme
):
    report(KURE, 40, coordinator)
    town, city = waiting(staff, JINSEKI), waiting(staff, KURE, days_ago=30)
    assert list(DispatchRequest.objects.in_waitlist_order()) == [town, city]


def test_equal_counts_go_to_the_smaller_population_then_the_longer_wait(staff, coordinator, programme):
    for lg_code in (KURE, AKIOTA, KITAHIROSHIMA):
        report(lg_code, 1, coordinator)
    population(KURE, 200_000, coordinator)
    population(AKIOTA, 5_800, coordinator)
    population(KITAHIROSHIMA, 5_800, coordinator)
    waiting(staff, KURE, days_ago=90)
    waiting(staff, AKIOTA, days_ago=1)
    waiting(staff, KITAHIROSHIMA, days_ago=10)
    assert order() == [KITAHIROSHIMA, AKIOTA, KURE]


def test_the_queue_says_why_in_japanese_and_names_the_fallback(client, staff, coordinator, programme):
    report(KURE, 1, coordinator)
    population(KURE, 3_200, coordinator)
    waiting(staff, KURE)
    waiting(staff, JINSEKI)
    sign_in(client, coordinator)
    page = client.get(reverse("talentpool:dispatch-list")).content.decode()
    page = page[page.index("順番待ち（空きが出たら上から）") :]
    assert "DX担当 1名（2026年4月1日現在）・人口 3,200人" in page
    assert "DX担当 未報告（ポータルの職員 1人で代用）・人口未登録" in page
    assert page.index(f"{KURE}の依頼") < page.index(f"{JINSEKI}の依頼")


def test_the_reason_reads_in_english(staff, coordinator, programme):
    report(KURE, 1, coordinator)
    population(KURE, 3_200, coordinator)
    waiting(staff, KURE)
    waiting(staff, JINSEKI)
    with translation.override("en"):
        reasons = [r.waitlist_priority for r in DispatchRequest.objects.in_waitlist_order()]
    assert reasons == [
        "1 DX staff member (as of April 1, 2026) · population 3,200",
        "DX staff not reported (1 portal user counted instead) · population not imported",
    ]


def test_the_queue_stays_flat_with_reported_and_unreported_municipalities(
    client, staff, coordinator, programme, django_assert_max_num_queries
):
    report(KURE, 2, coordinator)
    waiting(staff, KURE)
    waiting(staff, JINSEKI)
    sign_in(client, coordinator)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("talentpool:dispatch-list")).status_code == 200
    report(AKIOTA, 0, coordinator)
    people(KITAHIROSHIMA, 2)
    for lg_code in (KURE, JINSEKI, AKIOTA, KITAHIROSHIMA) * 6:
        waiting(staff, lg_code)
    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse("talentpool:dispatch-list")).content.decode()
    assert page.count("DX担当 ") >= 26
