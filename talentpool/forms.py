"""Talent pool forms."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _


class CapacityForm(forms.Form):
    month = forms.CharField(
        label=_("月"), widget=forms.DateInput(attrs={"type": "month"}), help_text=_("例：2026-05")
    )
    days = forms.DecimalField(label=_("稼働できる日数"), min_value=0, max_value=31, decimal_places=1)
    note = forms.CharField(
        label=_("備考"), required=False, max_length=200, help_text=_("例：年次休暇、他業務")
    )

    def clean_month(self):
        value = self.cleaned_data["month"]
        try:
            return datetime.date.fromisoformat(f"{value}-01")
        except ValueError as error:
            raise forms.ValidationError(_("月は「2026-05」の形で入力してください。")) from error
