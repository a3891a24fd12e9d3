"""The Atom feed of public meetings (what anyone may read without signing in)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from council.models import Meeting


class PublicMeetingFeed(Feed):
    feed_type = Atom1Feed
    title = _("国・地方デジタル共通基盤推進連絡協議会 会議の公開情報")
    subtitle = _("公開された会議の開催案内と資料")
    link = reverse_lazy("council:body-list")

    def items(self):
        return Meeting.objects.visible_to(None).for_list_page()[:30]

    def item_title(self, item: Meeting) -> str:
        return str(item)

    def item_description(self, item: Meeting) -> str:
        when = timezone.localtime(item.starts_at).strftime("%Y-%m-%d %H:%M")
        return f"{item.get_status_display()} / {when} / {item.place}"

    def item_link(self, item: Meeting) -> str:
        return reverse("council:meeting-detail", args=[item.pk])

    def item_pubdate(self, item: Meeting):
        return item.release_at or item.created_at

    def item_updateddate(self, item: Meeting):
        return item.updated_at
