"""Drive the Django admin's forms from a test client as a person would: the form as the page shows it."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from portal.models import AuditEvent


def admin_form_data(response) -> dict:
    """The POST data of the admin form on a page, as it stands (unchanged fields keep their values)."""
    form = response.context["adminform"].form
    data: dict = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        widget, value = field.widget, form[name].value()
        if isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value) if not isinstance(value, list) else value
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=True):
                data[name + suffix] = sub.format_value(part) or ""
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(field, forms.ModelMultipleChoiceField):
            data[name] = [str(getattr(item, "pk", item)) for item in value or []]
        elif value is None:
            data[name] = ""
        else:
            data[name] = str(getattr(value, "pk", value))
    return data


def change_in_admin(client, obj, **changes):
    """POST the admin change form of obj with these fields changed; returns the response."""
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = admin_form_data(client.get(url))
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = "on" if value is True else value
    return client.post(url, data)


def last_event(verb: str) -> AuditEvent:
    return AuditEvent.objects.filter(verb=verb).latest("pk")
