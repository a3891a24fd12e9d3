"""`{{ obj|choice_label:"field" }}`: what `obj.get_field_display` shows, without its cost (portal.labels)."""

from __future__ import annotations

from django import template

from portal.labels import choice_label as _choice_label

register = template.Library()


@register.filter
def choice_label(obj, field_name: str):
    return _choice_label(obj, field_name)
