"""What every benchmark does first: set Django up on a database made for the run.

    with fresh_database("cordee-bench-"):
        run(arguments)

SQLite in a temporary folder by default; with DATABASE_URL set
(postgres://user:password@host:port/name), a new database "test_<name>" on that
server, created for the run and dropped after it (the user needs CREATEDB).
With ``keep``, the data stays for the next run: the SQLite database in that
folder, or the DATABASE_URL database itself.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


@contextmanager
def fresh_database(
    prefix: str, *, keep: Path | None = None, static: bool = True, **environ: str
) -> Iterator[None]:
    """Django, migrated, on the run's database; ``environ`` adds settings (such as
    CORDEE_EMBEDDINGS_LOCAL); ``static`` collects the static files that pages name."""
    data_dir = keep or Path(tempfile.mkdtemp(prefix=prefix))
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("CORDEE_ENV", "demo")
    os.environ["CORDEE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cordee.settings")
    os.environ["DEBUG"] = "0"
    os.environ.update(environ)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    postgres = connection.vendor == "postgresql"
    old_name = connection.settings_dict["NAME"]
    try:
        if postgres and keep:
            print(f"PostgreSQL: the database {old_name}, kept")
            call_command("migrate", verbosity=0, skip_checks=True)
        elif postgres:
            print(f"PostgreSQL: a fresh database test_{old_name} (dropped at the end)")
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        else:
            kept = ", kept" if keep else ""
            print(f"SQLite: the database in {data_dir}{kept}")
            call_command("migrate", verbosity=0, skip_checks=True)
        if static:
            call_command("collectstatic", verbosity=0, interactive=False)
        yield
    finally:
        if postgres and not keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        if not keep:
            shutil.rmtree(data_dir, ignore_errors=True)
