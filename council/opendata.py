"""A meeting page's data as JSON: the meeting, its 議事次第, its materials (file type, size and URL)
and its minutes' state, built from the same context as the page, so it shows exactly what the
requester may read there."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from portal.labels import choice_label


def _when(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def _material(material, absolute, agenda_ids: set[int]) -> dict | None:
    current = material.current
    if current is None:  # a new material waiting for approval (only the secretariat reads it)
        return None
    return {
        "id": material.pk,
        "label": material.label,
        "kind": material.kind,
        "number": material.number,
        "title": material.title,
        # A line waiting for its first approval is not named, not even by its id.
        "agenda_item": material.agenda_item_id if material.agenda_item_id in agenda_ids else None,
        "audience": material.audience,
        "file": {
            "version": current.version,
            "format": current.file_format,
            "content_type": current.content_type,
            "size": current.size,
            "size_label": current.size_label,
            "name": current.file_name,
            "url": absolute(reverse("council:material-file", args=[material.pk, current.version])),
            "uploaded_at": _when(current.uploaded_at),
            "published_at": _when(current.published_at),
        },
        "earlier_versions": [
            {
                "version": v.version,
                "change_note": v.change_note,
                "url": absolute(reverse("council:material-file", args=[material.pk, v.version])),
            }
            for v in material.earlier_versions
        ],
    }


def _agenda_item(item, *, top: bool = True) -> dict:
    # The 議事次第 has two levels (the page prefetches the second); (1) (2) … have no children.
    return {
        "id": item.pk,
        "label": item.label,
        "title": item.title,
        "presenter": item.presenter,
        "duration_minutes": item.duration_minutes,
        "materials": [m.pk for m in item.shown_materials],
        "children": [_agenda_item(child, top=False) for child in item.children.all()] if top else [],
    }


def _minutes(minutes, absolute) -> dict | None:
    if minutes is None:
        return None
    return {
        "status": minutes.status,
        "status_label": str(choice_label(minutes, "status")),
        "published_at": _when(minutes.published_at),
        "summary": minutes.summary if minutes.status == minutes.Status.PUBLISHED else None,
        "url": absolute(reverse("council:minutes-detail", args=[minutes.meeting_id])),
    }


def meeting_data(page: dict, absolute) -> dict:
    """The JSON document of a meeting from the meeting page's context (permissions.meeting_page_for);
    `absolute` turns a path into a URL."""
    meeting = page["meeting"]
    return {
        "meeting": {
            "id": meeting.pk,
            "body": {"id": meeting.body_id, "name": meeting.body.name},
            "number": meeting.number,
            "title": str(meeting),
            "status": meeting.status,
            "status_label": str(choice_label(meeting, "status")),
            "starts_at": _when(meeting.starts_at),
            "ends_at": _when(meeting.ends_at),
            "venue": meeting.venue,
            "is_online": meeting.is_online,
            "audience": meeting.audience,
            "url": absolute(reverse("council:meeting-detail", args=[meeting.pk])),
            "calendar": absolute(reverse("council:meeting-calendar", args=[meeting.pk])),
        },
        "agenda": [_agenda_item(item) for item in page["agenda"]],
        "materials": [
            m
            for m in (_material(material, absolute, page["agenda_ids"]) for material in page["materials"])
            if m
        ],
        "minutes": _minutes(page["minutes"], absolute),
    }
