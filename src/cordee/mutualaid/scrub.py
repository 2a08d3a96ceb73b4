"""Files attached to a help request lose the hidden properties that name who made them.

A photo taken in the workshop carries the plant's GPS position; a Word, Excel or
OpenDocument file carries its author and company; a PDF, its author in its
information dictionary and XMP metadata. On a discreet request any of them
would tell readers who asks, so every attachment is stored without them: the
visible content is kept as it is.
"""

from __future__ import annotations

import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cordee.knowledge.attachments import DOCX, JPEG, ODT, PDF, PNG, WEBP, XLSX, FileType

# Office Open XML core properties with nobody named in them.
_EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
    b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)
# Elements of docProps/app.xml (OOXML) and meta.xml (OpenDocument) that name people or
# organisations.
_APP_NAMES = re.compile(rb"<(Company|Manager|HyperlinkBase)>.*?</\1>|<(Company|Manager)/>", re.S)
_ODF_NAMES = re.compile(
    rb"<(meta:initial-creator|dc:creator|meta:printed-by)>.*?</\1>"
    rb"|<meta:user-defined[^>]*>.*?</meta:user-defined>",
    re.S,
)


def scrub_upload(upload: UploadedFile, file_type: FileType) -> UploadedFile:
    """``upload`` without its identifying properties, under the same name.

    Raises ``ValidationError`` with what to do when the file cannot be rewritten.
    """
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        if file_type == PNG:
            cleaned = _png(data)
        elif file_type in (JPEG, WEBP):
            cleaned = _image(data)
        elif file_type in (DOCX, XLSX):
            cleaned = _zip(
                data,
                {
                    "docProps/core.xml": lambda _xml: _EMPTY_CORE,
                    "docProps/app.xml": lambda xml: _APP_NAMES.sub(b"", xml),
                },
            )
        elif file_type == ODT:
            cleaned = _zip(data, {"meta.xml": lambda xml: _ODF_NAMES.sub(b"", xml)})
        elif file_type == PDF:
            cleaned = _pdf(data)
        else:
            return upload
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(
            _(
                "The hidden properties of %(name)s (author, company, place) could not be "
                "removed. Export it again, or send a screenshot instead."
            )
            % {"name": upload.name or _("this file")}
        ) from None
    return SimpleUploadedFile(upload.name or "file", cleaned, content_type=file_type.content_type)


def _image(data: bytes) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as opened:
            image_format = opened.format
            # Turned as the camera said, since the orientation tag goes with the rest.
            image = ImageOps.exif_transpose(opened)
            output = io.BytesIO()
            if image_format == "JPEG":
                image.save(output, format="JPEG", quality=92)
            else:
                image.save(output, format=image_format)
    except (UnidentifiedImageError, Image.DecompressionBombError) as error:
        raise ValueError(str(error)) from None
    return output.getvalue()


# PNG chunks that hold the picture and how to show it; the others (text, EXIF, time)
# are left out.
_PNG_KEPT = {
    b"IHDR",
    b"PLTE",
    b"IDAT",
    b"IEND",
    b"tRNS",
    b"gAMA",
    b"cHRM",
    b"sRGB",
    b"iCCP",
    b"sBIT",
    b"bKGD",
    b"pHYs",
    b"acTL",
    b"fcTL",
    b"fdAT",
}


def _png(data: bytes) -> bytes:
    """The PNG's chunks but its text, EXIF and time ones, untouched: no re-encoding."""
    signature, position, kept = data[:8], 8, [data[:8]]
    if signature != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(data):
            raise ValueError("truncated PNG")
        if kind in _PNG_KEPT:
            kept.append(data[position:end])
        position = end
        if kind == b"IEND":
            break
    return b"".join(kept)


def _zip(data: bytes, rewrite: dict[str, object]) -> bytes:
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w") as target,
    ):
        # Same entries in the same order and compression: OpenDocument needs its
        # uncompressed "mimetype" entry first.
        for entry in source.infolist():
            content = source.read(entry)
            change = rewrite.get(entry.filename)
            if callable(change):
                content = change(content)
            target.writestr(entry, content, compress_type=entry.compress_type)
    return output.getvalue()


def _pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.metadata = None
    writer.xmp_metadata = None
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
