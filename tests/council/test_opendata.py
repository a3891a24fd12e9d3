"""Each meeting page offers its data as JSON: the meeting, its 議事次第, its materials with file
type, size and URL, and its minutes' state — exactly what the requester may read, per audience."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from council import services
from council.models import Audience, Meeting, Minutes
from tests.council.factories import (
    JST,
    PDF,
    add_agenda_item,
    add_material,
    make_body,
    make_meeting,
    publish_minutes,
    replace,
    seat,
)
from tests.portal.factories import sign_in

PAST = datetime.datetime(2024, 9, 24, 10, 0, tzinfo=JST)


@pytest.fixture
def world(cast):
    secretariat, council_member = cast["secretariat"], cast["council_member"]
    body = make_body()
    speaker = seat(body, council_member, name="青木 誠")
    meeting = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED, starts_at=PAST)
    proceedings = add_agenda_item(meeting=meeting, by=secretariat, title="議事")
    item = add_agenda_item(meeting=meeting, by=secretariat, parent=proceedings, title="基本方針")
    public = add_material(meeting, secretariat, number="1", title="公開資料", agenda_item=item)
    replace(public, secretariat)
    add_material(meeting, secretariat, number="2", title="自治体向け", audience=Audience.LOCAL_GOVERNMENTS)
    add_material(meeting, secretariat, number="3", title="構成員限り", audience=Audience.MEMBERS)
    meeting = services.change_meeting_status(meeting=meeting, status=Meeting.Status.HELD, by=secretariat)
    services.add_remark(meeting=meeting, by=secretariat, speaker=speaker, speaker_name="座長", text="発言")
    services.save_minutes_summary(meeting=meeting, by=secretariat, summary="要旨")
    return {"meeting": meeting, "secretariat": secretariat}


def data(client, meeting) -> dict:
    response = client.get(reverse("council:meeting-json", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()


@pytest.mark.parametrize(
    ("who", "titles"),
    [
        (None, ["公開資料"]),
        ("staff", ["公開資料", "自治体向け"]),
        ("council_member", ["公開資料", "自治体向け", "構成員限り"]),
        ("secretariat", ["公開資料", "自治体向け", "構成員限り"]),
    ],
)
def test_each_audience_gets_only_the_materials_it_may_read(client, cast, world, who, titles):
    if who:
        sign_in(client, cast[who])
    document = data(client, world["meeting"])
    assert [m["title"] for m in document["materials"]] == titles
    first = document["materials"][0]
    assert first["label"] == "資料1" and first["file"]["format"] == "pdf"
    assert first["file"]["version"] == 2 and first["file"]["size"] == len(PDF)
    assert first["file"]["url"] == f"http://testserver/council/materials/{first['id']}/v2/"
    assert [v["change_note"] for v in first["earlier_versions"]] == [""]
    assert client.get(first["file"]["url"]).status_code == 200
    assert document["agenda"][0]["children"][0] | {"children": []} == {
        "id": document["agenda"][0]["children"][0]["id"],
        "label": "(1)",
        "title": "基本方針",
        "presenter": "",
        "duration_minutes": None,
        "materials": [first["id"]],
        "children": [],
    }
    assert document["meeting"]["starts_at"] == "2024-09-24T10:00:00+09:00"
    assert document["meeting"]["status"] == "held"
    # The draft minutes are the secretariat's alone; nobody else learns their state.
    if who == "secretariat":
        assert document["minutes"]["status"] == "draft" and document["minutes"]["summary"] is None
    else:
        assert document["minutes"] is None


def test_published_minutes_show_with_their_summary_and_unpublished_meetings_not_at_all(client, cast, world):
    secretariat, council_member = cast["secretariat"], cast["council_member"]
    minutes = services.change_minutes_status(
        minutes=Minutes.objects.get(meeting=world["meeting"]),
        status=Minutes.Status.CONFIRMING,
        by=secretariat,
        confirm_by=timezone.now() + datetime.timedelta(days=1),
    )
    services.confirm_remarks(minutes=minutes, by=council_member, corrections={})
    publish_minutes(minutes, secretariat)
    document = data(client, world["meeting"])
    assert document["minutes"]["status"] == "published" and document["minutes"]["summary"] == "要旨"
    assert document["meeting"]["status"] == "minutes_published"
    pending = make_meeting(world["meeting"].body, secretariat)
    services.change_meeting_status(meeting=pending, status=Meeting.Status.PENDING_APPROVAL, by=secretariat)
    assert client.get(reverse("council:meeting-json", args=[pending.pk])).status_code == 404
    page = client.get(reverse("council:meeting-detail", args=[world["meeting"].pk])).content.decode()
    assert reverse("council:meeting-json", args=[world["meeting"].pk]) in page
