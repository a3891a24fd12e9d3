"""The project list's and the specification library's filters (django-filter): every filter lives in
the URL."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from procurement.models import Document, Project, System


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
