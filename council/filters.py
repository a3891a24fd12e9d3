"""The council search (django-filter): the words and every filter live in the URL, so a search can be
shared; rows come from SearchEntry.objects.visible_to, the same rules as the pages."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from council.models import Body, BodyMember, Meeting, SearchEntry
from council.search_text import query_words
from portal.dates import fiscal_year_label

MAX_QUERY = 100


def fiscal_years_of(meetings) -> list[int]:
    """The fiscal years (April–March, JST) in which these meetings start, newest first."""
    tz = timezone.get_current_timezone()
    pairs = (
        meetings.annotate(y=ExtractYear("starts_at", tzinfo=tz), m=ExtractMonth("starts_at", tzinfo=tz))
        .order_by()
        .values_list("y", "m")
        .distinct()
    )
    return sorted({year if month >= 4 else year - 1 for year, month in pairs}, reverse=True)


class SearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("キーワード"),
        method="search",
        max_length=MAX_QUERY,
        help_text=_(
            "空白で区切ると、すべての語を含むものを探します。全角・半角や送り仮名の違いは区別しません。"
        ),
    )
    body = django_filters.ModelChoiceFilter(
        label=_("会議体"), queryset=Body.objects.order_by("parent_id", "pk"), field_name="body"
    )
    year = django_filters.ChoiceFilter(
        label=_("年度"), method="in_fiscal_year", empty_label=_("すべての年度")
    )
    kind = django_filters.ChoiceFilter(label=_("種類"), choices=SearchEntry.Kind.choices)
    speaker = django_filters.ModelChoiceFilter(
        label=_("発言者（議事録）"),
        queryset=BodyMember.objects.order_by("name", "pk"),
        field_name="speaker",
    )

    class Meta:
        model = SearchEntry
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        language = get_language() or "ja"
        years = fiscal_years_of(Meeting.objects.visible_to(user))
        self.filters["year"].extra["choices"] = [(str(y), fiscal_year_label(y, language)) for y in years]
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY})

    @property
    def words(self) -> list[str]:
        """The folded words of the query (empty when there is none or the form is invalid)."""
        if not self.is_bound or not self.form.is_valid():
            return []
        return query_words(self.form.cleaned_data.get("q") or "")

    def search(self, queryset, name, value):
        words = query_words(value)
        return queryset.matching(words) if words else queryset

    def in_fiscal_year(self, queryset, name, value):
        value = int(value)  # one of the choices, so digits
        tz = timezone.get_current_timezone()
        start = datetime.datetime(value, 4, 1, tzinfo=tz)
        end = datetime.datetime(value + 1, 4, 1, tzinfo=tz)
        return queryset.filter(starts_at__gte=start, starts_at__lt=end)
