"""Attachments of a dispatch request (PDF and Office files): checked by their content, not their
name, and by size before they are read; stored outside static and served only through a view that
checks who may see the request."""

from __future__ import annotations

import io
import re
import uuid
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from talentpool.exceptions import TalentPoolError

MAX_BYTES = 10 * 1024 * 1024
# Extension → (content type, the zip part an Office Open XML file of that kind must contain).
KINDS = {
    "pdf": ("application/pdf", None),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/document.xml"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/workbook.xml"),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "ppt/presentation.xml",
    ),
}
UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def clean_name(name: str) -> str:
    """The file name as shown and offered for download: no path, no control characters."""
    base = UNSAFE.sub("_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip(" .")
    return base[-150:] or "attachment"


def check_attachment(name: str, size: int) -> str:
    """The extension of an acceptable upload, from its name and size (before reading it)."""
    if size > MAX_BYTES:
        raise TalentPoolError(_("添付ファイルが大きすぎます（10MBまで）。"))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in KINDS:
        raise TalentPoolError(
            _("添付できるのはPDF・Word・Excel・PowerPointのファイル（.pdf .docx .xlsx .pptx）です。")
        )
    return extension


def store_attachment(name: str, data: bytes) -> tuple[str, str]:
    """Check the content matches the kind its name claims and store it; (storage name, content type)."""
    extension = check_attachment(name, len(data))
    content_type, part = KINDS[extension]
    if part is None:
        valid = data.startswith(b"%PDF-")
    else:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
            valid = "[Content_Types].xml" in names and part in names
        except (zipfile.BadZipFile, OSError, ValueError):
            valid = False
    if not valid:
        raise TalentPoolError(_("ファイルの中身が拡張子（.%(ext)s）と一致しません。") % {"ext": extension})
    stored = default_storage.save(f"dispatch-attachments/{uuid.uuid4().hex}.{extension}", ContentFile(data))
    return stored, content_type
