"""Materials: attaching one, replacing it (差替え), and serving its files to their audience only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import forms, permissions, services
from council.models import CouncilError, MaterialVersion
from council.views._actions import post_publication_action
from council.views.bodies import _posted


def _files(request):
    return request.FILES if request.method == "POST" else None


@login_required
def material_add(request, pk: int):
    meeting = permissions.get_meeting_for(request, pk, manage=True)
    form = forms.MaterialForm(_posted(request), _files(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            material = services.add_material(
                meeting=meeting, by=request.user, data=upload.read(), file_name=upload.name, **data
            )
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(label)sを登録しました。") % {"label": material.label})
            return redirect("council:meeting-detail", pk=meeting.pk)
    return render(request, "council/material_form.html", {"meeting": meeting, "form": form})


@login_required
def material_replace(request, pk: int):
    material = permissions.get_material_for(request, pk, manage=True)
    form = forms.ReplaceMaterialForm(_posted(request), _files(request))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = services.replace_material(
                material=material,
                by=request.user,
                data=upload.read(),
                file_name=upload.name,
                change_note=form.cleaned_data["change_note"],
            )
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(label)sを差し替えました（第%(version)d版）。")
                % {"label": material.label, "version": version.version},
            )
            return redirect("council:meeting-detail", pk=material.meeting_id)
    return render(request, "council/material_replace.html", {"material": material, "form": form})


def material_file(request, pk: int, version: int):
    material_version = permissions.get_material_version_for(request, pk, version)
    if not default_storage.exists(material_version.file):
        raise Http404
    response = FileResponse(
        default_storage.open(material_version.file, "rb"),
        content_type=material_version.content_type,
        filename=material_version.file_name,
        as_attachment=material_version.file_format != "pdf",
    )
    # Shared caches may keep only what anyone may read now: a public material of a members-only
    # meeting is not public.
    public = MaterialVersion.objects.visible_to(None).filter(pk=material_version.pk).exists()
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


@require_POST
@login_required
def material_version_status(request, pk: int, version: int):
    material_version = permissions.get_version_to_approve(request, pk, version)
    post_publication_action(
        request,
        material_version,
        services.change_version_status,
        done=_("資料の版の状態を変更しました。"),
        version=material_version,
    )
    return redirect("council:meeting-detail", pk=material_version.material.meeting_id)
