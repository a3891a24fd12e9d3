"""A choice field's label: what `obj.get_FOO_display()` returns, without its cost.

Django's get_FOO_display builds a dict of every choice on each call, hashing each lazy label (a
translation lookup per choice); in a 50-row table that was a third of the rendering time. Here the
value→label map is built once per model field, its labels lazy, each translated when asked for.
Templates use it as `{{ obj|choice_label:"field" }}` (portal_labels), code as `choice_label(obj,
"field")`; tests/test_templates_use_choice_label.py keeps get_FOO_display out of both.
"""

from __future__ import annotations

from django.utils.functional import Promise

_labels: dict[tuple[type, str], tuple[str, dict]] = {}


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
    label = labels.get(value, value)
    # As get_FOO_display: a str in the active language (JSON and string concatenation need one).
    return str(label) if isinstance(label, Promise) else label
