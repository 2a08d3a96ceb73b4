"""Communes from a CSV file: the demo's and those each network loads for itself.

The file has a header line and the columns ``insee``, ``name``, ``postcode``,
and optionally ``territory`` (a territory's short name). Cordée ships the
communes of Haute-Savoie and Savoie (:func:`bundled_communes`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cordee.network.models import Commune, Organisation, Territory

INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
POSTCODE = re.compile(r"^\d{5}$")
REQUIRED_COLUMNS = ("insee", "name", "postcode")


@dataclass(frozen=True)
class CommuneRow:
    insee: str
    name: str
    postcode: str
    territory: str = ""  # a territory's slug, or "" for the default one


@dataclass(frozen=True)
class CommunesResult:
    created: int
    updated: int
    unchanged: int


def bundled_departments() -> list[str]:
    """The departments whose communes come with Cordée, e.g. ``["73", "74"]``."""
    folder = resources.files("cordee.network.demo_data")
    return sorted(
        entry.name.removeprefix("communes-").removesuffix(".csv")
        for entry in folder.iterdir()
        if entry.name.startswith("communes-") and entry.name.endswith(".csv")
    )


def bundled_communes(department: str) -> list[CommuneRow]:
    """The communes of a department shipped with Cordée (INSEE codes, main postcodes)."""
    if department not in bundled_departments():
        raise ValidationError(
            _("No communes are shipped for department “%(department)s”; choose one of %(known)s.")
            % {"department": department, "known": ", ".join(bundled_departments())}
        )
    resource = resources.files("cordee.network.demo_data") / f"communes-{department}.csv"
    return read_communes(resource.read_text(encoding="utf-8"))


def read_communes(text: str) -> list[CommuneRow]:
    """Parse a communes CSV; raise a ValidationError naming every bad line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            _("The file needs the columns %(columns)s in its first line; missing: %(missing)s.")
            % {"columns": ", ".join(REQUIRED_COLUMNS), "missing": ", ".join(missing)}
        )
    rows: list[CommuneRow] = []
    errors: list[str] = []
    seen: set[str] = set()
    for line, record in enumerate(reader, start=2):
        row = CommuneRow(
            insee=(record.get("insee") or "").strip().upper(),
            name=(record.get("name") or "").strip(),
            postcode=(record.get("postcode") or "").strip(),
            territory=(record.get("territory") or "").strip(),
        )
        if not INSEE_CODE.match(row.insee):
            errors.append(
                _("line %(line)s: “%(value)s” is not an INSEE code (5 characters).")
                % {"line": line, "value": row.insee}
            )
        elif row.insee in seen:
            errors.append(
                _("line %(line)s: INSEE code %(value)s appears twice.")
                % {"line": line, "value": row.insee}
            )
        if not row.name:
            errors.append(_("line %(line)s: the name is empty.") % {"line": line})
        if not POSTCODE.match(row.postcode):
            errors.append(
                _("line %(line)s: “%(value)s” is not a postcode (5 digits).")
                % {"line": line, "value": row.postcode}
            )
        seen.add(row.insee)
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    return rows


def read_communes_file(path: Path) -> list[CommuneRow]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError(
            _("The file %(path)s could not be read (%(error)s); give a UTF-8 CSV file.")
            % {"path": path, "error": error}
        ) from None
    return read_communes(text)


@transaction.atomic
def communes_import(
    *,
    rows: Iterable[CommuneRow],
    default_territory: Territory | None = None,
    territories: Mapping[str, Territory] | None = None,
) -> CommunesResult:
    """Create the communes that are new and update the names and postcodes of the others.

    A new commune goes to the territory its row names, else to
    ``default_territory``. An existing commune keeps its territory unless its
    row names one: a network may have moved it to a branch since.
    """
    rows = list(rows)
    if territories is None:
        slugs = {row.territory for row in rows if row.territory}
        territories = {t.slug: t for t in Territory.objects.filter(slug__in=slugs)}
    unknown = sorted({row.territory for row in rows if row.territory} - set(territories))
    if unknown:
        raise ValidationError(
            _("Unknown territories: %(slugs)s. Create them first, or correct the file.")
            % {"slugs": ", ".join(unknown)}
        )
    existing = {c.insee: c for c in Commune.objects.filter(insee__in=[r.insee for r in rows])}
    new: list[Commune] = []
    changed: list[Commune] = []
    moved: dict[int, list[int]] = {}  # territory id -> communes moved there
    for row in rows:
        named = territories[row.territory] if row.territory else None
        commune = existing.get(row.insee)
        if commune is None:
            territory = named or default_territory
            if territory is None:
                raise ValidationError(
                    _(
                        "Commune %(insee)s %(name)s has no territory: name one in the file's "
                        "territory column, or give a default territory."
                    )
                    % {"insee": row.insee, "name": row.name}
                )
            new.append(
                Commune(insee=row.insee, name=row.name, postcode=row.postcode, territory=territory)
            )
            continue
        territory_id = named.pk if named else commune.territory_id
        if territory_id != commune.territory_id:
            moved.setdefault(territory_id, []).append(commune.pk)
        if (commune.name, commune.postcode, commune.territory_id) != (
            row.name,
            row.postcode,
            territory_id,
        ):
            commune.name, commune.postcode, commune.territory_id = (
                row.name,
                row.postcode,
                territory_id,
            )
            changed.append(commune)
    Commune.objects.bulk_create(new, batch_size=500)
    Commune.objects.bulk_update(changed, ["name", "postcode", "territory"], batch_size=500)
    for territory_id, commune_ids in moved.items():
        # Organisations carry a copy of their commune's territory.
        Organisation.objects.filter(commune_id__in=commune_ids).update(territory_id=territory_id)
    return CommunesResult(
        created=len(new), updated=len(changed), unchanged=len(rows) - len(new) - len(changed)
    )
