"""Uploaded documents (PDF and Office files), shared by every app that takes them: the type is decided
by content (`%PDF-` with its end marker, or an Office zip with its main part), never by the name; the
size is limited before the file is read; files are stored under a folder of the default storage
(MEDIA_ROOT, outside static) and served only through a view that checks who may read them."""

from __future__ import annotations

import io
import uuid
import zipfile

from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from portal.exceptions import PortalError

MAX_BYTES = 10 * 1024 * 1024  # below settings.MAX_REQUEST_BYTES, so the form can say why
OFFICE_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def detect_format(data: bytes, *, error: type[Exception] = PortalError, refused=None) -> str:
    """ "pdf", "docx", "xlsx" or "pptx" from the bytes themselves; `error(refused)` for anything else."""
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise error(_("PDFファイルが途中で切れているようです。保存し直してください。"))
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError) as problem:
            raise error(_("Officeファイルとして読み取れません。保存し直してください。")) from problem
        if "[Content_Types].xml" in names:
            for part, file_format in OFFICE_PARTS.items():
                if part in names:
                    return file_format
    raise error(
        refused or _("ファイルはPDF、Word（.docx）、Excel（.xlsx）、PowerPoint（.pptx）にしてください。")
    )


def store_upload(
    data: bytes, *, folder: str, error: type[Exception] = PortalError, refused=None
) -> tuple[str, str]:
    """Check an upload (not empty, not too large, a known type by content) and store it under
    `folder`; returns (storage name, format)."""
    if not data:
        raise error(_("ファイルが空です。"))
    if len(data) > MAX_BYTES:
        raise error(_("ファイルが大きすぎます（10MBまで）。"))
    file_format = detect_format(data, error=error, refused=refused)
    name = default_storage.save(f"{folder}/{uuid.uuid4().hex}.{file_format}", ContentFile(data))
    return name, file_format


def safe_file_name(name: str, file_format: str, *, default: str = "document") -> str:
    """The uploaded name without folders or control characters, ending in the detected type."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?').strip()[:200]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem or default}.{file_format}"


class UploadField(forms.FileField):
    """A document file, refused by size before it is read (its content is checked when stored)."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError(_("ファイルが大きすぎます（10MBまで）。"))
        return upload
