"""The registry of local vendors and civic-tech groups, now part of joint procurement."""

from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from portal.models import AuditEvent, Notification
from procurement.models import Vendor
from talentpool.models import SkillRole, SupportTheme
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
    return client.post("/procurement/vendors/new/", data)


def test_a_coordinator_registers_an_entry_and_everyone_signed_in_finds_it(client, coordinator, other_staff):
    sign_in(client, coordinator)
    response = add(client, unified_qualification="on")
    vendor = Vendor.objects.get()
    assert response.url == f"/procurement/vendors/{vendor.pk}/"
    assert AuditEvent.objects.filter(verb="vendor.saved").exists()
    sign_in(client, other_staff)
    for query in (
        {"q": "申請"},
        {"q": "api"},
        {"unified_qualification": "on"},
        {"role": SkillRole.objects.get(code="backend_engineer").pk},
    ):
        names = [v.name for v in client.get("/procurement/vendors/", query).context["page"]]
        assert names == ["デモ株式会社"], query
    assert [v.name for v in client.get("/procurement/vendors/", {"dmp_listed": "on"}).context["page"]] == []


def test_only_the_prefectures_coordinators_edit_it(client, coordinator, other_coordinator):
    sign_in(client, coordinator)
    add(client)
    vendor = Vendor.objects.get()
    sign_in(client, other_coordinator)
    assert client.get(f"/procurement/vendors/{vendor.pk}/edit/").status_code == 403
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


def test_old_talent_pool_addresses_redirect_permanently(client, coordinator):
    sign_in(client, coordinator)
    add(client)
    pk = Vendor.objects.get().pk
    for old, new in (
        ("/talent/vendors/", "/procurement/vendors/"),
        ("/talent/vendors/?q=api&dmp_listed=on", "/procurement/vendors/?q=api&dmp_listed=on"),
        ("/talent/vendors/new/", "/procurement/vendors/new/"),
        (f"/talent/vendors/{pk}/", f"/procurement/vendors/{pk}/"),
        (f"/talent/vendors/{pk}/edit/", f"/procurement/vendors/{pk}/edit/"),
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
        assert client.get(new).status_code == 200


def test_the_menu_entry_comes_from_procurement(client, staff, secretariat):
    sign_in(client, staff)
    assert 'href="/procurement/vendors/"' in client.get("/dashboard/").content.decode()
    sign_in(client, secretariat)  # a council's people never had the registry in their menu
    assert 'href="/procurement/vendors/"' not in client.get("/dashboard/").content.decode()


def _data_step():
    """talentpool 0013's data step (its module name starts with a digit)."""
    import importlib

    return importlib.import_module("talentpool.migrations.0013_vendor_moved_to_procurement")


def test_the_move_keeps_rows_and_relabels_the_content_type(coordinator, staff):
    """The content type reads talentpool.vendor, as on a live database before the move; the move's
    data step relabels the same row, so audit rows and notifications still find the vendor."""
    vendor = Vendor.objects.create(
        prefecture=org(HIROSHIMA), name="移行前からの登録", kind=Vendor.Kind.VENDOR
    )
    from procurement.services import vendors

    vendors.save_vendor(vendor=vendor, by=coordinator, roles=SkillRole.objects.all()[:1])
    type_id = ContentType.objects.get_for_model(Vendor).pk
    Notification.objects.create(
        recipient=staff,
        event="vendor.saved",
        category="procurement",
        target_type_id=type_id,
        target_id=vendor.pk,
    )
    # As on a live database before the move: the row still reads talentpool.vendor. Migrating the
    # whole graph back and forth inside a test is not possible once later migrations alter tables
    # with pending trigger events, so the data step itself runs, on the live registry.
    ContentType.objects.filter(pk=type_id).update(app_label="talentpool")
    ContentType.objects.clear_cache()
    _data_step().forwards(django_apps, connection.schema_editor())
    ContentType.objects.clear_cache()
    assert ContentType.objects.values_list("app_label", "model").get(pk=type_id) == ("procurement", "vendor")
    assert ContentType.objects.get_for_model(Vendor).pk == type_id
    event = AuditEvent.objects.get(verb="vendor.saved")
    assert event.target_type.get_object_for_this_type(pk=event.target_id) == vendor
    notification = Notification.objects.get(event="vendor.saved")
    assert notification.target_type.model_class() is Vendor
    vendor.refresh_from_db()
    assert [r.pk for r in vendor.roles.all()] == [SkillRole.objects.all()[0].pk]
