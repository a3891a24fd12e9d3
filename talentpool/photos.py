"""Talent photos: checked by content (Pillow), re-encoded without metadata, stored outside static."""

from __future__ import annotations

import io
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from talentpool.exceptions import TalentPoolError

MAX_BYTES = 3 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
SIDE = 800


def store_photo(data: bytes) -> str:
    """Validate an uploaded image and store a clean copy; returns its storage name."""
    if len(data) > MAX_BYTES:
        raise TalentPoolError(_("写真のファイルが大きすぎます（3MBまで）。"))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            if probe.width * probe.height > MAX_PIXELS:
                raise TalentPoolError(_("写真の画素数が大きすぎます。"))
            probe.verify()
        if image_format not in ALLOWED_FORMATS:
            raise TalentPoolError(_("写真はJPEG・PNG・WebP形式の画像にしてください。"))
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image.thumbnail((SIDE, SIDE))
            # Re-encoding drops EXIF and other metadata (camera, GPS position).
            clean = image.convert("RGB")
            output = io.BytesIO()
            clean.save(output, format="JPEG", quality=85)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise TalentPoolError(
            _("画像として読み取れないファイルです。JPEG・PNG・WebP形式の写真を選んでください。")
        ) from error
    return default_storage.save(f"talent-photos/{uuid.uuid4().hex}.jpg", ContentFile(output.getvalue()))


def delete_photo(name: str) -> None:
    if name and default_storage.exists(name):
        default_storage.delete(name)


def media_root() -> str:
    return str(settings.MEDIA_ROOT)
