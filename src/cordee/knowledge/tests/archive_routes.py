"""The archive import's URLs in the roles × URLs matrix; ``routes.py`` adds them."""

from cordee.core.testing.matrix import Route, staff_only
from cordee.knowledge.models import ArchiveImport


def _import(objects):
    return [objects.archive_import.public_id]


ARCHIVE_ROUTES = [
    Route("knowledge:archive_imports", staff_only(200)),
    # POST only: a GET is refused once the role is checked.
    Route("knowledge:archive_sample", staff_only(405)),
    # Started by the whole network's staff: a coordinator of one branch does not see it.
    Route("knowledge:archive_import", {**staff_only(200), "coordinator": 404}, args=_import),
    Route("knowledge:archive_import_resume", staff_only(405), args=_import),
]


def prepare_archive(objects):
    objects.archive_import = ArchiveImport.objects.create(
        created_by=objects.staff,
        source=ArchiveImport.Source.UPLOAD,
        original_name="archives.zip",
        status=ArchiveImport.Status.DONE,
    )
