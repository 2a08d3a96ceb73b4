"""Files attached to articles: their type checked from the content, their text extracted.

An upload's name says nothing about what it holds: a ``.pdf`` may be an
executable or a web page. The type is read from the first bytes (and, for
office documents, which are ZIP files, from the files inside), and the
extension must agree. Files are stored under a random name and served only
through a view that checks the article's visibility.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django_tasks import task

from cordee.knowledge.models import Article, Attachment
from cordee.knowledge.search import index_article

if TYPE_CHECKING:
    from cordee.accounts.models import User

# Office documents are ZIP files: refuse those that would unpack to more than this.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Enough text for search; a 500-page manual does not need more.
MAX_TEXT_CHARS = 1_000_000


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str


PDF = FileType("pdf", "application/pdf", "PDF")
DOCX = FileType(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word (DOCX)",
)
XLSX = FileType(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"
)
ODT = FileType("odt", "application/vnd.oasis.opendocument.text", "OpenDocument (ODT)")
PNG = FileType("png", "image/png", "PNG")
JPEG = FileType("jpg", "image/jpeg", "JPEG")
WEBP = FileType("webp", "image/webp", "WebP")
ACCEPTED = (PDF, DOCX, XLSX, ODT, PNG, JPEG, WEBP)
# The extensions people use for each type.
EXTENSIONS = {"pdf": PDF, "docx": DOCX, "xlsx": XLSX, "odt": ODT, "png": PNG}
EXTENSIONS |= {"jpg": JPEG, "jpeg": JPEG, "webp": WEBP}


def accepted_list() -> str:
    return ", ".join(file_type.label for file_type in ACCEPTED)


def detect_type(head: bytes, file: IO[bytes]) -> FileType | None:
    """The type of ``file`` from its content (``head``: its first bytes), or ``None``."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _office_type(file)
    return None


def _office_type(file: IO[bytes]) -> FileType | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ValidationError(
                    _("This document would unpack to an unreasonable size: it was refused.")
                )
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return ODT if mimetype == ODT.content_type else None
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    return None


def check_upload(upload: UploadedFile) -> FileType:
    """The file's type, if it is one we accept; ``ValidationError`` saying what to do otherwise."""
    limit = settings.KNOWLEDGE_ATTACHMENT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; files are limited to %(limit)s. Send a smaller one.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    head = upload.read(16)
    file_type = detect_type(head, upload)
    upload.seek(0)
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if file_type is None:
        claimed = EXTENSIONS.get(extension)
        if claimed is not None:
            raise ValidationError(
                _(
                    "This file is named .%(extension)s but does not hold a %(label)s document: "
                    "it may be damaged, or be another kind of file. Send the original."
                )
                % {"extension": extension, "label": claimed.label}
            )
        raise ValidationError(
            _("This kind of file cannot be attached. Send one of: %(types)s.")
            % {"types": accepted_list()}
        )
    if EXTENSIONS.get(extension) != file_type:
        raise ValidationError(
            _(
                "This file is named .%(extension)s but holds a %(label)s document: give it "
                "the right extension, or send the right file."
            )
            % {"extension": extension or "?", "label": file_type.label}
        )
    if file_type == PDF:
        _check_pdf(upload)
    return file_type


def _check_pdf(upload: UploadedFile) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(
                _(
                    "This PDF is protected by a password: nobody could read it here. "
                    "Save a copy without the password and send that one."
                )
            )
        len(reader.pages)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise ValidationError(
            _("This PDF is damaged and cannot be read. Export it again and send the new copy.")
        ) from None
    finally:
        upload.seek(0)


def attachment_add(*, article: Article, upload: UploadedFile, by: User) -> Attachment:
    """Attach a checked file to ``article``; its text is extracted in the background."""
    file_type = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    original = (upload.name or f"document.{file_type.extension}").replace("/", "_")[-255:]
    # Stored under a random name: the original one may hold anything, even a path.
    upload.name = f"{uuid.uuid4().hex}.{file_type.extension}"
    with transaction.atomic():
        attachment = Attachment.objects.create(
            article=article,
            file=upload,
            original_name=original,
            content_type=file_type.content_type,
            size=upload.size or 0,
            sha256=digest.hexdigest(),
            uploaded_by=by,
        )
        if file_type in (PDF, DOCX, XLSX, ODT):
            # With the database queue, the worker sees the task once the row is committed.
            extract_attachment_text.enqueue(str(attachment.public_id))
    return attachment


def attachment_remove(*, attachment: Attachment) -> None:
    """Remove a file from its article: the stored file goes, and its text leaves the index."""
    article = attachment.article
    with transaction.atomic():
        attachment.delete()
        index_article(article)
        transaction.on_commit(lambda: attachment.file.delete(save=False))


@task()
def extract_attachment_text(public_id: str) -> int:
    """Fill in ``Attachment.extracted_text`` for search; returns the number of characters."""
    attachment = Attachment.objects.filter(public_id=public_id).first()
    if attachment is None:
        return 0
    try:
        with attachment.file.open("rb") as file:
            text = extract_text(file.read(), attachment.content_type)
    except FileNotFoundError:
        return 0
    Attachment.objects.filter(pk=attachment.pk).update(extracted_text=text)
    # The attachment's words make the article findable.
    index_article(attachment.article)
    return len(text)


def extract_text(data: bytes, content_type: str) -> str:
    """The text of a document; empty when it cannot be read (never an exception)."""
    try:
        if content_type == PDF.content_type:
            text = _pdf_text(data)
        elif content_type == DOCX.content_type:
            text = _docx_text(data)
        elif content_type == ODT.content_type:
            text = _odt_text(data)
        elif content_type == XLSX.content_type:
            text = _xlsx_text(data)
        else:
            return ""
    # A damaged document is kept, without its text: never a crash in the worker.
    except Exception:
        return ""
    return text[:MAX_TEXT_CHARS].strip()


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        return ""
    parts: list[str] = []
    size = 0
    for page in reader.pages:
        part = page.extract_text() or ""
        parts.append(part)
        size += len(part)
        if size > MAX_TEXT_CHARS:
            break
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(line for line in lines if line.strip())


def _odt_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    text_ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    lines = [
        "".join(element.itertext())
        for element in root.iter()
        if element.tag in (f"{text_ns}p", f"{text_ns}h")
    ]
    return "\n".join(line for line in lines if line.strip())


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines: list[str] = []
    size = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            line = " ".join(str(value) for value in row if value is not None)
            if line:
                lines.append(line)
                size += len(line)
            if size > MAX_TEXT_CHARS:
                return "\n".join(lines)
    return "\n".join(lines)
