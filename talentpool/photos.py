"""Talent photos: checked by content (Pillow), re-encoded without metadata, stored outside static.

The model's `Talent.photo` is an ImageField on the default storage (MEDIA_ROOT, which no URL serves);
the photo view hands a file out only to people who may see the profile. The form's PhotoField refuses
an oversized upload from its size before reading it, then checks it by content (Pillow's verify() and a
format whitelist); `clean_photo` checks again for any other caller and re-encodes (which drops EXIF,
GPS position included).
"""

from __future__ import annotations

import io
import uuid

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from talentpool.exceptions import TalentPoolError

MAX_BYTES = 3 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
SIDE = 800
FOLDER = "talent-photos"

NOT_AN_IMAGE = gettext_lazy("画像として読み取れないファイルです。JPEG・PNG・WebP形式の写真を選んでください。")
TOO_LARGE = gettext_lazy("写真のファイルが大きすぎます（3MBまで）。")
WRONG_FORMAT = gettext_lazy("写真はJPEG・PNG・WebP形式の画像にしてください。")


def photo_upload_to(instance, filename: str) -> str:
    """A random name: the uploaded file name (personal, arbitrary) is never used."""
    return f"{FOLDER}/{uuid.uuid4().hex}.jpg"


class PhotoField(forms.ImageField):
    """An ImageField that checks the size first (nothing is read), then the content, then the format."""

    default_validators = [
        FileExtensionValidator(["jpg", "jpeg", "png", "webp"], message=WRONG_FORMAT),
    ]
    default_error_messages = {"invalid_image": NOT_AN_IMAGE}

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": "image/jpeg,image/png,image/webp"}

    def to_python(self, data):
        if data and getattr(data, "size", 0) > MAX_BYTES:
            raise forms.ValidationError(TOO_LARGE, code="file_too_large")
        upload = super().to_python(data)
        if upload is not None and upload.image.format not in ALLOWED_FORMATS:
            raise forms.ValidationError(WRONG_FORMAT, code="format")
        return upload


def clean_photo(data: bytes) -> bytes:
    """Validate an image by size and content; return it re-encoded as JPEG, without any metadata."""
    if len(data) > MAX_BYTES:
        raise TalentPoolError(str(TOO_LARGE))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            if probe.width * probe.height > MAX_PIXELS:
                raise TalentPoolError(_("写真の画素数が大きすぎます。"))
            probe.verify()
        if image_format not in ALLOWED_FORMATS:
            raise TalentPoolError(str(WRONG_FORMAT))
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image.thumbnail((SIDE, SIDE))
            # Re-encoding drops EXIF and other metadata (camera, GPS position).
            clean = image.convert("RGB")
            output = io.BytesIO()
            clean.save(output, format="JPEG", quality=85)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise TalentPoolError(str(NOT_AN_IMAGE)) from error
    return output.getvalue()
