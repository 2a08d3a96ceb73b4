"""Building ZIP files for the archive import's tests, good and bad."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from cordee.knowledge.archive import SAMPLE_ARCHIVE


def zip_bytes(files: dict[str, bytes | str], *, symlinks: tuple[str, ...] = ()) -> bytes:
    """A ZIP file holding ``files`` (path: content); ``symlinks`` are entries marked as links."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            info = zipfile.ZipInfo(path, (2019, 5, 14, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
        for path in symlinks:
            info = zipfile.ZipInfo(path, (2019, 5, 14, 10, 0, 0))
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "/etc/passwd")
    return out.getvalue()


def upload(content: bytes, name: str = "archives.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/zip")


def sample_upload() -> SimpleUploadedFile:
    return upload(SAMPLE_ARCHIVE.read_bytes(), "sample-archive.zip")


def texts(count: int) -> dict[str, str]:
    """``count`` distinct Markdown practice sheets in a folder."""
    return {
        f"Club qualité/fiche-{number}.md": f"# Fiche {number}\n\nTexte de la fiche {number}."
        for number in range(1, count + 1)
    }
