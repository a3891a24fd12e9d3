"""The Django admin is audited like every other door: who changed which field from what to what."""

from __future__ import annotations

import json

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.urls import reverse

from portal.admin import AuditedModelAdmin
from portal.models import (
    AuditEvent,
    Delivery,
    Invitation,
    Membership,
    Notification,
    Organisation,
    PopulationImport,
    RegionalFramework,
    User,
)
from tests.conftest import HIROSHIMA, make_user
from tests.portal.admin_forms import admin_form_data, change_in_admin, last_event
from tests.portal.factories import PASSWORD, sign_in


@pytest.fixture
def other_admin(db, reference_data):
    return make_user("other-admin@portal.test", name="別の 管理者", superuser=True, mfa=True)


def test_every_admin_of_the_portal_and_its_apps_is_audited():
    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in ("portal", "talentpool", "procurement")
        and not isinstance(model_admin, AuditedModelAdmin)
    ]
    assert unaudited == []


def test_an_organisation_change_records_each_field_with_old_and_new_values(client, admin_user):
    hiroshima = Organisation.objects.get(lg_code=HIROSHIMA)
    old_name_en = hiroshima.name_en
    sign_in(client, admin_user)
    response = change_in_admin(client, hiroshima, name_en="Hiroshima Prefecture (test)", latitude="34.396560")
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = last_event("admin.changed")
    assert event.actor == admin_user
    assert event.target_repr == "広島県"
    assert event.scope == hiroshima
    assert sorted(event.data["fields"]) == ["latitude", "name_en"]
    assert event.data["changes"]["name_en"] == {"from": old_name_en, "to": "Hiroshima Prefecture (test)"}
    assert event.data["changes"]["latitude"]["to"] == "34.396560"
    assert not AuditEvent.objects.filter(verb="organisation.renamed").exists()
    # Django's own LogEntry is kept beside it.
    assert LogEntry.objects.filter(object_id=str(hiroshima.pk), user=admin_user).exists()


