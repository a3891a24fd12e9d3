"""The system catalogue: uses derived from completed procurements, municipalities' own declarations
(their own municipality only, audited), the system page by prefecture and a coordinator's overview."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.models import AuditEvent, Organisation
from procurement.exceptions import ProcurementError
from procurement.models import Project, System, SystemUse
from procurement.services import catalogue
from tests.conftest import HIROSHIMA, JINSEKI, KURE, OKAYAMA, SHINJO, org
from tests.portal.factories import sign_in
from tests.procurement.factories import make_project, open_survey, set_visibility


@pytest.fixture
def system(db):
    return System.objects.create(
        name="住民基本台帳システム（標準準拠）", category="business", kind=System.Kind.STANDARD
    )


def _page(client, user, system):
    sign_in(client, user)
    response = client.get(reverse("procurement:system-detail", args=[system.pk]))
    assert response.status_code == 200
    return response


def _names(groups):
    return {prefecture.lg_code: [e.municipality.lg_code for e in entries] for prefecture, entries in groups}


def test_a_completed_procurement_lists_its_joined_participants_as_users(client, awarded, staff, system):
    Project.objects.filter(pk=awarded.pk).update(system=system)
    response = _page(client, staff, system)
    assert _names(response.context["groups"]) == {HIROSHIMA: [KURE, JINSEKI]}
    html = response.content.decode()
    assert reverse("portal:organisation-detail", args=[KURE]) in html
    assert awarded.title in html


def test_a_procurement_before_its_contract_makes_no_users(coordinator, staff, system):
    project = open_survey(make_project(coordinator), coordinator)
    Project.objects.filter(pk=project.pk).update(system=system)
    assert catalogue.users_by_prefecture(system, coordinator) == []


def test_procured_users_follow_the_projects_visibility(awarded, other_staff, coordinator, system):
    Project.objects.filter(pk=awarded.pk).update(system=system)
    set_visibility(awarded, "public", stage=Project.Status.CONTRACT)
    assert _names(catalogue.users_by_prefecture(system, other_staff)) == {HIROSHIMA: [KURE, JINSEKI]}
    set_visibility(awarded, "participants", stage=Project.Status.CONTRACT)
    assert catalogue.users_by_prefecture(system, other_staff) == []
    assert _names(catalogue.users_by_prefecture(system, coordinator)) == {HIROSHIMA: [KURE, JINSEKI]}


def test_staff_declare_and_end_their_own_use_audited(client, staff, system):
    sign_in(client, staff)
    url = reverse("procurement:system-use-create", args=[system.pk])
    client.post(url, {"municipality": org(JINSEKI).pk})
    use = SystemUse.objects.get(system=system, municipality=org(JINSEKI), ended_at__isnull=True)
    assert AuditEvent.objects.filter(verb="procurement.system_use_declared", actor=staff).count() == 1
    assert _names(catalogue.users_by_prefecture(system, staff)) == {HIROSHIMA: [JINSEKI]}
    client.post(reverse("procurement:system-use-end", args=[use.pk]))
    use.refresh_from_db()
    assert use.ended_at is not None and use.ended_by == staff
    assert AuditEvent.objects.filter(verb="procurement.system_use_ended", actor=staff).count() == 1
    assert catalogue.users_by_prefecture(system, staff) == []


def test_declaring_twice_is_refused(staff, system):
    catalogue.declare_use(system=system, municipality=org(JINSEKI), by=staff)
    with pytest.raises(ProcurementError):
        catalogue.declare_use(system=system, municipality=org(JINSEKI), by=staff)
    assert SystemUse.objects.count() == 1


def test_nobody_declares_or_ends_for_another_municipality(client, staff, other_staff, system):
    with pytest.raises(ProcurementError):
        catalogue.declare_use(system=system, municipality=org(JINSEKI), by=other_staff)
    sign_in(client, other_staff)
    client.post(reverse("procurement:system-use-create", args=[system.pk]), {"municipality": org(JINSEKI).pk})
    assert not SystemUse.objects.exists()
    use = catalogue.declare_use(system=system, municipality=org(JINSEKI), by=staff)
    response = client.post(reverse("procurement:system-use-end", args=[use.pk]))
    assert response.status_code == 404
    with pytest.raises(ProcurementError):
        catalogue.end_use(use=use, by=other_staff)
    use.refresh_from_db()
    assert use.ended_at is None


def test_the_catalogue_filters_by_category_kind_and_keyword(client, staff, system):
    System.objects.create(name="公共施設予約", category="tool", kind="other", vendor_name="株式会社予約")
    System.objects.create(name="共通の電子申請", category="tool", kind="national_saas")
    sign_in(client, staff)

    def names(**query):
        found = client.get(reverse("procurement:system-list"), query).context["filter"].qs
        return sorted(s.name for s in found)

    assert names(category="business") == [system.name]
    assert names(kind="national_saas") == ["共通の電子申請"]
    assert names(q="株式会社予約") == ["公共施設予約"]
    assert len(names()) == 3


def test_a_coordinator_sees_who_in_the_prefecture_uses_what(
    client, awarded, coordinator, other_staff, system
):
    Project.objects.filter(pk=awarded.pk).update(system=system)
    unused = System.objects.create(name="文書管理", category="general_affairs", kind="other")
    catalogue.declare_use(system=unused, municipality=org(SHINJO), by=other_staff)  # 岡山県: not counted
    sign_in(client, coordinator)
    response = client.get(reverse("procurement:prefecture-systems", args=[HIROSHIMA]))
    rows = {row.system.name: row for row in response.context["rows"]}
    everyone = Organisation.objects.municipalities().filter(prefecture__lg_code=HIROSHIMA).count()
    assert [m.lg_code for m in rows[system.name].users] == [KURE, JINSEKI]
    assert rows[system.name].total == everyone and len(rows[system.name].others) == everyone - 2
    assert rows["文書管理"].users == [] and len(rows["文書管理"].others) == everyone
    assert response.context["rows"][0].system == system  # most used first


def test_another_prefectures_coordinator_may_not_read_the_overview(client, other_coordinator):
    sign_in(client, other_coordinator)
    assert client.get(reverse("procurement:prefecture-systems", args=[HIROSHIMA])).status_code == 403
    assert client.get(reverse("procurement:prefecture-systems", args=[OKAYAMA])).status_code == 200
