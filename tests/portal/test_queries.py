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


def test_dashboard_is_flat_in_what_awaits(client, coordinator, django_assert_max_num_queries):
    sign_in(client, coordinator)
    few = queries(client, "/dashboard/")
    municipalities = list(Organisation.objects.municipalities().filter(prefecture__lg_code=HIROSHIMA)[:10])
    for i, municipality in enumerate(municipalities):
        services.invite_person(
            organisation=municipality,
            role=Role.MUNICIPAL_STAFF,
            email=f"d{i}@test.jp",
            full_name="招待",
            by=coordinator,
        )
        services.preview_population_import(
            data=f"lg_code,population\n{municipality.lg_code},{i + 1}\n".encode(),
            file_name=f"p{i}.csv",
            reference_date="2026-01-01",
            prefecture=org(HIROSHIMA),
            by=coordinator,
        )
    with django_assert_max_num_queries(few):
        client.get("/dashboard/")


def test_framework_page_is_flat_in_its_members(client, coordinator, django_assert_max_num_queries):
    sign_in(client, coordinator)
    framework = org(HIROSHIMA).framework
    municipalities = list(Organisation.objects.municipalities().filter(prefecture__lg_code=HIROSHIMA)[:12])
    services.add_framework_member(
        framework=framework, municipality=municipalities[0], joined_on="2025-04-01", by=coordinator
    )
    few = queries(client, f"/frameworks/{HIROSHIMA}/")
    for municipality in municipalities[1:]:
        services.add_framework_member(
            framework=framework, municipality=municipality, joined_on="2025-04-01", by=coordinator
        )
    with django_assert_max_num_queries(few):
        client.get(f"/frameworks/{HIROSHIMA}/")


def test_organisation_page_with_population_figures_is_flat(client, admin_user, django_assert_max_num_queries):
    def load_year(year: int) -> None:
        source = PopulationImport.objects.create(
            reference_date=f"{year}-01-01", file_name=f"{year}.csv", uploaded_by=admin_user
        )
        Population.objects.bulk_create(
            Population(organisation=o, reference_date=f"{year}-01-01", population=1000 + year, source=source)
            for o in [org(HIROSHIMA), *org(HIROSHIMA).members_of_prefecture.all()]
        )

    load_year(2020)
    few = queries(client, f"/organisations/{HIROSHIMA}/")
    for year in range(2021, 2027):
        load_year(year)
    with django_assert_max_num_queries(few):
        client.get(f"/organisations/{HIROSHIMA}/")


def test_population_import_pages_are_flat(client, coordinator, django_assert_max_num_queries):
    sign_in(client, coordinator)
    first = services.preview_population_import(
        data=b"lg_code,population\n345458,1\n",
        file_name="a.csv",
        reference_date="2026-01-01",
        prefecture=org(HIROSHIMA),
        by=coordinator,
    )
    few_list, few_detail = (
        queries(client, "/population/import/"),
        queries(client, f"/population/import/{first.pk}/"),
    )
    codes = Organisation.objects.filter(prefecture__lg_code=HIROSHIMA).values_list("lg_code", flat=True)
    big = services.preview_population_import(
        data=("lg_code,population\n" + "\n".join(f"{c},{n}" for n, c in enumerate(codes, 1))).encode(),
        file_name="b.csv",
        reference_date="2026-01-01",
        prefecture=org(HIROSHIMA),
        by=coordinator,
    )
    for i in range(5):
        services.preview_population_import(
            data=b"lg_code,population\n345458,1\n",
            file_name=f"c{i}.csv",
            reference_date="2026-01-01",
            prefecture=org(HIROSHIMA),
            by=coordinator,
        )
    with django_assert_max_num_queries(few_list):
        client.get("/population/import/")
    with django_assert_max_num_queries(few_detail):
        client.get(f"/population/import/{big.pk}/")
