"""`{{ obj|choice_label:"field" }}`: what `obj.get_field_display` shows, without its cost.

Django's get_FOO_display builds a dict of every choice on each call, hashing each lazy label (a
translation lookup per choice); in a 50-row table that was a third of the rendering time. Here the
value→label map is built once per model field; labels stay lazy, so the active language applies.
Templates use it instead of get_FOO_display everywhere (tests/test_templates_use_choice_label.py).
"""

from __future__ import annotations

from django import template

register = template.Library()

_labels: dict[tuple[type, str], tuple[str, dict]] = {}


@register.filter
def choice_label(obj, field_name: str):
    if obj is None or obj == "":
        return ""
    key = (type(obj), field_name)
    found = _labels.get(key)
    if found is None:
        if not hasattr(obj, "_meta"):  # not a model instance: whatever it offers as a display
            return getattr(obj, f"get_{field_name}_display")()
        field = obj._meta.get_field(field_name)
        found = _labels[key] = (field.attname, dict(field.flatchoices))
    attname, labels = found
    value = getattr(obj, attname)
    return labels.get(value, value)
