"""The project list, project page and vendor registry issue a fixed number of queries, whatever the
amount of data."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Organisation, Role
from procurement.models import Vendor
from procurement.services import costs, surveys, vendors
from talentpool.models import SkillRole, SupportTheme
from tests.conftest import HIROSHIMA, make_user, org
from tests.portal.factories import sign_in
from tests.procurement.factories import ANSWER, make_project, open_survey, participant, set_populations


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_project_list_queries_do_not_grow(client, coordinator, django_assert_max_num_queries):
    sign_in(client, coordinator)
    for i in range(2):
        open_survey(make_project(coordinator, title=f"案件{i}"), coordinator)
    few = queries(client, reverse("procurement:project-list"))
    for i in range(15):
        open_survey(make_project(coordinator, title=f"追加{i}"), coordinator)
    with django_assert_max_num_queries(few):
        client.get(reverse("procurement:project-list"))


def test_project_page_queries_do_not_grow_with_participants(
    client, coordinator, django_assert_max_num_queries
):
    municipalities = list(
        Organisation.objects.municipalities().filter(prefecture__lg_code=HIROSHIMA).order_by("lg_code")
    )
    set_populations(coordinator, {m.lg_code: 1000 + i for i, m in enumerate(municipalities)})
    project = open_survey(make_project(coordinator), coordinator, codes=[m.lg_code for m in municipalities])
    costs.set_cost_rule(
        project=project,
        by=coordinator,
        values={
            "total_amount": 1_000_000,
            "unit": 1,
            "equal_weight": 50,
            "population_weight": 50,
            "volume_weight": 0,
            "population_exponent": 1,
            "volume_measure": "accounts",
        },
    )

    def answer_and_confirm(municipality):
        staff = make_user(
            f"s{municipality.lg_code}@t.jp", role=Role.MUNICIPAL_STAFF, organisation=municipality
        )
        approver = make_user(
            f"a{municipality.lg_code}@t.jp", role=Role.MUNICIPAL_APPROVER, organisation=municipality
        )
        answered = surveys.submit_answer(
            participant=participant(project, municipality.lg_code), answer=ANSWER, by=staff
        )
        surveys.decide_participant(participant=answered, to="confirmed", by=approver)

    for municipality in municipalities[:2]:
        answer_and_confirm(municipality)
    sign_in(client, coordinator)
    url = reverse("procurement:project-detail", args=[project.pk])
    few = queries(client, url)
    for municipality in municipalities[2:12]:
        answer_and_confirm(municipality)
    with django_assert_max_num_queries(few):
        page = client.get(url)
    assert page.context["costs"].total == 1_000_000 and len(page.context["costs"].rows) == 12


def add_vendor(coordinator, n: int) -> None:
    vendor = Vendor(prefecture=org(HIROSHIMA), name=f"ベンダー{n}", kind=Vendor.Kind.VENDOR)
    vendors.save_vendor(
        vendor=vendor,
        by=coordinator,
        roles=SkillRole.objects.all()[:2],
        themes=SupportTheme.objects.all()[:2],
    )


def test_vendor_list_is_flat(client, coordinator, staff, django_assert_max_num_queries):
    add_vendor(coordinator, 0)
    sign_in(client, staff)
    few = queries(client, "/procurement/vendors/")
    for n in range(1, 15):
        add_vendor(coordinator, n)
    with django_assert_max_num_queries(few):
        client.get("/procurement/vendors/")


def _systems_used_by(count: int, start: int, municipalities, by_code: dict) -> list:
    from procurement.models import System
    from procurement.services import catalogue

    made = []
    for i in range(start, start + count):
        system = System.objects.create(name=f"システム{i}", category="tool", kind="other")
        for municipality in municipalities:
            catalogue.declare_use(system=system, municipality=municipality, by=by_code[municipality.lg_code])
        made.append(system)
    return made


def _municipal_staff(codes):
    from tests.conftest import org

    return {
        code: make_user(f"cat{code}@t.jp", role=Role.MUNICIPAL_STAFF, organisation=org(code))
        for code in codes
    }


def test_catalogue_pages_queries_do_not_grow(client, coordinator, django_assert_max_num_queries):
    municipalities = list(
        Organisation.objects.municipalities().filter(prefecture__lg_code=HIROSHIMA).order_by("lg_code")
    )
    staff = _municipal_staff([m.lg_code for m in municipalities])
    sign_in(client, coordinator)
    (system,) = _systems_used_by(1, 0, municipalities[:2], staff)
    pages = [
        reverse("procurement:system-list"),
        reverse("procurement:system-detail", args=[system.pk]),
        reverse("procurement:prefecture-systems", args=[HIROSHIMA]),
    ]
    few = [queries(client, url) for url in pages]
    _systems_used_by(10, 1, municipalities, staff)
    from procurement.services import catalogue

    for municipality in municipalities[2:]:
        catalogue.declare_use(system=system, municipality=municipality, by=staff[municipality.lg_code])
    for url, count in zip(pages, few, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url)
