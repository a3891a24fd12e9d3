"""The search page's talent cards, rendered once per content and kept in the `fragments` cache.

A card's key holds everything it shows that can change: the profile's update time (moved by any
change to the profile, its skills or themes), the free days of the shown months, the language and
whether the "この人材に依頼する" button is offered. Only the cards missing from the cache load their
skills and are rendered; a warm page costs one query for the free days.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from django.core.cache import caches
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.translation import get_language

from talentpool.models import CapacityMonth, Talent, TalentSkill


def free_days_of(talents: list[Talent], months: list[datetime.date]) -> dict[int, list]:
    """{talent pk: [(month, free days), ...]} for the months, by CapacityMonth's one rule."""
    rows = (
        CapacityMonth.objects.with_booked_days()
        .filter(talent__in=[t.pk for t in talents], month__in=months)
        .values_list("talent_id", "month", "free_days")
    )
    found = {(talent, month): free for talent, month, free in rows}
    return {t.pk: [(m, found.get((t.pk, m), Decimal(0))) for m in months] for t in talents}


def search_cards(talents: list[Talent], *, months: list[datetime.date], can_request: bool) -> list[str]:
    """The rendered card of each talent, in order."""
    cache = caches["fragments"]
    free = free_days_of(talents, months)
    language = get_language()
    keys = {t.pk: _key(t, free[t.pk], language, can_request) for t in talents}
    cached = cache.get_many(list(keys.values()))
    missing = [t for t in talents if keys[t.pk] not in cached]
    prefetch_related_objects(
        missing,
        Prefetch(
            "skills", queryset=TalentSkill.objects.select_related("role", "level").order_by("role__order")
        ),
    )
    rendered = {
        keys[t.pk]: render_to_string(
            "talentpool/_talent_card.html", {"t": t, "free": free[t.pk], "can_request": can_request}
        )
        for t in missing
    }
    cache.set_many(rendered)
    return [cached.get(keys[t.pk]) or rendered[keys[t.pk]] for t in talents]


def _key(talent: Talent, free: list, language: str, can_request: bool) -> str:
    content = repr((talent.pk, talent.updated_at.isoformat(), free, language, can_request))
    return "talent-card:" + hashlib.blake2b(content.encode(), digest_size=16).hexdigest()
