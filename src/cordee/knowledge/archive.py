"""Importing the archive of an existing network: each document becomes a draft article.

Staff upload a ZIP file (:func:`archive_import_upload`), network
administrators may name a folder under ``settings.ARCHIVE_ROOT``
(:func:`archive_import_folder`), and the demo offers its sample archive
(:func:`archive_import_sample`). The archive is checked as a whole in the
request (see :mod:`cordee.knowledge.archive_sources`), then the worker runs
:func:`archive_import_run`: each file is extracted
(:mod:`cordee.knowledge.extract`), then written in its own transaction
together with the :class:`~cordee.knowledge.models.ArchiveEntry` recording
it. A crash loses at most the file being written, and running the import
again (:func:`archive_import_resume`) goes on from there without writing a
file twice.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path, PurePosixPath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task

from cordee.accounts.models import User
from cordee.audit.services import audit_record
from cordee.knowledge.archive_sources import (
    FolderSource,
    SourceFile,
    ZipSource,
    limit,
    megabytes,
    resolve_folder,
)
from cordee.knowledge.extract import (
    Extracted,
    ExtractionError,
    date_from_path,
    extract_document,
    title_from_name,
)
from cordee.knowledge.models import (
    ArchiveEntry,
    ArchiveImport,
    Article,
    ArticleKind,
    ArticleStatus,
    Attachment,
    Revision,
    Tag,
)
from cordee.knowledge.search import index_article
from cordee.network.access import WHOLE_NETWORK, Access
from cordee.network.models import Territory
from cordee.network.scopes import Scope

SAMPLE_ARCHIVE = Path(__file__).parent / "demo_data" / "sample-archive.zip"
# The scopes an archive may be imported to; a private draft has an author, these have none.
IMPORT_SCOPES = (Scope.NETWORK, Scope.TERRITORY, Scope.PUBLIC)
# A running import that wrote nothing for this long was stopped (the worker died).
STALLED_AFTER = timedelta(minutes=10)
RESERVED_SLUGS = {"new", "experts", "files", "comments", "archive", "search"}
NESTED_ARCHIVES = {".zip", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz"}


# Starting, resuming.


def _check_scope(access: Access, scope: str, territory: Territory | None) -> None:
    if scope not in IMPORT_SCOPES:
        raise ValidationError(_("Choose who may see the articles once published."))
    if scope == Scope.TERRITORY:
        if territory is None:
            raise ValidationError(_("Choose the territory that may see the articles."))
        if not access.is_staff_for(territory):
            raise ValidationError(
                _("You are not staff of %(territory)s: choose a territory of yours.")
                % {"territory": territory}
            )


def _home_territory(access: Access) -> Territory | None:
    """The one territory where ``access`` is staff; None for the whole network or several."""
    if WHOLE_NETWORK in access.staff_paths or len(access.staff_paths) != 1:
        return None
    return Territory.objects.filter(path=next(iter(access.staff_paths))).first()


def _start(
    *,
    source: str,
    name: str,
    by: User,
    access: Access,
    scope: str,
    territory: Territory | None,
    total: int,
    stream: IO[bytes] | None = None,
    folder: str = "",
) -> ArchiveImport:
    archive_import = ArchiveImport(
        source=source,
        original_name=name[:255],
        folder=folder,
        created_by=by,
        territory=_home_territory(access),
        scope=scope,
        scope_territory=territory if scope == Scope.TERRITORY else None,
        total=total,
    )
    with transaction.atomic():
        if stream is not None:
            stream.seek(0)
            archive_import.file.save("archive.zip", File(stream), save=False)
        archive_import.save()
        audit_record(
            action="knowledge.archive_import_started",
            actor=by,
            target=archive_import,
            details={"source": source, "name": name[:255], "files": total},
        )
    _enqueue(archive_import)
    return archive_import


def _enqueue(archive_import: ArchiveImport) -> None:
    run_archive_import.enqueue(archive_import.pk, translation.get_language() or "fr")


def _check_staff(access: Access) -> None:
    if not access.is_staff:
        raise ValidationError(_("Only the network's staff may import an archive."))


def archive_import_upload(
    *,
    upload: UploadedFile,
    by: User,
    access: Access,
    scope: str = Scope.NETWORK,
    territory: Territory | None = None,
) -> ArchiveImport:
    """Check an uploaded ZIP file as a whole and queue its import.

    Raises ``ValidationError`` when it is too big, not a ZIP file, or would
    expand past the limits (a ZIP bomb); its files are checked one by one later.
    """
    _check_staff(access)
    _check_scope(access, scope, territory)
    if (upload.size or 0) > limit("ARCHIVE_MAX_UPLOAD_BYTES"):
        raise ValidationError(
            _("The file is larger than %(limit)s MB: split the archive into several ZIP files.")
            % {"limit": megabytes(limit("ARCHIVE_MAX_UPLOAD_BYTES"))}
        )
    source = ZipSource(upload)
    total = sum(1 for _file in source.files())
    return _start(
        source=ArchiveImport.Source.UPLOAD,
        name=upload.name or "archive.zip",
        by=by,
        access=access,
        scope=scope,
        territory=territory,
        total=total,
        stream=upload,
    )


def archive_import_sample(
    *, by: User, access: Access, scope: str = Scope.NETWORK, territory: Territory | None = None
) -> ArchiveImport:
    """Import the demo's sample archive, as if staff had uploaded it."""
    if settings.ENVIRONMENT != "demo":
        raise ValidationError(_("The sample archive is offered in the demo only."))
    _check_staff(access)
    _check_scope(access, scope, territory)
    with SAMPLE_ARCHIVE.open("rb") as stream:
        total = sum(1 for _file in ZipSource(stream).files())
        return _start(
            source=ArchiveImport.Source.SAMPLE,
            name=SAMPLE_ARCHIVE.name,
            by=by,
            access=access,
            scope=scope,
            territory=territory,
            total=total,
            stream=stream,
        )