def test_an_organisation_added_in_the_admin_is_audited(client, admin_user):
    sign_in(client, admin_user)
    url = reverse("admin:portal_organisation_add")
    data = admin_form_data(client.get(url)) | {"kind": Organisation.Kind.NATIONAL, "name": "デジタル庁"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = last_event("admin.added")
    assert event.target_repr == "デジタル庁"
    assert event.data["changes"]["name"] == {"from": None, "to": "デジタル庁"}


def test_saving_an_unchanged_form_writes_no_audit_row(client, admin_user):
    sign_in(client, admin_user)
    before = AuditEvent.objects.count()
    assert change_in_admin(client, Organisation.objects.get(lg_code=HIROSHIMA)).status_code == 302
    assert AuditEvent.objects.count() == before


def test_deactivating_a_user_records_is_active_from_true_to_false(client, admin_user, staff):
    sign_in(client, admin_user)
    response = change_in_admin(client, staff, is_active=False, full_name="神石 職員（退職）")
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = last_event("admin.changed")
    assert event.target_id == str(staff.pk)
    assert event.data["changes"]["is_active"] == {"from": True, "to": False}
    assert event.data["changes"]["full_name"] == {"from": "神石 職員", "to": "神石 職員（退職）"}
    assert Notification.objects.filter(event="account.admin_rights_changed").count() == 0


def test_a_superuser_grant_tells_every_other_admin_at_once_by_inbox_and_mail(
    client, admin_user, other_admin, staff, coordinator, django_capture_on_commit_callbacks
):
    sign_in(client, admin_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = change_in_admin(client, staff, is_staff=True, is_superuser=True)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = last_event("admin.changed")
    assert event.data["changes"]["is_superuser"] == {"from": False, "to": True}
    assert event.data["changes"]["is_staff"] == {"from": False, "to": True}

    told = Notification.objects.filter(event="account.admin_rights_changed")
    # The other admin and the person themself; not the admin who made the change, nor a bystander.
    assert sorted(told.values_list("recipient__email", flat=True)) == sorted([other_admin.email, staff.email])
    assert Delivery.objects.filter(notification__in=told, status=Delivery.Status.SENT).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([other_admin.email, staff.email])
    to_admin = next(m for m in mail.outbox if m.to == [other_admin.email])
    assert "神石 職員さんの管理者権限が変更されました" in to_admin.subject
    assert "サイト管理者の権限が付与されました" in to_admin.body
    assert "管理画面を利用する権限が付与されました" in to_admin.body
    assert admin_user.full_name in to_admin.body


def test_removing_staff_rights_is_announced_as_well(
    client, admin_user, other_admin, django_capture_on_commit_callbacks
):
    helper = make_user("helper@portal.test", name="補助 者")
    User.objects.filter(pk=helper.pk).update(is_staff=True)
    helper.refresh_from_db()
    sign_in(client, admin_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change_in_admin(client, helper, is_staff=False)
    assert last_event("admin.changed").data["changes"]["is_staff"] == {"from": True, "to": False}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([other_admin.email, helper.email])
    assert all("管理画面を利用する権限が外されました" in m.body for m in mail.outbox)


def test_a_password_set_in_the_admin_is_audited_without_its_hash(
    client, admin_user, staff, django_capture_on_commit_callbacks
):
    old_hash = staff.password
    sign_in(client, admin_user)
    url = reverse("admin:auth_user_password_change", args=[staff.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"password1": "a-new-secret-2026!", "password2": "a-new-secret-2026!"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("a-new-secret-2026!")
    event = last_event("admin.password_changed")
    assert event.actor == admin_user
    assert event.target_id == str(staff.pk)
    assert event.data["fields"] == ["password"]
    trail = json.dumps(list(AuditEvent.objects.values("data", "note")), ensure_ascii=False)
    for secret in (old_hash, staff.password, "a-new-secret-2026!"):
        assert secret not in trail
    # The person hears of it at once, as of any change to their security settings.
    assert [m.to for m in mail.outbox] == [[staff.email]]


def test_a_password_form_left_invalid_or_for_no_such_user_writes_nothing(client, admin_user, staff):
    sign_in(client, admin_user)
    url = reverse("admin:auth_user_password_change", args=[staff.pk])
    assert client.post(url, {"password1": "a-new-secret-2026!", "password2": "different"}).status_code == 200
    assert client.get(reverse("admin:auth_user_password_change", args=["no-such-user"])).status_code == 404
    assert not AuditEvent.objects.filter(verb="admin.password_changed").exists()


def test_a_user_added_in_the_admin_is_audited_without_the_password(client, admin_user):
    sign_in(client, admin_user)
    url = reverse("admin:portal_user_add")
    data = admin_form_data(client.get(url)) | {
        "email": "new@portal.test",
        "full_name": "新規 利用者",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = last_event("admin.added")
    assert event.data["changes"]["email"]["to"] == "new@portal.test"
    assert event.data["changes"]["password1"] == {"from": None, "to": "********"}
    user = User.objects.get(email="new@portal.test")
    assert PASSWORD not in json.dumps(event.data)
    assert user.password not in json.dumps(event.data)


@pytest.mark.parametrize(
    "model", [Membership, Invitation, RegionalFramework, PopulationImport, AuditEvent], ids=str
)
def test_read_only_admins_refuse_writes_and_so_leave_nothing_unaudited(client, admin_user, model):
    model_admin = admin.site._registry[model]
    sign_in(client, admin_user)
    before = AuditEvent.objects.count()
    response = client.post(reverse(f"admin:portal_{model._meta.model_name}_add"), {})
    assert response.status_code == 403
    assert AuditEvent.objects.count() == before
    assert not model_admin.has_change_permission(response.wsgi_request)
    assert not model_admin.has_delete_permission(response.wsgi_request)
