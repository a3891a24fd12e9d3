"""What the council publishes, for machines: the Atom feed of public items (meetings announced,
materials and minutes published to the public) and iCalendar files of meetings."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from council import ical, permissions
from council.models import Material, Meeting, Minutes
from portal.labels import choice_label

FEED_SIZE = 30


def _published_at(item) -> object:
    """When an item reached the public: its approval (or publication), or its release time if later."""
    meeting = item if isinstance(item, Meeting) else item.meeting
    moments = [meeting.approved_at, item.release_at]
    if isinstance(item, Minutes):
        moments.append(item.published_at)
    if isinstance(item, Material):
        versions = item.cleared_versions
        moments.append(versions[-1].published_at if versions else None)
    return max(moment for moment in moments if moment is not None)


def public_items(now=None) -> list:
    """The newest meetings, materials and minutes anyone may read without signing in, newest first."""
    meetings = Meeting.objects.visible_to(None, now).for_list_page().order_by("-approved_at")[:FEED_SIZE]
    materials = (
        Material.objects.visible_to(None, now)
        .for_meeting_page(None, now)
        .select_related("meeting__body")
        .order_by("-meeting__approved_at", "-pk")[:FEED_SIZE]
    )
    minutes = (
        Minutes.objects.visible_to(None, now).select_related("meeting__body").order_by("-published_at")
    )[:FEED_SIZE]
    items = [*meetings, *materials, *minutes]
    return sorted(items, key=_published_at, reverse=True)[:FEED_SIZE]


class PublicFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("国・地方デジタル共通基盤推進連絡協議会 公開情報")
    subtitle = gettext_lazy("一般公開された会議の開催案内、資料、議事録")
    link = reverse_lazy("council:body-list")

    def items(self):
        return public_items()

    def item_title(self, item) -> str:
        if isinstance(item, Material):
            current = item.current
            return _("%(meeting)s %(label)s %(title)s [%(format)s %(size)s]") % {
                "meeting": item.meeting,
                "label": item.label,
                "title": item.title,
                "format": choice_label(current, "file_format"),
                "size": current.size_label,
            }
        if isinstance(item, Minutes):
            return _("%(meeting)s 議事録") % {"meeting": item.meeting}
        return _("%(meeting)s 開催案内") % {"meeting": item}

    def item_description(self, item) -> str:
        if isinstance(item, Minutes):
            return item.summary or _("議事録を公開しました。")
        meeting = item if isinstance(item, Meeting) else item.meeting
        when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
        return f"{choice_label(meeting, 'status')} / {when} / {meeting.place}"

    def item_link(self, item) -> str:
        if isinstance(item, Material):
            return reverse("council:material-file", args=[item.pk, item.current.version])
        if isinstance(item, Minutes):
            return reverse("council:minutes-detail", args=[item.meeting_id])
        return reverse("council:meeting-detail", args=[item.pk])

    def item_guid(self, item) -> str:
        # A tag URI, stable across 差替え (the file link changes with the version; the entry does not).
        host = urlsplit(settings.SITE_URL).hostname
        return f"tag:{host},2024:council/{type(item).__name__.lower()}/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return _published_at(item)

    def item_updateddate(self, item):
        if isinstance(item, Material):
            return max(_published_at(item), item.current.published_at)
        return max(_published_at(item), item.updated_at)


def _calendar_response(meetings, *, name: str, file_name: str) -> HttpResponse:
    response = HttpResponse(ical.calendar(meetings, name=name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{file_name}"'
    return response


def body_calendar(request, pk: int):
    body = permissions.get_body_for(request, pk)
    meetings = Meeting.objects.visible_to(request.user).filter(body=body).for_list_page()
    return _calendar_response(meetings, name=body.name, file_name=f"council-{body.pk}.ics")


def meeting_calendar(request, pk: int):
    meeting = permissions.get_meeting_for(request, pk)
    return _calendar_response([meeting], name=str(meeting), file_name=f"meeting-{meeting.pk}.ics")
