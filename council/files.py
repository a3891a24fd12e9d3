"""Material files: the type is decided by content (PDF, or an Office zip with its main part), the size
is limited, and files are stored outside static and served only through council.views.material_file."""

from __future__ import annotations

import io
import uuid
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from council.models import CouncilError, MaterialVersion

MAX_BYTES = 10 * 1024 * 1024  # below settings.MAX_REQUEST_BYTES, so the form can say why
OFFICE_PARTS = {
    "word/document.xml": MaterialVersion.Format.DOCX,
    "xl/workbook.xml": MaterialVersion.Format.XLSX,
    "ppt/presentation.xml": MaterialVersion.Format.PPTX,
}


def detect_format(data: bytes) -> str:
    """The material format of these bytes; CouncilError for anything else."""
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise CouncilError(_("PDFファイルが途中で切れているようです。保存し直してください。"))
        return MaterialVersion.Format.PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError) as error:
            raise CouncilError(_("Officeファイルとして読み取れません。保存し直してください。")) from error
        if "[Content_Types].xml" in names:
            for part, file_format in OFFICE_PARTS.items():
                if part in names:
                    return file_format
    raise CouncilError(
        _("資料はPDF、Word（.docx）、Excel（.xlsx）、PowerPoint（.pptx）のファイルにしてください。")
    )


def store_material_file(data: bytes) -> tuple[str, str]:
    """Check an uploaded material and store it; returns (storage name, format)."""
    if not data:
        raise CouncilError(_("ファイルが空です。"))
    if len(data) > MAX_BYTES:
        raise CouncilError(_("ファイルが大きすぎます（10MBまで）。"))
    file_format = detect_format(data)
    name = default_storage.save(f"council-materials/{uuid.uuid4().hex}.{file_format}", ContentFile(data))
    return name, file_format


def safe_file_name(name: str, file_format: str) -> str:
    """The uploaded name without folders or control characters, ending in the detected type."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?').strip()[:200]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem or 'material'}.{file_format}"
