"""Organisation logos: checked from their content and re-encoded like profile photos
(see cordee.core.images); they keep their proportions and transparency."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _

from cordee.core.images import normalise_image


def normalise_logo(upload: UploadedFile) -> SimpleUploadedFile:
    return normalise_image(
        upload,
        name="logo",
        quality=90,
        wrong_format=_("Send the logo as a JPEG, PNG or WebP image."),
        unreadable=_(
            "This file is not an image we can read: send the logo as a JPEG, PNG or WebP image."
        ),
    )
