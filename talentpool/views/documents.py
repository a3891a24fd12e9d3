"""Printable forms of a dispatch request (様式Ⅰ・Ⅱ・Ⅲ), seen by whoever may see the request."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from talentpool.documents import document_data
from talentpool.permissions import get_dispatch_for


@login_required
def dispatch_document(request, pk: int, document: str):
    dispatch = get_dispatch_for(request, pk)
    return render(request, "talentpool/dispatch_document.html", document_data(dispatch, document))
