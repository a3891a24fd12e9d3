"""Date and time as council pages print them: 和暦 with the Western year, and the time in JST."""

from django import template
from django.utils import timezone

from portal.templatetags.portal_dates import jdate

register = template.Library()


@register.filter
def jdatetime(value) -> str:
    """令和8年（2026年）12月24日 10:00 (JST); '' for no value."""
    if not value:
        return ""
    return f"{jdate(value)} {timezone.localtime(value):%H:%M}"