def archive_import_folder(
    *,
    folder: str,
    by: User,
    access: Access,
    scope: str = Scope.NETWORK,
    territory: Territory | None = None,
) -> ArchiveImport:
    """Queue the import of a folder under ``settings.ARCHIVE_ROOT``; administrators only.

    The folder is read in place: the worker reads it again, so it must stay
    where it is until the import is done.
    """
    if not access.is_admin:
        raise ValidationError(_("Only the network's administrators may import a server folder."))
    _check_scope(access, scope, territory)
    path = resolve_folder(folder)
    total = len(FolderSource(path).listed)
    relative = path.relative_to(Path(str(settings.ARCHIVE_ROOT)).resolve()).as_posix()
    return _start(
        source=ArchiveImport.Source.FOLDER,
        name=relative if relative != "." else path.name,
        folder=relative,
        by=by,
        access=access,
        scope=scope,
        territory=territory,
        total=total,
    )


def archive_import_can_resume(archive_import: ArchiveImport) -> bool:
    if archive_import.status == ArchiveImport.Status.FAILED:
        return True
    return (
        archive_import.status == ArchiveImport.Status.RUNNING
        and archive_import.heartbeat_at is not None
        and archive_import.heartbeat_at < timezone.now() - STALLED_AFTER
    )


def archive_import_resume(*, archive_import: ArchiveImport, by: User) -> None:
    """Queue an interrupted import again: it goes on with the files not written yet."""
    if not archive_import_can_resume(archive_import):
        raise ValidationError(_("This import is not stopped: there is nothing to resume."))
    if archive_import.source != ArchiveImport.Source.FOLDER and not archive_import.file:
        raise ValidationError(_("The archive's file is gone: upload it again."))
    claimed = ArchiveImport.objects.filter(
        pk=archive_import.pk, status=archive_import.status
    ).update(status=ArchiveImport.Status.QUEUED, error="")
    if not claimed:
        raise ValidationError(_("This import has just been resumed."))
    audit_record(action="knowledge.archive_import_resumed", actor=by, target=archive_import)
    _enqueue(archive_import)


# Running.


@task()
def run_archive_import(import_id: int, language: str) -> None:
    """Run :func:`archive_import_run` in the worker; the import's status tells the page how."""
    claimed = ArchiveImport.objects.filter(pk=import_id, status=ArchiveImport.Status.QUEUED).update(
        status=ArchiveImport.Status.RUNNING, heartbeat_at=timezone.now()
    )
    if not claimed:
        return  # Another worker took it, or it is done.
    archive_import = ArchiveImport.objects.select_related("created_by").get(pk=import_id)
    with translation.override(language):
        archive_import_run(archive_import=archive_import)


