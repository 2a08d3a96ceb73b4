"""Evidence files: what a company may attach, told by the content, not the name."""

from __future__ import annotations

import zipfile
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024

OFFICE_TYPES = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def sniff_content_type(head: bytes, content: bytes) -> str | None:
    """The content type of an accepted file (PDF, PNG, JPEG, Office Open XML, OpenDocument),
    or ``None``."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(content)) as archive:
                names = archive.namelist()
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                    if mimetype.startswith("application/vnd.oasis.opendocument."):
                        return mimetype
                if "[Content_Types].xml" in names:
                    for prefix, content_type in OFFICE_TYPES.items():
                        if any(name.startswith(prefix) for name in names):
                            return content_type
        except zipfile.BadZipFile:
            return None
    return None


def checked_upload(upload: UploadedFile) -> str:
    """The content type of ``upload``; ``ValidationError`` when it is too large or of a
    kind that is not accepted."""
    if upload.size is None or upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB: reduce it or attach an extract.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    content_type = sniff_content_type(content[:16], content)
    if content_type is None:
        raise ValidationError(
            _(
                "This file is not a PDF, an image (PNG, JPEG) or an office document "
                "(Word, Excel, PowerPoint, LibreOffice): save it in one of these formats."
            )
        )
    return content_type
