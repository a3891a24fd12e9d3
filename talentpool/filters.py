"""The talent search (django-filter): every filter lives in the URL, so a search can be shared."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from portal.dates import fiscal_year, fiscal_year_label, this_month, today
from portal.filters import OrganisationChoiceFilter
from portal.labels import choice_label
from portal.models import Organisation
from portal.textsearch import filter_words
from talentpool.models import (
    DispatchRequest,
    JobPosting,
    ProficiencyLevel,
    SkillRole,
    SupportTheme,
    Talent,
    TalentSkill,
    Taxonomy,
)


def only_true(queryset, name, value):
    """A checkbox filter: ticked keeps rows where the field is true; unticked filters nothing."""
    return queryset.filter(**{name: True}) if value else queryset


class MonthInput(forms.DateInput):
    input_type = "month"


STANDARD_SHORT = {Taxonomy.DSS_P: "DSS-P", Taxonomy.MIC: _("総務省")}


class RoleGroups(ModelChoiceIterator):
    """Roles grouped by standard and 人材類型 (<optgroup>), so DSS-P and MIC roles with similar
    names are told apart."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for role in self.queryset:
            label = gettext("%(standard)s：%(type)s") % {
                "standard": STANDARD_SHORT.get(role.type.taxonomy, choice_label(role.type, "taxonomy")),
                "type": role.type.label,
            }
            groups.setdefault(label, []).append(self.choice(role))
        yield from groups.items()


class RoleField(forms.ModelChoiceField):
    iterator = RoleGroups


class RoleFilter(django_filters.ModelChoiceFilter):
    field_class = RoleField


def skills_of_talent(*conditions, **lookups):
    """A talent's skills matching the conditions, for Exists() (no join that multiplies rows)."""
    return TalentSkill.objects.filter(*conditions, talent=OuterRef("pk"), **lookups)


def roles():
    return SkillRole.objects.select_related("type").order_by("type__taxonomy", "type__order", "order", "code")


class TalentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("キーワード"),
        method="search",
        help_text=_("氏名・よみがな・自己紹介・スキル・テーマから探します。"),
    )
    role = RoleFilter(label=_("ロール"), queryset=roles(), method="with_role")
    min_level = django_filters.ModelChoiceFilter(
        label=_("最低の習熟度"),
        queryset=ProficiencyLevel.objects.all(),
        method="at_least_level",
        help_text=_("ロールを選ばないときは、いずれかのロールでこの習熟度以上の人を探します。"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("支援テーマ"), queryset=SupportTheme.objects.all(), method="with_theme"
    )
    employment_form = django_filters.ChoiceFilter(
        label=_("任用・契約形態"), choices=Talent.EmploymentForm.choices
    )
    remote = django_filters.BooleanFilter(
        label=_("リモートで支援できる人だけ"), method="remote_only", widget=forms.CheckboxInput
    )
    prefecture = OrganisationChoiceFilter(
        label=_("人材プール（都道府県）"), queryset=Organisation.objects.prefectures()
    )
    free_from = django_filters.CharFilter(
        label=_("空きを調べる期間（開始月）"), method="noop", widget=MonthInput
    )
    free_to = django_filters.CharFilter(
        label=_("空きを調べる期間（終了月）"), method="noop", widget=MonthInput
    )
    min_free_days = django_filters.NumberFilter(
        label=_("期間中の空き日数（以上）"), method="free_days", min_value=0
    )
    sort = django_filters.OrderingFilter(
        label=_("並べ替え"),
        fields=(("name_kana", "kana"), ("free_days", "free"), ("updated_at", "updated")),
        field_labels={
            "kana": _("よみがな順"),
            "-free": _("空き日数の多い順"),
            "-updated": _("更新の新しい順"),
        },
        empty_label=_("よみがな順（既定）"),
    )

    class Meta:
        model = Talent
        fields = []

    def noop(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        """Free days are summed over the period only when someone filters or sorts by them."""
        data = self.form.cleaned_data
        if data.get("min_free_days") is not None or any("free" in key for key in data.get("sort") or ()):
            queryset = queryset.with_free_days(*self.period())
        return super().filter_queryset(queryset)

    def search(self, queryset, name, value):
        return filter_words(queryset, "search_text", value)

    def at_least_level(self, queryset, name, value):
        if not value or self.form.cleaned_data.get("role"):
            return queryset  # with a role, with_role applies the level to that role
        return queryset.filter(Exists(skills_of_talent(level__level__gte=value.level)))

    def with_role(self, queryset, name, value):
        level = self.form.cleaned_data.get("min_level")
        condition = Q(role=value)
        if level:
            condition &= Q(level__level__gte=level.level)
        return queryset.filter(Exists(skills_of_talent(condition)))

    def with_theme(self, queryset, name, value):
        through = Talent.themes.through
        return queryset.filter(Exists(through.objects.filter(talent=OuterRef("pk"), supporttheme=value)))

    def remote_only(self, queryset, name, value):
        if value:
            return queryset.filter(work_style__in=[Talent.WorkStyle.REMOTE, Talent.WorkStyle.BOTH])
        return queryset

    def free_days(self, queryset, name, value):
        return queryset.filter(free_days__gte=value) if value is not None else queryset

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The months the free-day filter and sort look at (default: the next three)."""
        today = this_month()
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        first = _month(data.get("free_from")) or today
        last = _month(data.get("free_to")) or _add_months(first, 2)
        return (first, last) if first <= last else (last, first)

    @property
    def period_swapped(self) -> bool:
        """The start month came after the end month: the search swapped them, and says so."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        first, last = _month(data.get("free_from")), _month(data.get("free_to"))
        return bool(first and last and first > last)


def _month(value: str | None) -> datetime.date | None:
    """The first day of a YYYY-MM month; None for anything else, or a year the portal has no use for
    (so that adding months to it can never leave the calendar)."""
    try:
        month = datetime.date.fromisoformat(f"{value}-01") if value else None
    except ValueError:
        return None
    return month if month is None or 1900 <= month.year <= 2200 else None


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    return datetime.date(day.year + index // 12, index % 12 + 1, 1)


class JobPostingFilter(django_filters.FilterSet):
    prefecture = OrganisationChoiceFilter(
        label=_("都道府県"), queryset=Organisation.objects.prefectures(), method="in_prefecture"
    )
    appointment = django_filters.ChoiceFilter(label=_("任用形態"), choices=JobPosting.Appointment.choices)
    role = RoleFilter(label=_("求めるロール"), queryset=roles(), field_name="roles_sought__role")
    remote_allowed = django_filters.BooleanFilter(
        label=_("リモート勤務可のみ"), method=only_true, widget=forms.CheckboxInput
    )
    side_job_allowed = django_filters.BooleanFilter(
        label=_("副業・兼業可のみ"), method=only_true, widget=forms.CheckboxInput
    )

    class Meta:
        model = JobPosting
        fields = []

    def in_prefecture(self, queryset, name, value):
        return queryset.filter(Q(organisation=value) | Q(organisation__prefecture=value))


def recent_fiscal_years() -> list[tuple[str, str]]:
    """This fiscal year and the three before it, labelled as officials write them (令和8年度)."""
    current = fiscal_year(today())
    language = get_language() or "ja"
    return [(str(y), fiscal_year_label(y, language)) for y in range(current, current - 4, -1)]


class DispatchRequestFilter(django_filters.FilterSet):
    """The request queue: by fiscal year (this one unless another or all are chosen), status, theme."""

    year = django_filters.ChoiceFilter(
        label=_("年度（希望開始日）"),
        choices=recent_fiscal_years,
        method="in_fiscal_year",
        empty_label=_("すべての年度"),
    )
    status = django_filters.ChoiceFilter(label=_("状態"), choices=DispatchRequest.Status.choices)
    theme = django_filters.ModelChoiceFilter(label=_("テーマ"), queryset=SupportTheme.objects.all())

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        data.setdefault("year", str(fiscal_year(today())))  # a choice of "all" sends year=""
        super().__init__(data, *args, **kwargs)

    def in_fiscal_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(
            start_date__gte=datetime.date(year, 4, 1), start_date__lt=datetime.date(year + 1, 4, 1)
        )

    class Meta:
        model = DispatchRequest
        fields = []
