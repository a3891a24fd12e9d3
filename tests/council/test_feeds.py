"""The council for machines: iCalendar per body and per meeting (parsed with `icalendar`, times in
Asia/Tokyo with a VTIMEZONE, stable UIDs, SEQUENCE and LAST-MODIFIED that move on a change,
cancellations marked) and the Atom feed of public items (parsed with `feedparser`); each shows only
what the requester may read."""

from __future__ import annotations

import datetime

import feedparser
import icalendar
from django.urls import reverse

from council import ical, services
from council.models import Audience, Meeting, Minutes
from tests.council.factories import (
    JST,
    add_material,
    colleague,
    make_body,
    make_meeting,
    publish_minutes,
    seat,
)
from tests.portal.factories import sign_in

PAST = datetime.datetime(2024, 9, 24, 10, 0, tzinfo=JST)


def events(response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    parsed = icalendar.Calendar.from_ical(response.content.decode())
    return {str(event["UID"]): event for event in parsed.walk("VEVENT")}


def test_the_body_calendar_parses_in_japan_time_with_only_what_the_reader_may_see(
    client, secretariat, council_member
):
    body = make_body()
    seat(body, council_member)
    public = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    members = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED, audience=Audience.MEMBERS)
    draft = make_meeting(body, secretariat)
    url = reverse("council:body-calendar", args=[body.pk])
    response = client.get(url)
    text = response.content.decode()
    assert "DTSTART;TZID=Asia/Tokyo:20261224T100000" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    parsed = icalendar.Calendar.from_ical(text)
    (zone,) = parsed.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Tokyo"
    assert list(events(response)) == [f"meeting-{public.pk}@127.0.0.1"]
    event = events(response)[f"meeting-{public.pk}@127.0.0.1"]
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert event.decoded("DTSTART") == datetime.datetime(2026, 12, 24, 10, 0, tzinfo=JST)
    assert str(event["SUMMARY"]) == str(public) and str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]).endswith(reverse("council:meeting-detail", args=[public.pk]))
    sign_in(client, council_member)
    assert set(events(client.get(url))) == {ical.uid(public), ical.uid(members)}
    sign_in(client, secretariat)
    seen = events(client.get(url))
    assert set(seen) == {ical.uid(public), ical.uid(members), ical.uid(draft)}
    assert str(seen[ical.uid(draft)]["STATUS"]) == "TENTATIVE"


def test_a_change_moves_sequence_and_last_modified_and_a_cancellation_is_marked(client, secretariat):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    url = reverse("council:meeting-calendar", args=[meeting.pk])
    # As if announced an hour ago (LAST-MODIFIED has whole seconds).
    Meeting.objects.filter(pk=meeting.pk).update(updated_at=meeting.updated_at - datetime.timedelta(hours=1))
    before = events(client.get(url))[ical.uid(meeting)]
    services.change_meeting_status(
        meeting=meeting, status=Meeting.Status.CANCELLED, by=secretariat, note="台風の接近のため"
    )
    after = events(client.get(url))[ical.uid(meeting)]
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED") + datetime.timedelta(minutes=59)
    assert str(after["STATUS"]) == "CANCELLED"


def test_a_meeting_calendar_is_there_only_for_who_may_read_the_meeting(client, secretariat, staff):
    meeting = make_meeting(make_body(), secretariat)
    url = reverse("council:meeting-calendar", args=[meeting.pk])
    assert client.get(url).status_code == 404
    services.change_meeting_status(meeting=meeting, status=Meeting.Status.PENDING_APPROVAL, by=secretariat)
    assert client.get(url).status_code == 404
    local = make_meeting(
        make_body("地方公共団体向け説明会"), secretariat, status=Meeting.Status.ANNOUNCED,
        audience=Audience.LOCAL_GOVERNMENTS,
    )  # fmt: skip
    local_url = reverse("council:meeting-calendar", args=[local.pk])
    assert client.get(local_url).status_code == 404
    sign_in(client, staff)
    assert list(events(client.get(local_url))) == [ical.uid(local)]
    page = client.get(reverse("council:meeting-detail", args=[local.pk])).content.decode()
    assert local_url in page


def test_long_japanese_text_is_folded_between_characters_and_escaped():
    line = "SUMMARY:" + ical.escape(
        "国・地方デジタル共通基盤推進連絡協議会；共通SaaS, ワーキンググループ\n第1回" * 2
    )
    folded = ical.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
    parsed = icalendar.Calendar.from_ical(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n" + folded + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert str(parsed.walk("VEVENT")[0]["SUMMARY"]).startswith(
        "国・地方デジタル共通基盤推進連絡協議会；共通SaaS, "
    )


def test_the_atom_feed_parses_and_lists_only_public_items(client, secretariat, council_member):
    body = make_body()
    speaker = seat(body, council_member)
    held = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED, starts_at=PAST)
    add_material(held, secretariat, number="1", title="公開資料")
    add_material(held, secretariat, number="2", title="構成員限りの案", audience=Audience.MEMBERS)
    held = services.change_meeting_status(meeting=held, status=Meeting.Status.HELD, by=secretariat)
    services.add_remark(meeting=held, by=secretariat, speaker=speaker, speaker_name="座長", text="発言")
    services.save_minutes_summary(meeting=held, by=secretariat, summary="共通化の候補を議論した。")
    pending = make_meeting(body, secretariat)
    services.change_meeting_status(meeting=pending, status=Meeting.Status.PENDING_APPROVAL, by=secretariat)

    def entries():
        response = client.get(reverse("council:meeting-feed"))
        feed = feedparser.parse(response.content)
        assert not feed.bozo and feed.version == "atom10"
        return {entry.title: entry for entry in feed.entries}

    titles = entries()
    assert set(titles) == {f"{held} 開催案内", f"{held} 資料1 公開資料 [PDF 1KB]"}
    material = titles[f"{held} 資料1 公開資料 [PDF 1KB]"]
    assert material.link.endswith("/v1/") and material.id.startswith("tag:")
    minutes = Minutes.objects.get(meeting=held)
    minutes = services.change_minutes_status(
        minutes=minutes,
        status=Minutes.Status.CONFIRMING,
        by=secretariat,
        confirm_by=datetime.datetime.now(tz=JST) + datetime.timedelta(days=1),
    )
    services.confirm_remarks(minutes=minutes, by=council_member, corrections={})
    publish_minutes(minutes, secretariat, approver=colleague())
    titles = entries()
    assert titles[f"{held} 議事録"].summary == "共通化の候補を議論した。"
    assert len({entry.id for entry in titles.values()}) == len(titles) == 3
    assert not any("構成員限り" in title or str(pending) in title for title in titles)
