from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cordee.network.communes import (
    bundled_communes,
    bundled_departments,
    communes_import,
    read_communes_file,
)
from cordee.network.models import Territory


class Command(BaseCommand):
    help = (
        "Load communes from a CSV file (columns insee, name, postcode and, optionally, "
        "territory: a territory's short name), or those of a department shipped with Cordée. "
        "New communes go to the territory their line names, else to --territory; existing "
        "ones get their name and postcode updated and keep their territory unless their "
        "line names another. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("file", nargs="?", type=Path, help="A UTF-8 CSV file.")
        source.add_argument(
            "--department",
            help=f"A department shipped with Cordée: {', '.join(bundled_departments())}.",
        )
        parser.add_argument(
            "--territory",
            help="The short name (slug) of the territory new communes go to by default.",
        )

    def handle(
        self,
        *args: Any,
        file: Path | None,
        department: str | None,
        territory: str | None,
        **options: Any,
    ) -> None:
        default = None
        if territory:
            default = Territory.objects.filter(slug=territory).first()
            if default is None:
                known = ", ".join(Territory.objects.values_list("slug", flat=True)) or "none yet"
                raise CommandError(
                    f"There is no territory “{territory}” (known: {known}). Create it in the "
                    "administration first."
                )
        try:
            rows = bundled_communes(department) if department else read_communes_file(file)
            result = communes_import(rows=rows, default_territory=default)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        self.stdout.write(
            f"Communes: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