def archive_import_run(*, archive_import: ArchiveImport) -> None:
    """Import every file not imported yet; on an unexpected error, stop and say how to resume."""
    try:
        source = _open_source(archive_import)
    except ValidationError as error:
        _fail(archive_import, " ".join(error.messages))
        return
    try:
        done = set(archive_import.entries.values_list("path", "sha256"))
        _import_files(archive_import, source, source.files(), done)
    except Exception:
        _fail(
            archive_import,
            _(
                "The import stopped on an unexpected error. What was imported stays; "
                "resume it to import the rest: nothing is imported twice. If it stops "
                "again, tell the platform's administrators."
            ),
        )
        raise
    finally:
        source.close()
    archive_import.status = ArchiveImport.Status.DONE
    archive_import.finished_at = timezone.now()
    archive_import.error = ""
    with transaction.atomic():
        stored = archive_import.file.name if archive_import.file else ""
        storage = archive_import.file.storage
        # Each document is attached to its article now: the ZIP file is not kept.
        archive_import.file = ""
        archive_import.save(update_fields=["status", "finished_at", "error", "file"])
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))
        audit_record(
            action="knowledge.archive_imported",
            actor=archive_import.created_by,
            target=archive_import,
            details=archive_import_counts(archive_import),
        )


def _fail(archive_import: ArchiveImport, message: str) -> None:
    archive_import.status = ArchiveImport.Status.FAILED
    archive_import.error = message
    archive_import.save(update_fields=["status", "error"])


def _open_source(archive_import: ArchiveImport) -> ZipSource | FolderSource:
    if archive_import.source == ArchiveImport.Source.FOLDER:
        return FolderSource(resolve_folder(archive_import.folder))
    if not archive_import.file:
        raise ValidationError(_("The archive's file is gone: upload it again."))
    return ZipSource(archive_import.file.open("rb"), owned=True)


def _import_files(
    archive_import: ArchiveImport,
    source: ZipSource | FolderSource,
    files: Iterable[SourceFile],
    done: set[tuple[str, str]],
) -> None:
    for file in files:
        if file.problem is not None:
            if (file.path, "") not in done:
                _skip(archive_import, file, "", *file.problem)
                done.add((file.path, ""))
            continue
        if PurePosixPath(file.path).suffix.lower() in NESTED_ARCHIVES:
            if (file.path, "") not in done:
                _skip(
                    archive_import,
                    file,
                    "",
                    "unsupported",
                    _("An archive inside the archive is not opened: import it on its own."),
                )
                done.add((file.path, ""))
            continue
        try:
            content = source.read(file)
        except ValueError as problem:
            if (file.path, "") not in done:
                _skip(archive_import, file, "", *problem.args)
                done.add((file.path, ""))
            continue
        sha256 = hashlib.sha256(content).hexdigest()
        if (file.path, sha256) in done:
            continue
        try:
            extracted = extract_document(file.path, content)
        except ExtractionError as error:
            _skip(archive_import, file, sha256, error.reason, error.message)
        else:
            _write_article(archive_import, file, content, sha256, extracted)
        done.add((file.path, sha256))


def _skip(
    archive_import: ArchiveImport, file: SourceFile, sha256: str, reason: str, message: str
) -> None:
    with transaction.atomic():
        ArchiveEntry.objects.create(
            archive_import=archive_import,
            path=file.path[:500],
            sha256=sha256,
            size=file.size,
            outcome=ArchiveEntry.Outcome.SKIPPED,
            reason=reason,
            detail=message[:500],
        )
        _beat(archive_import)


def _beat(archive_import: ArchiveImport) -> None:
    ArchiveImport.objects.filter(pk=archive_import.pk).update(heartbeat_at=timezone.now())


