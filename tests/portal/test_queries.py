"""The spine's list pages issue a fixed number of queries, whatever the amount of data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import services
from portal.models import Organisation, Population, PopulationImport, Role
from tests.conftest import HIROSHIMA, make_user, org
from tests.portal.factories import sign_in


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_member_list_queries_do_not_grow(client, coordinator, django_assert_max_num_queries):
    sign_in(client, coordinator)
    municipalities = list(Organisation.objects.municipalities().filter(prefecture__lg_code=HIROSHIMA)[:20])
    for i, municipality in enumerate(municipalities[:2]):
        make_user(f"few{i}@test.jp", role=Role.MUNICIPAL_STAFF, organisation=municipality)
    few = queries(client, "/members/")
    for i, municipality in enumerate(municipalities):
        make_user(f"many{i}@test.jp", role=Role.MUNICIPAL_STAFF, organisation=municipality)
        services.invite_person(
            organisation=municipality,
            role=Role.MUNICIPAL_APPROVER,
            email=f"inv{i}@test.jp",
            full_name="招待",
            by=coordinator,
        )
    with django_assert_max_num_queries(few):
        client.get("/members/")


def test_organisation_list_and_home_are_flat(client, admin_user, django_assert_max_num_queries):
    few_list, few_home = queries(client, "/organisations/"), queries(client, "/")
    source = PopulationImport.objects.create(
        reference_date="2026-01-01", file_name="t", uploaded_by=admin_user
    )
    Population.objects.bulk_create(
        Population(organisation=o, reference_date="2026-01-01", population=1000, source=source)
        for o in org(HIROSHIMA).members_of_prefecture.all()
    )
    with django_assert_max_num_queries(few_list):
        client.get("/organisations/")
    with django_assert_max_num_queries(few_home):
        client.get("/")


def test_prefecture_page_is_flat_in_its_municipalities(client, db, django_assert_max_num_queries):
    few = queries(client, "/organisations/310000/")  # 鳥取県: 19 municipalities
    with django_assert_max_num_queries(few):
        client.get("/organisations/010006/")  # 北海道: 179 municipalities


def test_audit_log_is_flat(client, coordinator, django_assert_max_num_queries):
    sign_in(client, coordinator)
    framework = org(HIROSHIMA).framework
    services.update_framework(framework=framework, by=coordinator, changes={"name": "A"})
    few = queries(client, "/audit/")
    for i in range(30):
        services.update_framework(framework=framework, by=coordinator, changes={"name": f"B{i}"})
    with django_assert_max_num_queries(few):
        client.get("/audit/")
