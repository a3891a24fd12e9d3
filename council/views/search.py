"""The council search: public, and each signed-in person finds more, as far as their audiences reach."""

from __future__ import annotations

from django.shortcuts import render

from council.filters import SearchFilter
from council.models import SearchEntry
from portal.paging import CappedPaginator

PER_PAGE = 20


def search(request):
    filterset = SearchFilter(
        request.GET or None, queryset=SearchEntry.objects.visible_to(request.user), user=request.user
    )
    asked = filterset.is_bound and filterset.is_valid() and any(filterset.form.cleaned_data.values())
    page, words = None, filterset.words
    if asked:
        page = CappedPaginator(filterset.qs.for_results_page(), PER_PAGE).get_page(request.GET.get("page"))
        hits = SearchEntry.objects.filter(pk__in=[e.pk for e in page]).first_hits(words)
        for entry in page:
            entry.title_marked = entry.title_html(words)
            entry.snippet_marked = entry.snippet(words, *hits.get(entry.pk, (0, 0, [])))
    context = {
        "filter": filterset,
        "form": filterset.form,
        "page": page,
        "asked": asked,
        "cap": CappedPaginator.CAP,
    }
    return render(request, "council/search.html", context)
