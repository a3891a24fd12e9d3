"""Date display as Japanese officials expect: 和暦 with the Western year in Japanese, ISO in English."""

import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import get_language

from portal.dates import era_year, wareki

register = template.Library()


@register.filter
def jdate(value) -> str:
    """令和5年（2023年）4月1日 in Japanese; 1 Apr 2023 (Reiwa 5) in English; '' for no date."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    if (get_language() or "ja").startswith("ja"):
        return wareki(value).replace("年", f"年（{value.year}年）", 1)
    _name, name_en, year = era_year(value)
    return f"{value.day} {value:%b} {value.year} ({name_en} {year})"


@register.filter
def timestamp(value) -> str:
    """When something happened, ISO-like in local time (2026-11-28 14:05) in every language."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
        return f"{value:%Y-%m-%d %H:%M}"
    return f"{value:%Y-%m-%d}"


@register.filter
def role_label(value: str) -> str:
    """A role's name in the active language, from its stored code."""
    from portal.models import Role

    try:
        return Role(value).label
    except ValueError:
        return value


@register.filter
def iso_date(value: str):
    """A date stored as ISO text (notification context) as a date, for |jdate."""
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.filter
def waiting_for(value) -> str:
    """How long something has waited, to the largest unit (「3日」, "3 days"), for the dashboard."""
    if not value:
        return ""
    return timesince(value, depth=1)
