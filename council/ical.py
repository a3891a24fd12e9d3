"""Meetings as iCalendar (RFC 5545), for calendar apps that subscribe to a council or add one meeting.

Written by hand: a calendar of meetings needs a dozen properties, and the output is checked in the
tests with the `icalendar` library that calendar tools use. Times are local to Asia/Tokyo with a
VTIMEZONE block (Japan has kept +09:00 without daylight saving since 1951), so clients show the
meeting at the Japanese time it was announced for.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse

from council.models import Meeting
from portal.labels import choice_label

TZID = "Asia/Tokyo"
JST = ZoneInfo(TZID)
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19510908T000000",
    "TZOFFSETFROM:+0900",
    "TZOFFSETTO:+0900",
    "TZNAME:JST",
    "END:STANDARD",
    "END:VTIMEZONE",
]
STATUS = {
    Meeting.Status.DRAFT: "TENTATIVE",
    Meeting.Status.PENDING_APPROVAL: "TENTATIVE",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newline escaped (RFC 5545 §3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space, never inside a character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _local(moment: datetime.datetime) -> str:
    return moment.astimezone(JST).strftime("%Y%m%dT%H%M%S")


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def uid(meeting: Meeting) -> str:
    """Stable for the life of the meeting, whatever changes: meeting-<pk>@<the portal's host>."""
    return f"meeting-{meeting.pk}@{urlsplit(settings.SITE_URL).hostname}"


def event(meeting: Meeting) -> list[str]:
    """The VEVENT lines of one meeting (its body must be loaded)."""
    url = settings.SITE_URL + reverse("council:meeting-detail", args=[meeting.pk])
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid(meeting)}",
        f"DTSTAMP:{_utc(meeting.updated_at)}",
        f"CREATED:{_utc(meeting.created_at)}",
        f"LAST-MODIFIED:{_utc(meeting.updated_at)}",
        f"SEQUENCE:{meeting.sequence}",
        f"DTSTART;TZID={TZID}:{_local(meeting.starts_at)}",
    ]
    if meeting.ends_at:
        lines.append(f"DTEND;TZID={TZID}:{_local(meeting.ends_at)}")
    lines += [
        f"SUMMARY:{escape(str(meeting))}",
        f"LOCATION:{escape(meeting.place)}",
        f"DESCRIPTION:{escape(choice_label(meeting, 'status') + chr(10) + url)}",
        f"URL:{url}",
        f"STATUS:{STATUS.get(meeting.status, 'CONFIRMED')}",
        "END:VEVENT",
    ]
    return lines


def calendar(meetings: Iterable[Meeting], *, name: str) -> str:
    """A VCALENDAR of the meetings, CRLF line endings, folded."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Regional DX Portal//Council meetings//JA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for meeting in meetings:
        lines += event(meeting)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
