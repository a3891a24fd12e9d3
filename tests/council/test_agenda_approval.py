"""Nothing reaches an audience unapproved: agenda items added, or approved ones changed, after the
meeting's approval wait for another secretariat member's approval (page, JSON, search)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council import services
from council.models import AgendaItem, CouncilError, Meeting, SearchEntry
from council.search_text import query_words
from portal.models import AuditEvent, Notification
from tests.council.factories import add_material, colleague, make_body, make_meeting, seat
from tests.portal.factories import sign_in


def page(client, meeting) -> str:
    return client.get(reverse("council:meeting-detail", args=[meeting.pk])).content.decode()


def agenda_json(client, meeting) -> list[dict]:
    return client.get(reverse("council:meeting-json", args=[meeting.pk])).json()["agenda"]


def found(user, words: str) -> set[str]:
    rows = SearchEntry.objects.visible_to(user).matching(query_words(words))
    return set(rows.values_list("title", flat=True))


def readers(client, *people):
    """Sign in as each reader in turn (None: the public)."""
    for reader in people:
        client.logout()
        if reader:
            sign_in(client, reader)
        yield reader


def approve(item, approver=None):
    return services.change_agenda_item_status(item=item, status="approved", by=approver or colleague())


def test_items_written_before_the_meetings_approval_are_approved_with_it(secretariat):
    meeting = make_meeting(make_body(), secretariat)
    services.add_agenda_item(meeting=meeting, by=secretariat, title="開会")
    services.add_agenda_item(meeting=meeting, by=secretariat, title="閉会")
    approver = colleague()
    services.change_meeting_status(meeting=meeting, status=Meeting.Status.PENDING_APPROVAL, by=secretariat)
    services.change_meeting_status(meeting=meeting, status=Meeting.Status.ANNOUNCED, by=approver)
    assert [(i.status, i.approved_by) for i in AgendaItem.objects.all()] == [("approved", approver)] * 2
    audits = AuditEvent.objects.filter(verb="council.agenda_item_status_changed")
    assert [(a.actor, a.data["to"]) for a in audits] == [(approver, "approved")] * 2
    assert AgendaItem.objects.visible_to(None).count() == 2


def test_an_item_added_after_approval_is_the_secretariats_until_a_colleague_approves_it(client, cast):
    secretariat, member = cast["secretariat"], cast["council_member"]
    body = make_body()
    seat(body, member)
    meeting = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    item = services.add_agenda_item(meeting=meeting, by=secretariat, title="追加議題")
    assert item.status == AgendaItem.Status.PENDING_APPROVAL and item.approval_requested_by == secretariat
    for reader in readers(client, None, member):
        assert "追加議題" not in page(client, meeting)
        assert agenda_json(client, meeting) == []
        assert found(reader, "追加議題") == set()
    for _reader in readers(client, secretariat):
        shown = page(client, meeting)
        assert "追加議題" in shown and "承認待ち" in shown
    assert found(secretariat, "追加議題") == {"追加議題"}

    approve(item)
    for reader in readers(client, None, member):
        assert "追加議題" in page(client, meeting)
        assert [i["title"] for i in agenda_json(client, meeting)] == ["追加議題"]
        assert found(reader, "追加議題") == {"追加議題"}


def test_a_change_after_approval_keeps_the_approved_text_until_a_colleague_approves_it(client, cast):
    secretariat, member = cast["secretariat"], cast["council_member"]
    meeting = make_meeting(make_body(), secretariat)
    proceedings = services.add_agenda_item(meeting=meeting, by=secretariat, title="議事")
    first = services.add_agenda_item(meeting=meeting, by=secretariat, parent=proceedings, title="旧題目")
    services.add_agenda_item(meeting=meeting, by=secretariat, parent=proceedings, title="二番目")
    meeting = make_meeting_announced(meeting, secretariat)

    first = services.change_agenda_item(
        item=first, by=secretariat, title="新題目", presenter="デジタル庁", duration_minutes=15, position=2
    )
    assert first.status == AgendaItem.Status.PENDING_APPROVAL
    assert first.proposed == {
        "title": "新題目",
        "presenter": "デジタル庁",
        "duration_minutes": 15,
        "position": 2,
    }
    for reader in readers(client, None, member):
        shown = page(client, meeting)
        assert "旧題目" in shown and "新題目" not in shown
        assert [c["title"] for c in agenda_json(client, meeting)[0]["children"]] == ["旧題目", "二番目"]
        assert found(reader, "旧題目") == {"(1) 旧題目"} and found(reader, "新題目") == set()
    for _reader in readers(client, secretariat):
        shown = page(client, meeting)
        assert "旧題目" in shown and "新題目" in shown and "承認待ち" in shown

    approve(first)
    first.refresh_from_db()
    assert (first.title, first.presenter, first.duration_minutes, first.position) == (
        "新題目",
        "デジタル庁",
        15,
        2,
    )
    assert first.proposed == {} and first.status == AgendaItem.Status.APPROVED
    for reader in readers(client, None, member):
        assert [c["title"] for c in agenda_json(client, meeting)[0]["children"]] == ["二番目", "新題目"]
        assert found(reader, "新題目") == {"(2) 新題目"} and found(reader, "旧題目") == set()


def make_meeting_announced(meeting, by):
    services.change_meeting_status(meeting=meeting, status=Meeting.Status.PENDING_APPROVAL, by=by)
    return services.change_meeting_status(meeting=meeting, status=Meeting.Status.ANNOUNCED, by=colleague())


def test_whoever_added_changed_or_asked_may_not_approve_and_a_colleague_is_asked(rf, secretariat):
    from council.events import council_sections

    approver = colleague()
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    Notification.objects.all().delete()
    item = services.add_agenda_item(meeting=meeting, by=secretariat, title="追加議題")
    assert [a.label for a in item.actions_for(secretariat)] == []
    assert [a.label for a in item.actions_for(approver)] == ["承認する", "差し戻す"]
    with pytest.raises(CouncilError, match="ご自身が追加・変更した議事次第の項目"):
        services.change_agenda_item_status(item=item, status="approved", by=secretariat)
    asked = Notification.objects.get(event="council.agenda_item_approval_requested")
    assert asked.recipient == approver and asked.context["title"] == "追加議題"
    assert asked.url.endswith(f"#agenda-item-{item.pk}")

    def section(user):
        request = rf.get("/dashboard/")
        request.user = user
        return next(s for s in council_sections(request) if s["title"] == "公開の承認待ち")

    (line,) = section(approver)["items"]
    assert "追加議題" in line["label"] and line["since"] == item.approval_requested_at
    assert "前に依頼" in line["meta"] and "事務局 員" in line["meta"]
    assert section(secretariat)["items"] == []

    # The colleague approves; their own later change must be approved by someone else again.
    item = approve(item, approver)
    item = services.change_agenda_item(item=item, by=approver, title="変更後")
    with pytest.raises(CouncilError, match="ご自身が追加・変更した"):
        approve(item, approver)
    approve(item, secretariat)
    assert AgendaItem.objects.visible_to(None).get().title == "変更後"


def test_a_returned_item_stays_hidden_and_may_be_asked_again(secretariat):
    approver = colleague()
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    item = services.add_agenda_item(meeting=meeting, by=secretariat, title="追加議題")
    with pytest.raises(CouncilError, match="理由"):
        services.change_agenda_item_status(item=item, status="draft", by=approver)
    item = services.change_agenda_item_status(item=item, status="draft", by=approver, note="題目が誤り")
    returned = Notification.objects.get(event="council.agenda_item_publication_returned")
    assert returned.recipient == secretariat and returned.context["note"] == "題目が誤り"
    assert not AgendaItem.objects.visible_to(None).exists()
    assert [a.label for a in item.actions_for(secretariat)] == ["公開の承認を依頼する"]
    item = services.change_agenda_item_status(item=item, status="pending_approval", by=secretariat)
    approve(item, approver)
    assert AgendaItem.objects.visible_to(None).exists()


def test_only_named_actions_are_taken_and_an_unchanged_edit_is_refused(secretariat):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    item = approve(services.add_agenda_item(meeting=meeting, by=secretariat, title="議事"))
    with pytest.raises(CouncilError, match="進められません"):
        services.change_agenda_item_status(item=item, status="pending_approval", by=secretariat)
    with pytest.raises(CouncilError, match="変更された内容がありません"):
        services.change_agenda_item(item=item, by=secretariat, title="議事")


def test_before_the_meetings_approval_a_change_applies_at_once(secretariat):
    meeting = make_meeting(make_body(), secretariat)
    first = services.add_agenda_item(meeting=meeting, by=secretariat, title="一")
    services.add_agenda_item(meeting=meeting, by=secretariat, title="二")
    services.change_agenda_item(item=first, by=secretariat, title="一改", position=2)
    assert list(meeting.agenda.order_by("position").values_list("title", "status")) == [
        ("二", "draft"),
        ("一改", "draft"),
    ]


def test_the_change_and_status_views(client, secretariat):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    item = approve(services.add_agenda_item(meeting=meeting, by=secretariat, title="議事"))
    sign_in(client, secretariat)
    url = reverse("council:agenda-item-change", args=[item.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "議事（修正）", "position": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "議事" and item.proposed == {"title": "議事（修正）"}
    client.logout()
    sign_in(client, colleague())
    status_url = reverse("council:agenda-item-status", args=[item.pk])
    assert client.post(status_url, {"status": "approved"}).status_code == 302
    item.refresh_from_db()
    assert item.title == "議事（修正）"


def test_the_meeting_page_stays_flat_with_items_waiting(client, secretariat, django_assert_max_num_queries):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    proceedings = approve(services.add_agenda_item(meeting=meeting, by=secretariat, title="議事"))
    sign_in(client, colleague())

    def fill(start: int, n: int) -> None:
        for i in range(start, start + n):
            item = services.add_agenda_item(
                meeting=meeting, by=secretariat, parent=proceedings, title=f"議題{i}"
            )
            if i % 2 == 0:
                approve(item)
                services.change_agenda_item(item=item, by=secretariat, title=f"議題{i}改")

    fill(1, 2)
    url = reverse("council:meeting-detail", args=[meeting.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    fill(3, 6)
    with django_assert_max_num_queries(len(few)):
        assert "承認する" in client.get(url).content.decode()


def test_a_material_under_a_line_waiting_does_not_name_it(client, secretariat):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    item = services.add_agenda_item(meeting=meeting, by=secretariat, title="追加議題")
    add_material(meeting, secretariat, agenda_item=item)
    materials = client.get(reverse("council:meeting-json", args=[meeting.pk])).json()["materials"]
    assert [m["agenda_item"] for m in materials] == [None]
    approve(item)
    materials = client.get(reverse("council:meeting-json", args=[meeting.pk])).json()["materials"]
    assert [m["agenda_item"] for m in materials] == [item.pk]


def test_a_line_changed_again_while_it_waits_tells_the_approvers_again(secretariat):
    """The approvers would otherwise approve what they read in the first notice."""
    approver = colleague()
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    Notification.objects.all().delete()
    item = services.add_agenda_item(meeting=meeting, by=secretariat, title="追加議題")
    item = services.change_agenda_item(item=item, by=secretariat, title="追加議題（修正）")
    told = Notification.objects.filter(event="council.agenda_item_approval_requested").order_by("pk")
    assert [(n.recipient, n.context["title"]) for n in told] == [
        (approver, "追加議題"),
        (approver, "追加議題（修正）"),
    ]
    assert item.status == AgendaItem.Status.PENDING_APPROVAL
