"""Organisation logos are checked from their content and re-encoded, like profile photos.

Re-encoding drops metadata and anything hidden after the image data. Logos
keep their proportions and transparency; the longer side is at most 512 pixels.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from cordee.accounts.photos import ALLOWED_FORMATS, MAX_PIXELS, MAX_SIDE


def normalise_logo(upload: UploadedFile) -> SimpleUploadedFile:
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(_("Send the logo as a JPEG, PNG or WebP image."))
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("This image has too many pixels: send a smaller one."))
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            has_alpha = image.mode in {"RGBA", "LA", "P"}
            converted = image.convert("RGBA" if has_alpha else "RGB")
            output = io.BytesIO()
            image_format = "PNG" if has_alpha else "JPEG"
            converted.save(output, format=image_format, quality=90)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image we can read: send the logo as a JPEG, PNG or WebP image.")
        ) from None
    extension = "png" if image_format == "PNG" else "jpg"
    return SimpleUploadedFile(
        f"logo.{extension}", output.getvalue(), content_type=f"image/{image_format.lower()}"
    )
