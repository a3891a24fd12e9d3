"""List filters of the portal spine (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.forms import OrganisationChoiceField
from portal.models import AuditEvent, Membership, Organisation, Role


class OrganisationChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter by organisation, named in the reader's language."""

    field_class = OrganisationChoiceField


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称・かな・コード"), method="search")
    prefecture = OrganisationChoiceFilter(
        label=_("都道府県"), queryset=Organisation.objects.prefectures(), method="in_prefecture"
    )
    kind = django_filters.ChoiceFilter(label=_("種別"), choices=Organisation.Kind.choices)

    class Meta:
        model = Organisation
        fields = ["q", "prefecture", "kind"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__contains=value) | Q(name_kana__contains=value) | Q(lg_code__startswith=value)
        )

    def in_prefecture(self, queryset, name, value):
        return queryset.in_prefecture(value)


class MembershipFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("氏名・メールアドレス"), method="search")
    role = django_filters.ChoiceFilter(label=_("役割"), choices=Role.choices)
    organisation = OrganisationChoiceFilter(label=_("団体"), queryset=Organisation.objects.none())

    class Meta:
        model = Membership
        fields = ["q", "role", "organisation"]

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.filters["organisation"].queryset = organisations

    def search(self, queryset, name, value):
        return queryset.filter(Q(user__full_name__icontains=value) | Q(user__email__icontains=value))


class AuditEventFilter(django_filters.FilterSet):
    verb = django_filters.CharFilter(label=_("操作"), lookup_expr="startswith")
    actor = django_filters.CharFilter(
        label=_("実行者のメールアドレス"), field_name="actor__email", lookup_expr="icontains"
    )
    since = django_filters.DateFilter(label=_("この日以降"), field_name="created_at", lookup_expr="date__gte")

    class Meta:
        model = AuditEvent
        fields = ["verb", "actor", "since"]
