"""RFI and specification documents with their versions, the file view behind a permission check, and
the library of past projects' shareable specifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.uploads import CONTENT_TYPES
from procurement import forms, permissions
from procurement.exceptions import ProcurementError
from procurement.filters import LibraryFilter
from procurement.models import Document
from procurement.services import documents


@login_required
def document_list(request, pk: int):
    project = permissions.get_project_for(request, pk)
    own = permissions.own_participants(request.user, project)
    if not permissions.can_read_specification(request.user, project, own):
        raise PermissionDenied
    can_manage = permissions.can_manage_documents(request.user, project)
    context = {
        "project": project,
        "documents": project.documents.for_project_page(),
        "can_manage": can_manage,
        "form": forms.DocumentForm() if can_manage else None,
        "version_form": forms.DocumentVersionForm() if can_manage else None,
    }
    return render(request, "procurement/document_list.html", context)


@require_POST
@login_required
def document_create(request, pk: int):
    project = permissions.get_project_for(request, pk, manage=True)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        data, upload = form.cleaned_data, form.cleaned_data["file"]
        try:
            documents.add_document(
                project=project, kind=data["kind"], title=data["title"], shareable=data["shareable"],
                file_name=upload.name, data=upload.read(), by=request.user,
            )  # fmt: skip
            messages.success(request, _("文書を登録しました。"))
        except ProcurementError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("procurement:document-list", pk=pk)


@require_POST
@login_required
def document_version_create(request, pk: int):
    document = permissions.get_managed_document_for(request, pk)
    form = forms.DocumentVersionForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = documents.add_document_version(
                document=document, file_name=upload.name, data=upload.read(),
                change_note=form.cleaned_data["change_note"], by=request.user,
            )  # fmt: skip
            messages.success(request, _("第%(number)d版を登録しました。") % {"number": version.number})
        except ProcurementError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("procurement:document-list", pk=document.project_id)


@require_POST
@login_required
def document_share(request, pk: int):
    document = permissions.get_managed_document_for(request, pk)
    form = forms.ShareForm(request.POST)
    form.is_valid()
    try:
        documents.set_document_shareable(
            document=document, shareable=form.cleaned_data["shareable"], by=request.user
        )
        messages.success(request, _("共有の設定を保存しました。"))
    except ProcurementError as error:
        messages.error(request, str(error))
    return redirect("procurement:document-list", pk=document.project_id)


@require_GET
@login_required
def document_file(request, pk: int, number: int):
    version = permissions.get_document_version_for(request, pk, number)
    if not default_storage.exists(version.file):
        raise Http404
    response = FileResponse(
        default_storage.open(version.file, "rb"),
        content_type=CONTENT_TYPES[version.file_format],
        filename=version.file_name,
        as_attachment=version.file_format != "pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def library(request):
    queryset = Document.objects.visible_to(request.user).in_library()
    filterset = LibraryFilter(request.GET or None, queryset=queryset)
    page = Paginator(filterset.qs, 30).get_page(request.GET.get("page"))
    return render(request, "procurement/library.html", {"filter": filterset, "page": page})
