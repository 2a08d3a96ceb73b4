"""Profile photos: checked from their content and re-encoded (see cordee.core.images)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _

from cordee.core.images import normalise_image


def normalise_photo(upload: UploadedFile) -> SimpleUploadedFile:
    return normalise_image(
        upload,
        name="photo",
        quality=85,
        wrong_format=_("Send a JPEG, PNG or WebP image."),
        unreadable=_("This file is not an image we can read: send a JPEG, PNG or WebP photo."),
    )
