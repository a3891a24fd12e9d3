"""Material files: checked and stored by the portal's shared upload rules (portal/uploads.py: type by
content, size limit, outside static) and served only through council.views.material_file."""

from __future__ import annotations

from django.utils.translation import gettext as _

from council.models import CouncilError
from portal import uploads

MAX_BYTES = uploads.MAX_BYTES  # the shared limit, for the pages that state it


def _refused() -> str:
    return _("資料はPDF、Word（.docx）、Excel（.xlsx）、PowerPoint（.pptx）のファイルにしてください。")


def detect_format(data: bytes) -> str:
    """The material format of these bytes; CouncilError for anything else."""
    return uploads.detect_format(data, error=CouncilError, refused=_refused())


def store_material_file(data: bytes) -> tuple[str, str]:
    """Check an uploaded material and store it; returns (storage name, format)."""
    return uploads.store_upload(data, folder="council-materials", error=CouncilError, refused=_refused())


def safe_file_name(name: str, file_format: str) -> str:
    """The uploaded name without folders or control characters, ending in the detected type."""
    return uploads.safe_file_name(name, file_format, default="material")
