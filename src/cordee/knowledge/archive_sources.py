"""Where an archive's files come from: an uploaded ZIP, or a folder on the server.

Both list their files as :class:`SourceFile` rows and read one at a time, in
memory, never writing a file anywhere: an entry named ``../../etc/passwd``
is only ever a string. What makes a file unsafe (a path that climbs out, an
absolute path, a symbolic link) or too big is found while listing, and the
file is then never read. What makes a whole archive unreasonable (too many
files, too many bytes once uncompressed) refuses it before anything starts.

The limits are settings, with the defaults below (tests lower them).
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MB = 1024 * 1024
DEFAULTS = {
    "ARCHIVE_MAX_UPLOAD_BYTES": 200 * MB,
    "ARCHIVE_MAX_FILE_BYTES": 25 * MB,
    "ARCHIVE_MAX_TOTAL_BYTES": 1024 * MB,
    "ARCHIVE_MAX_FILES": 5000,
    # Office files and text compress well, about ten to one; a hundred to one on a
    # file of some size is a ZIP bomb.
    "ARCHIVE_MAX_RATIO": 100,
}
# Below this size, a high compression ratio is harmless (a page of blank lines).
RATIO_CHECKED_FROM = 1 * MB
# Files a computer adds to a folder, never documents of the network.
JUNK = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$|desktop\.ini$|\._)", re.I)


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def megabytes(size: int) -> str:
    return f"{size / MB:.0f}" if size >= MB else f"{size / MB:.1f}"


@dataclass
class SourceFile:
    """One file of an archive; ``problem`` is (reason, message) when it is not to be read."""

    path: str
    size: int
    modified: date | None = None
    problem: tuple[str, str] | None = None
    handle: Any = field(default=None, repr=False)


def _unsafe(message: str) -> tuple[str, str]:
    return ("unsafe", message)


def _too_large(size: int) -> tuple[str, str]:
    return (
        "too_large",
        _("It is %(size)s MB, over the limit of %(limit)s MB per file: split or compress it.")
        % {"size": megabytes(size), "limit": megabytes(limit("ARCHIVE_MAX_FILE_BYTES"))},
    )


def check_totals(count: int, total: int) -> None:
    """Refuse an archive with too many files or too many bytes, before anything is read."""
    if count > limit("ARCHIVE_MAX_FILES"):
        raise ValidationError(
            _(
                "The archive holds %(count)s files, more than %(limit)s: split it into several "
                "ZIP files, by folder."
            )
            % {"count": count, "limit": limit("ARCHIVE_MAX_FILES")}
        )
    if total > limit("ARCHIVE_MAX_TOTAL_BYTES"):
        raise ValidationError(
            _(
                "Once uncompressed, the archive would take %(size)s MB, more than %(limit)s MB: "
                "split it into several ZIP files, by folder."
            )
            % {"size": megabytes(total), "limit": megabytes(limit("ARCHIVE_MAX_TOTAL_BYTES"))}
        )


# ZIP files.


def _entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its author wrote it.

    Without the UTF-8 flag, Python reads names as IBM code page 437; most tools
    wrote UTF-8 anyway, and French Windows wrote code page 850.
    """
    name = info.filename
    if not info.flag_bits & 0x800:
        raw = name.encode("cp437", errors="replace")
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            name = raw.decode("cp850", errors="replace")
    return name.replace("\\", "/")


def unsafe_path(name: str) -> bool:
    """A path that is absolute or climbs out of the folder it is extracted to."""
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return True
    return any(part == ".." for part in name.split("/"))


