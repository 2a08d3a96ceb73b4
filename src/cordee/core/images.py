"""Uploaded images are checked from their content and re-encoded.

Re-encoding drops metadata (GPS position, camera serial) and anything hidden
after the image data; the result is at most ``MAX_SIDE`` pixels on its longer
side, PNG when it has transparency, JPEG otherwise.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 512
MAX_PIXELS = 40_000_000


def normalise_image(
    upload: UploadedFile, *, name: str, quality: int, wrong_format: str, unreadable: str
) -> SimpleUploadedFile:
    """Return ``upload`` re-encoded as ``name``.png or .jpg, or raise ValidationError."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(wrong_format)
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("This image has too many pixels: send a smaller one."))
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            has_alpha = image.mode in {"RGBA", "LA", "P"}
            converted = image.convert("RGBA" if has_alpha else "RGB")
            output = io.BytesIO()
            image_format = "PNG" if has_alpha else "JPEG"
            converted.save(output, format=image_format, quality=quality)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(unreadable) from None
    extension = "png" if image_format == "PNG" else "jpg"
    return SimpleUploadedFile(
        f"{name}.{extension}", output.getvalue(), content_type=f"image/{image_format.lower()}"
    )