def _write_article(
    archive_import: ArchiveImport,
    file: SourceFile,
    content: bytes,
    sha256: str,
    extracted: Extracted,
) -> None:
    """One document: its article, tags, attachment, first revision and entry, all or nothing."""
    by = archive_import.created_by
    title = extracted.title or title_from_name(file.path)
    document_date = extracted.date or date_from_path(file.path) or file.modified
    name = PurePosixPath(file.path).name
    stored_name = ""
    try:
        with transaction.atomic():
            duplicate = Article.objects.filter(content_hash=sha256).order_by("pk").first()
            if duplicate is not None:
                ArchiveEntry.objects.create(
                    archive_import=archive_import,
                    path=file.path[:500],
                    sha256=sha256,
                    size=len(content),
                    outcome=ArchiveEntry.Outcome.SKIPPED,
                    reason=ArchiveEntry.Reason.DUPLICATE,
                    detail=(
                        _("The same file is already in the knowledge base: “%(title)s”.")
                        % {"title": duplicate.title}
                    )[:500],
                    duplicate_of=duplicate,
                )
                _beat(archive_import)
                return
            article = Article.objects.create(
                slug=_unique_slug(title),
                kind=guess_kind(file.path, title),
                title=title,
                body=extracted.body,
                status=ArticleStatus.DRAFT,
                scope=archive_import.scope,
                scope_territory=archive_import.scope_territory,
                created_by=by,
                source_path=file.path[:500],
                content_hash=sha256,
            )
            article.tags.set(_folder_tags(file.path))
            attachment = Attachment(
                article=article,
                original_name=name[:255],
                content_type=extracted.content_type,
                size=len(content),
                sha256=sha256,
                extracted_text=extracted.body,
                uploaded_by=by,
            )
            # Stored under a random name: the original one may hold anything.
            suffix = PurePosixPath(name).suffix.lower()[:10]
            attachment.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(content), save=False)
            stored_name = attachment.file.name or ""
            attachment.save()
            Revision.objects.create(
                article=article,
                number=1,
                title=title,
                body=extracted.body,
                author=by,
                # The revision carries the document's own date: the history starts there.
                created_at=_aware(document_date) if document_date else timezone.now(),
                note=(_("Imported from the archive: %(path)s") % {"path": file.path})[:200],
            )
            # As the article services do: staff find the drafts by search at once.
            index_article(article)
            ArchiveEntry.objects.create(
                archive_import=archive_import,
                path=file.path[:500],
                sha256=sha256,
                size=len(content),
                outcome=ArchiveEntry.Outcome.IMPORTED,
                article=article,
                document_date=document_date,
            )
            _beat(archive_import)
    except BaseException:
        # The rows are rolled back; the stored file is not part of the transaction.
        if stored_name:
            Attachment.file.field.storage.delete(stored_name)
        raise


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100].strip("-") or "document"
    # Words the knowledge base's own addresses use (/knowledge/archive/...) are not slugs.
    if base in RESERVED_SLUGS:
        base = f"{base}-document"
    if not Article.objects.filter(slug=base).exists():
        return base
    return f"{base[:100]}-{uuid.uuid4().hex[:8]}"


def _folder_tags(path: str) -> list[Tag]:
    """One tag per folder of the path ("Commission RSE/2019/bilan.pdf": two tags)."""
    tags = []
    for folder in PurePosixPath(path).parts[:-1]:
        name = " ".join(folder.split())[:80]
        slug = slugify(name)[:100]
        if not name or not slug:
            continue
        tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.filter(slug=slug).first()
        if tag is None:
            tag = Tag.objects.create(name=name, slug=slug)
        tags.append(tag)
    return tags


_KINDS = (
    (r"\bfiches?\b|fiche[-_ ]pratique", ArticleKind.PRACTICE),
    (r"\brex\b|retours? d.exp|retex", ArticleKind.LESSONS),
    (r"\bguides?\b|m[ée]thode", ArticleKind.GUIDE),
    (r"\bfaq\b|questions", ArticleKind.FAQ),
)


def guess_kind(path: str, title: str) -> str:
    """The kind of article from words of the path or title; a plain document otherwise."""
    text = f"{path} {title}".lower().replace("_", " ")
    for pattern, kind in _KINDS:
        if re.search(pattern, text):
            return kind
    return ArticleKind.TEMPLATE


# Clearing up.

# A stopped import keeps its ZIP file to be resumed, for this long.
KEEP_STOPPED_DAYS = 30


def archive_imports_forget(*, now: datetime | None = None) -> int:
    """Delete the ZIP files of the imports stopped over :data:`KEEP_STOPPED_DAYS` ago;
    what they imported stays. Returns how many were cleared."""
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_STOPPED_DAYS)
    stopped = ArchiveImport.objects.filter(
        created_at__lt=cutoff, status=ArchiveImport.Status.FAILED
    ).exclude(file="")
    cleared = 0
    for archive_import in stopped.iterator():
        archive_import.file.delete(save=False)
        archive_import.error = _(
            "This import was not resumed within %(days)s days and its file was deleted; "
            "what it imported stays. Upload the archive again to import the rest: the "
            "files already imported are skipped as duplicates."
        ) % {"days": KEEP_STOPPED_DAYS}
        archive_import.save(update_fields=["file", "error"])
        cleared += 1
    return cleared


@task()
def forget_stopped_archive_imports() -> int:
    """The daily clean-up of the archive imports stopped and never resumed."""
    return archive_imports_forget()


# Reading an import's progress and report.


def archive_import_counts(archive_import: ArchiveImport) -> dict[str, int]:
    counts = dict(
        archive_import.entries.order_by()
        .values_list("outcome")
        .annotate(count=Count("pk"))
        .values_list("outcome", "count")
    )
    imported = counts.get(ArchiveEntry.Outcome.IMPORTED, 0)
    skipped = counts.get(ArchiveEntry.Outcome.SKIPPED, 0)
    return {
        "total": archive_import.total,
        "processed": imported + skipped,
        "imported": imported,
        "skipped": skipped,
    }
