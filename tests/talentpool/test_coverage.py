"""The coordinator's list of the prefecture's municipalities with no dispatch yet this fiscal year."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.dates import fiscal_year, today
from portal.models import Organisation, Population, PopulationImport, Role
from talentpool.models import DispatchRequest
from talentpool.services.coverage import municipalities_without_support
from tests.conftest import HIROSHIMA, JINSEKI, KURE, OKAYAMA, make_user, org
from tests.portal.factories import sign_in
from tests.talentpool.factories import make_dispatch_request

S = DispatchRequest.Status
pytestmark = pytest.mark.django_db
YEAR = fiscal_year(today())


def in_year(staff, municipality, status, *, year=YEAR):
    start = datetime.date(year, 6, 1)
    return make_dispatch_request(
        staff, municipality=municipality, status=status, start_date=start, end_date=start.replace(day=30)
    )


def listed(prefecture_code=HIROSHIMA, year=YEAR):
    return {m.lg_code for m in municipalities_without_support([org(prefecture_code)], year)}


@pytest.mark.parametrize("status", [S.APPROVED, S.ACTIVE, S.REPORTING, S.COMPLETED])
def test_a_municipality_with_a_booked_dispatch_this_year_is_supported(reference_data, staff, status):
    hiroshima_towns = set(
        Organisation.objects.municipalities()
        .filter(prefecture=org(HIROSHIMA))
        .values_list("lg_code", flat=True)
    )
    assert listed() == hiroshima_towns and JINSEKI in hiroshima_towns
    in_year(staff, org(JINSEKI), status)
    assert JINSEKI not in listed() and KURE in listed()


@pytest.mark.parametrize("status", [S.SCREENING, S.MATCHING, S.WAITLISTED, S.REJECTED, S.CANCELLED])
def test_requests_not_approved_and_last_years_dispatches_are_not_support_this_year(
    reference_data, staff, status
):
    in_year(staff, org(JINSEKI), status)
    in_year(staff, org(KURE), S.COMPLETED, year=YEAR - 1)
    assert {JINSEKI, KURE} <= listed()
    assert OKAYAMA not in listed() and not any(code.startswith("33") for code in listed())


def test_the_page_shows_population_staff_and_open_requests_smallest_first(client, coordinator, staff):
    source = PopulationImport.objects.create(
        reference_date="2026-01-01", file_name="t", uploaded_by=coordinator
    )
    Population.objects.create(
        organisation=org(KURE), reference_date="2026-01-01", population=200_000, source=source
    )
    Population.objects.create(
        organisation=org(JINSEKI), reference_date="2026-01-01", population=8_000, source=source
    )
    make_user("kure@test.jp", role=Role.MUNICIPAL_STAFF, organisation=org(KURE))
    make_user("kure2@test.jp", role=Role.MUNICIPAL_APPROVER, organisation=org(KURE))
    in_year(staff, org(JINSEKI), S.SCREENING)
    Organisation.objects.filter(pk=org(KURE).pk).update(dx_staff_count=3, dx_staff_as_of="2026-04-01")
    sign_in(client, coordinator)
    page = client.get(reverse("talentpool:dispatch-unsupported")).content.decode()
    assert page.index("神石高原町") < page.index("呉市")
    jinseki_row = page[page.index("神石高原町") : page.index("</tr>", page.index("神石高原町"))]
    kure_row = page[page.index("呉市") : page.index("</tr>", page.index("呉市"))]
    # 神石高原町 has not reported its DX staff: its portal staff stand in, as in the waitlist.
    assert "8,000" in jinseki_row and "未報告（ポータルの職員 1人）" in jinseki_row and ">1<" in jinseki_row
    assert (
        "200,000" in kure_row and "3名" in kure_row and "ポータルの職員" not in kure_row and ">0<" in kure_row
    )
    assert "未登録" in page  # the towns with no population imported
    assert (
        reverse("talentpool:dispatch-unsupported")
        in client.get(reverse("talentpool:dispatch-list")).content.decode()
    )


def test_the_page_is_flat_in_the_number_of_requests(
    client, coordinator, staff, django_assert_max_num_queries
):
    sign_in(client, coordinator)
    in_year(staff, org(JINSEKI), S.SCREENING)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("talentpool:dispatch-unsupported")).status_code == 200
    for code in (KURE, JINSEKI):
        for status in (S.SCREENING, S.MATCHING, S.APPROVED):
            in_year(staff, org(code), status)
    with django_assert_max_num_queries(len(few)):
        assert client.get(reverse("talentpool:dispatch-unsupported")).status_code == 200
