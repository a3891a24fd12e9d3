"""Site admins edit the skill taxonomies in the Django admin; every edit leaves an audit row."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from portal.models import AuditEvent
from talentpool.models import ProficiencyLevel, SkillRole, SkillType, SupportTheme, Talent
from tests.portal.admin_forms import admin_form_data, change_in_admin, last_event
from tests.portal.factories import sign_in
from tests.talentpool.factories import TalentFactory


@pytest.fixture
def signed_in_admin(client, admin_user):
    sign_in(client, admin_user)
    return admin_user


def test_a_skill_type_change_records_old_and_new_names(client, signed_in_admin):
    skill_type = SkillType.objects.order_by("pk").first()
    old = skill_type.name_en
    response = change_in_admin(client, skill_type, name_en="Business architect (renamed)")
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = last_event("admin.changed")
    assert event.actor == signed_in_admin
    assert event.target_id == str(skill_type.pk)
    assert event.data == {
        "fields": ["name_en"],
        "changes": {"name_en": {"from": old, "to": "Business architect (renamed)"}},
    }


def test_a_skill_role_moved_to_another_type_records_both_types_by_name(client, signed_in_admin):
    role = SkillRole.objects.select_related("type").order_by("pk").first()
    other_type = SkillType.objects.exclude(pk=role.type_id).order_by("pk").first()
    old_type = str(role.type)
    response = change_in_admin(client, role, type=str(other_type.pk))
    assert response.status_code == 302, response.context["adminform"].form.errors
    change = last_event("admin.changed").data["changes"]["type"]
    assert change == {"from": old_type, "to": str(other_type)}


def test_a_support_theme_change_records_the_order(client, signed_in_admin):
    theme = SupportTheme.objects.order_by("pk").first()
    response = change_in_admin(client, theme, order=str(theme.order + 50))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert last_event("admin.changed").data["changes"]["order"] == {
        "from": theme.order,
        "to": theme.order + 50,
    }


def test_a_proficiency_level_change_records_the_description(client, signed_in_admin):
    level = ProficiencyLevel.objects.get(level=1)
    response = change_in_admin(client, level, description="新しい説明")
    assert response.status_code == 302, response.context["adminform"].form.errors
    change = last_event("admin.changed").data["changes"]["description"]
    assert change == {"from": level.description, "to": "新しい説明"}


def test_a_support_theme_added_and_deleted_in_the_admin_is_audited_both_times(client, signed_in_admin):
    url = reverse("admin:talentpool_supporttheme_add")
    data = admin_form_data(client.get(url)) | {"code": "test-theme", "name": "試験", "name_en": "Test"}
    assert client.post(url, data).status_code == 302
    theme = SupportTheme.objects.get(code="test-theme")
    assert last_event("admin.added").data["changes"]["code"] == {"from": None, "to": "test-theme"}

    delete_url = reverse("admin:talentpool_supporttheme_delete", args=[theme.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not SupportTheme.objects.filter(pk=theme.pk).exists()
    event = last_event("admin.deleted")
    assert event.target_id == str(theme.pk)
    assert event.data["values"]["name"] == "試験"


def test_deleting_several_rows_with_the_admin_action_audits_each(client, signed_in_admin):
    themes = [
        SupportTheme.objects.create(code=f"bulk-{i}", name=f"一括{i}", name_en=f"Bulk {i}") for i in range(2)
    ]
    response = client.post(
        reverse("admin:talentpool_supporttheme_changelist"),
        {"action": "delete_selected", "_selected_action": [t.pk for t in themes], "post": "yes"},
    )
    assert response.status_code == 302
    deleted = AuditEvent.objects.filter(verb="admin.deleted").values_list("target_id", flat=True)
    assert sorted(deleted) == sorted(str(t.pk) for t in themes)


def test_the_talent_admin_is_read_only(client, signed_in_admin):
    talent = TalentFactory()
    before = AuditEvent.objects.count()
    url = reverse("admin:talentpool_talent_change", args=[talent.pk])
    response = client.post(url, {"display_name": "書き換え"})
    assert response.status_code == 403
    talent.refresh_from_db()
    assert talent.display_name != "書き換え"
    assert AuditEvent.objects.count() == before
    assert not admin.site._registry[Talent].has_delete_permission(response.wsgi_request)
