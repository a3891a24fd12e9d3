"""The project list's, the specification library's and the vendor registry's filters (django-filter):
every filter lives in the URL."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.filters import OrganisationChoiceFilter
from portal.models import Organisation
from portal.textsearch import fold
from procurement.models import Document, Project, System, Vendor
from talentpool.filters import RoleFilter, only_true, roles
from talentpool.models import SupportTheme


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("キーワード"), method="search", max_length=100)
    category = django_filters.ChoiceFilter(label=_("システムの分類"), choices=Project.Category.choices)
    status = django_filters.ChoiceFilter(label=_("段階"), choices=Project.Status.choices)

    class Meta:
        model = Project
        fields = ["q", "category", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class LibraryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("キーワード（文書名・案件名）"), method="search", max_length=100)
    category = django_filters.ChoiceFilter(
        label=_("システムの分類"), field_name="project__category", choices=Project.Category.choices
    )

    class Meta:
        model = Document
        fields = ["q", "category"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(project__title__icontains=value))


class VendorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("キーワード"), method="search")
    prefecture = OrganisationChoiceFilter(label=_("都道府県"), queryset=Organisation.objects.prefectures())
    kind = django_filters.ChoiceFilter(label=_("種別"), choices=Vendor.Kind.choices)
    role = RoleFilter(label=_("対応できるロール"), queryset=roles(), field_name="roles")
    theme = django_filters.ModelChoiceFilter(
        label=_("対応できるテーマ"), queryset=SupportTheme.objects.all(), field_name="themes"
    )
    unified_qualification = django_filters.BooleanFilter(
        label=_("全省庁統一資格ありのみ"), method=only_true, widget=forms.CheckboxInput
    )
    dmp_listed = django_filters.BooleanFilter(
        label=_("DMP掲載のみ"), method=only_true, widget=forms.CheckboxInput
    )

    class Meta:
        model = Vendor
        fields = []

    def search(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class SystemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("キーワード（名称・事業者・説明）"), method="search", max_length=100
    )
    category = django_filters.ChoiceFilter(label=_("システムの分類"), choices=Project.Category.choices)
    kind = django_filters.ChoiceFilter(label=_("種別"), choices=System.Kind.choices)

    class Meta:
        model = System
        fields = ["q", "category", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(vendor_name__icontains=value) | Q(description__icontains=value)
        )
