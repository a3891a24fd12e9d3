"""The registry of local vendors and civic-tech groups."""

from portal.models import AuditEvent
from talentpool.models import SkillRole, SupportTheme, Vendor
from tests.conftest import HIROSHIMA, OKAYAMA, org
from tests.portal.factories import sign_in


def add(client, **extra):
    data = {
        "prefecture": org(HIROSHIMA).pk,
        "name": "デモ株式会社",
        "kind": "vendor",
        "roles": [SkillRole.objects.get(code="backend_engineer").pk],
        "themes": [SupportTheme.objects.get(code="e_application").pk],
        "description": "電子申請のＡＰＩ連携",
        **extra,
    }
    return client.post("/talent/vendors/new/", data)


def test_a_coordinator_registers_an_entry_and_everyone_signed_in_finds_it(client, coordinator, other_staff):
    sign_in(client, coordinator)
    response = add(client, unified_qualification="on")
    vendor = Vendor.objects.get()
    assert response.url == f"/talent/vendors/{vendor.pk}/"
    assert AuditEvent.objects.filter(verb="vendor.saved").exists()
    sign_in(client, other_staff)
    for query in (
        {"q": "申請"},
        {"q": "api"},
        {"unified_qualification": "on"},
        {"role": SkillRole.objects.get(code="backend_engineer").pk},
    ):
        names = [v.name for v in client.get("/talent/vendors/", query).context["page"]]
        assert names == ["デモ株式会社"], query
    assert [v.name for v in client.get("/talent/vendors/", {"dmp_listed": "on"}).context["page"]] == []


def test_only_the_prefectures_coordinators_edit_it(client, coordinator, other_coordinator):
    sign_in(client, coordinator)
    add(client)
    vendor = Vendor.objects.get()
    sign_in(client, other_coordinator)
    assert client.get(f"/talent/vendors/{vendor.pk}/edit/").status_code == 403
    response = add(client, prefecture=org(HIROSHIMA).pk, name="他県からの登録")
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()
    assert Vendor.objects.count() == 1
    add(client, prefecture=org(OKAYAMA).pk, name="岡山の登録")
    assert Vendor.objects.filter(prefecture=org(OKAYAMA)).count() == 1


def test_a_duplicate_name_is_refused_with_a_message(client, coordinator):
    sign_in(client, coordinator)
    add(client)
    response = add(client)
    assert response.status_code == 200
    assert Vendor.objects.count() == 1