class ZipSource:
    """The files of a ZIP archive, checked against the limits as they are listed."""

    def __init__(self, stream: IO[bytes], *, owned: bool = False) -> None:
        # An owned stream (the stored file, opened by the worker) is closed with the source.
        self.stream = stream if owned else None
        try:
            self.zip = zipfile.ZipFile(stream)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise ValidationError(
                _("This is not a ZIP file, or it is damaged: make the ZIP file again and retry.")
            ) from None
        self.infos = [
            info for info in infos if not info.is_dir() and not JUNK.search(_entry_name(info))
        ]
        check_totals(len(self.infos), sum(info.file_size for info in self.infos))

    def close(self) -> None:
        self.zip.close()
        if self.stream is not None:
            self.stream.close()

    def files(self) -> Iterator[SourceFile]:
        for info in self.infos:
            name = _entry_name(info)
            file = SourceFile(
                path=name.strip("/"),
                size=info.file_size,
                modified=_zip_date(info),
                handle=info,
            )
            mode = info.external_attr >> 16
            if unsafe_path(name):
                file.problem = _unsafe(
                    _("Its path leaves the archive's folder (“..” or an absolute path).")
                )
            elif stat.S_ISLNK(mode):
                file.problem = _unsafe(_("It is a symbolic link, not a file."))
            elif info.flag_bits & 0x1:
                file.problem = (
                    "encrypted",
                    _("It is protected by a password in the ZIP file: add it without one."),
                )
            elif info.file_size > limit("ARCHIVE_MAX_FILE_BYTES"):
                file.problem = _too_large(info.file_size)
            elif info.file_size >= RATIO_CHECKED_FROM and info.file_size > limit(
                "ARCHIVE_MAX_RATIO"
            ) * max(info.compress_size, 1):
                file.problem = (
                    "too_large",
                    _(
                        "It would expand %(ratio)s times its compressed size, which only a "
                        "ZIP bomb does: it is not opened."
                    )
                    % {"ratio": info.file_size // max(info.compress_size, 1)},
                )
            yield file

    def read(self, file: SourceFile) -> bytes:
        """The file's bytes; raises ``ValueError`` with (reason, message) when it cannot be read."""
        cap = limit("ARCHIVE_MAX_FILE_BYTES")
        try:
            with self.zip.open(file.handle) as stream:
                content = stream.read(cap + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError):
            raise ValueError(
                "corrupt",
                _("It is damaged inside the ZIP file: add it to a new ZIP file and retry."),
            ) from None
        if len(content) > cap:
            raise ValueError(*_too_large(len(content)))
        return content


def _zip_date(info: zipfile.ZipInfo) -> date | None:
    try:
        return date(*info.date_time[:3])
    except ValueError:
        return None


# Folders on the server.


def resolve_folder(folder: str) -> Path:
    """The folder under the import root that ``folder`` names; refuses anything outside it."""
    root_setting = getattr(settings, "ARCHIVE_ROOT", None)
    if not root_setting:
        raise ValidationError(
            _(
                "Importing a folder on the server is not set up: the server's administrator "
                "sets CORDEE_ARCHIVE_ROOT to the folder that holds the archives."
            )
        )
    root = Path(root_setting).resolve()
    wanted = folder.strip()
    if not wanted or "\x00" in wanted or ".." in Path(wanted).parts:
        raise ValidationError(_("Give a folder inside %(root)s, without “..”.") % {"root": root})
    target = (root / wanted).resolve()
    if not target.is_relative_to(root):
        raise ValidationError(_("Only folders inside %(root)s can be imported.") % {"root": root})
    if not target.is_dir():
        raise ValidationError(
            _("There is no folder %(folder)s inside %(root)s: check its name.")
            % {"folder": wanted, "root": root}
        )
    return target


class FolderSource:
    """The files under a folder of the server; symbolic links are reported, never followed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.listed = list(self._walk())
        readable = [file for file in self.listed if file.problem is None]
        check_totals(len(self.listed), sum(file.size for file in readable))

    def close(self) -> None:
        pass

    def _walk(self) -> Iterator[SourceFile]:
        for directory, dirnames, filenames in os.walk(self.folder, followlinks=False):
            dirnames.sort()
            for name in sorted(filenames) + [d for d in dirnames if _is_link(directory, d)]:
                full = Path(directory, name)
                relative = full.relative_to(self.folder).as_posix()
                if JUNK.search(relative):
                    continue
                if full.is_symlink():
                    yield SourceFile(
                        path=relative,
                        size=0,
                        problem=_unsafe(_("It is a symbolic link, not a file.")),
                    )
                    continue
                info = full.stat()
                file = SourceFile(
                    path=relative,
                    size=info.st_size,
                    modified=datetime.fromtimestamp(info.st_mtime).date(),
                    handle=full,
                )
                if info.st_size > limit("ARCHIVE_MAX_FILE_BYTES"):
                    file.problem = _too_large(info.st_size)
                yield file

    def files(self) -> Iterator[SourceFile]:
        yield from self.listed

    def read(self, file: SourceFile) -> bytes:
        cap = limit("ARCHIVE_MAX_FILE_BYTES")
        try:
            # O_NOFOLLOW: a file swapped for a link since it was listed is not followed.
            descriptor = os.open(file.handle, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(descriptor, "rb") as stream:
                content = stream.read(cap + 1)
        except OSError:
            raise ValueError(
                "corrupt", _("It could not be read on the server: check its permissions.")
            ) from None
        if len(content) > cap:
            raise ValueError(*_too_large(len(content)))
        return content


def _is_link(directory: str, name: str) -> bool:
    return os.path.islink(os.path.join(directory, name))
