"""Nothing reaches an audience unapproved: materials and 差替え versions uploaded after the meeting's
approval wait for another secretariat member's approval (pages, files, feeds, JSON, search)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council import services
from council.models import Audience, CouncilError, Material, MaterialVersion, Meeting, SearchEntry
from council.search_text import query_words
from council.views.feeds import public_items
from portal.models import AuditEvent, Notification
from tests.council.factories import (
    PDF,
    add_material,
    approve_version,
    colleague,
    make_body,
    make_meeting,
    replace,
    seat,
)
from tests.portal.factories import sign_in


def page(client, meeting) -> str:
    return client.get(reverse("council:meeting-detail", args=[meeting.pk])).content.decode()


def found(user, words: str) -> set[str]:
    rows = SearchEntry.objects.visible_to(user).matching(query_words(words))
    return set(rows.values_list("title", flat=True))


def test_versions_uploaded_before_the_meetings_approval_are_approved_with_it(secretariat):
    meeting = make_meeting(make_body(), secretariat)
    material = add_material(meeting, secretariat)
    replace(material, secretariat, approve=False)
    assert set(MaterialVersion.objects.values_list("status", flat=True)) == {"draft"}
    approver = colleague()
    services.change_meeting_status(meeting=meeting, status=Meeting.Status.PENDING_APPROVAL, by=secretariat)
    services.change_meeting_status(meeting=meeting, status=Meeting.Status.ANNOUNCED, by=approver)
    versions = MaterialVersion.objects.order_by("version")
    assert [(v.status, v.approved_by) for v in versions] == [("approved", approver)] * 2
    audits = AuditEvent.objects.filter(verb="council.material_version_status_changed")
    assert [(a.actor, a.data["from"], a.data["to"]) for a in audits] == [(approver, "draft", "approved")] * 2
    assert Material.objects.visible_to(None).get() == material


def test_a_material_added_after_approval_is_the_secretariats_until_a_colleague_approves_it(
    client, cast, django_capture_on_commit_callbacks
):
    secretariat, member = cast["secretariat"], cast["council_member"]
    body = make_body()
    seat(body, member)
    meeting = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    with django_capture_on_commit_callbacks(execute=True):
        material = add_material(meeting, secretariat, title="追加の資料", approve=False)
    version = material.versions.get()
    assert version.status == MaterialVersion.Status.PENDING_APPROVAL
    assert version.approval_requested_by == secretariat
    file_url = reverse("council:material-file", args=[material.pk, 1])
    json_url = reverse("council:meeting-json", args=[meeting.pk])
    for reader in (None, member):
        client.logout()
        if reader:
            sign_in(client, reader)
        assert "追加の資料" not in page(client, meeting)
        assert client.get(file_url).status_code == 404
        assert client.get(json_url).json()["materials"] == []
        assert found(reader, "追加") == set()
    assert material not in [i for i in public_items() if isinstance(i, Material)]
    client.logout()
    sign_in(client, secretariat)
    shown = page(client, meeting)
    assert "追加の資料" in shown and "承認待ち" in shown
    assert client.get(file_url).status_code == 200
    assert client.get(file_url)["Cache-Control"] == "private, no-store"

    approve_version(version)
    for reader in (None, member):
        client.logout()
        if reader:
            sign_in(client, reader)
        assert "追加の資料" in page(client, meeting)
        assert client.get(file_url).status_code == 200
        assert [m["title"] for m in client.get(json_url).json()["materials"]] == ["追加の資料"]
        assert found(reader, "追加") == {"資料1 追加の資料"}
    assert material in [i for i in public_items() if isinstance(i, Material)]


def test_a_pending_replacement_keeps_v1_current_and_attendees_hear_only_on_approval(
    client, cast, django_capture_on_commit_callbacks
):
    secretariat, member = cast["secretariat"], cast["council_member"]
    body = make_body()
    seat(body, member)
    meeting = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    material = add_material(meeting, secretariat, audience=Audience.MEMBERS)
    v2 = replace(material, secretariat, approve=False, change_note="P.3を訂正")
    assert not Notification.objects.filter(event="council.material_replaced").exists()
    for reader in (None, member, secretariat):
        current = Material.objects.visible_to(reader).for_meeting_page(reader).filter(pk=material.pk)
        if reader is None:
            assert not current.exists()  # members-only
            continue
        assert current.get().current.version == 1
    sign_in(client, member)
    assert client.get(reverse("council:material-file", args=[material.pk, 2])).status_code == 404
    assert "差替え済み" not in page(client, meeting)

    approver = colleague()
    services.change_version_status(version=v2, status="approved", by=approver)
    told = Notification.objects.get(event="council.material_replaced")
    assert told.recipient == member and told.context["version"] == 2
    assert Material.objects.visible_to(member).for_meeting_page(member).get().current.version == 2
    assert client.get(reverse("council:material-file", args=[material.pk, 2])).status_code == 200
    assert "差替え済み（第2版）" in page(client, meeting)


def test_the_uploader_may_not_approve_their_own_material_and_a_colleague_is_asked(rf, secretariat):
    from council.events import council_sections

    approver = colleague()
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    Notification.objects.all().delete()
    material = add_material(meeting, secretariat, approve=False)
    version = material.versions.get()
    assert [a.label for a in version.actions_for(secretariat)] == []
    assert [a.label for a in version.actions_for(approver)] == ["承認する", "差し戻す"]
    with pytest.raises(CouncilError, match="ご自身が登録した資料"):
        services.change_version_status(version=version, status="approved", by=secretariat)
    # The colleague is told (an inbox row, mail after commit) and sees it waiting, with its age.
    asked = Notification.objects.get(event="council.material_approval_requested")
    assert asked.recipient == approver and asked.context["label"] == "資料1"

    def section(user):
        request = rf.get("/dashboard/")
        request.user = user
        return next(s for s in council_sections(request) if s["title"] == "公開の承認待ち")

    (item,) = section(approver)["items"]
    assert item["url"].endswith(f"#material-{material.pk}") and item["since"] == version.approval_requested_at
    assert "前に依頼" in item["meta"] and "事務局 員" in item["meta"]
    assert section(secretariat)["items"] == []


def test_a_returned_version_stays_hidden_and_may_be_asked_again(secretariat):
    approver = colleague()
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    material = add_material(meeting, secretariat)
    v2 = replace(material, secretariat, approve=False)
    with pytest.raises(CouncilError, match="理由"):
        services.change_version_status(version=v2, status="draft", by=approver)
    v2 = services.change_version_status(version=v2, status="draft", by=approver, note="数値が誤り")
    returned = Notification.objects.get(event="council.material_publication_returned")
    assert returned.recipient == secretariat and returned.context["note"] == "数値が誤り"
    assert not MaterialVersion.objects.visible_to(None).filter(pk=v2.pk).exists()
    assert [a.label for a in v2.actions_for(secretariat)] == ["公開の承認を依頼する"]
    v2 = services.change_version_status(version=v2, status="pending_approval", by=secretariat)
    services.change_version_status(version=v2, status="approved", by=approver)
    assert MaterialVersion.objects.visible_to(None).filter(pk=v2.pk).exists()


def test_the_meeting_page_stays_flat_with_versions_waiting(
    client, secretariat, django_assert_max_num_queries
):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    sign_in(client, colleague())

    def fill(start: int, n: int) -> None:
        for i in range(start, start + n):
            material = add_material(meeting, secretariat, number=str(i), approve=i % 2 == 0)
            replace(material, secretariat, approve=False, data=PDF)

    fill(1, 1)
    url = reverse("council:meeting-detail", args=[meeting.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    fill(2, 6)
    with django_assert_max_num_queries(len(few)):
        assert "承認する" in client.get(url).content.decode()
