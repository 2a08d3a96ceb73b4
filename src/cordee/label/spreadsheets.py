"""A framework as a spreadsheet: one row per criterion, French headers (the format the
network's staff write in), read back with row-level errors like the member import."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cordee.label.models import Criterion, Framework, Pillar
from cordee.network.spreadsheets import MAX_BYTES, cell_text, normalise, xlsx_bytes

# key, header: the export writes the header, the import accepts it in any case or accent.
COLUMNS = (
    ("pillar", "Pilier"),
    ("code", "Code"),
    ("title", "Critère"),
    ("guidance", "Guide"),
    ("evidence", "Preuves attendues"),
    ("weight", "Poids"),
    ("level_1", "Niveau 1"),
    ("level_2", "Niveau 2"),
    ("level_3", "Niveau 3"),
    ("level_4", "Niveau 4"),
    ("level_5", "Niveau 5"),
)
REQUIRED = ("pillar", "code", "title", "level_1", "level_2", "level_3", "level_4", "level_5")
_HEADER_KEYS = {normalise(header): key for key, header in COLUMNS} | {
    normalise(key): key for key, _header in COLUMNS
}
_PILLARS = (
    {normalise(value): value for value in Pillar.values}
    | {normalise(str(label)): value for value, label in Pillar.choices}
    | {normalise("RSE"): Pillar.CSR, normalise("Pilotage stratégique"): Pillar.STEERING}
)


def framework_xlsx(framework: Framework) -> bytes:
    rows = (
        [
            criterion.pillar,
            criterion.code,
            criterion.title,
            criterion.guidance,
            criterion.evidence,
            criterion.weight,
            *(text for _level, text in criterion.levels),
        ]
        for criterion in framework.criteria.all()
    )
    return xlsx_bytes([header for _key, header in COLUMNS], rows, title=str(framework))


@dataclass
class FrameworkRows:
    criteria: list[dict[str, Any]] = field(default_factory=list)
    # (row number in the file, what to fix)
    errors: list[tuple[int, str]] = field(default_factory=list)


def read_framework(content: bytes) -> FrameworkRows:
    """Criteria from an XLSX; ``ValidationError`` for a file that cannot be read at all."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB: is it really a framework?"))
    if not content.startswith(b"PK\x03\x04"):
        raise ValidationError(_("This is not an XLSX file: export the framework to get one."))
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        rows = [
            [cell_text(value) for value in values]
            for values in workbook.worksheets[0].iter_rows(values_only=True)
        ]
        workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ValidationError(
            _("This XLSX file cannot be read: save it again as .xlsx and upload it again.")
        ) from None
    if not rows:
        raise ValidationError(_("The file is empty."))
    columns = {
        _HEADER_KEYS[normalise(header)]: index
        for index, header in enumerate(rows[0])
        if normalise(header) in _HEADER_KEYS
    }
    if absent := [dict(COLUMNS)[key] for key in REQUIRED if key not in columns]:
        raise ValidationError(
            _("The first row must name the columns. Missing: %(headers)s.")
            % {"headers": ", ".join(absent)}
        )
    return parse_rows(rows[1:], columns, first_number=2)


def parse_rows(
    rows: list[list[str]], columns: dict[str, int], *, first_number: int
) -> FrameworkRows:
    result = FrameworkRows()
    codes: set[str] = set()
    for offset, values in enumerate(rows):
        number = first_number + offset
        cells = {
            key: (values[index].strip() if index < len(values) else "")
            for key, index in columns.items()
        }
        if not any(cells.values()):
            continue
        problems = []
        for key in REQUIRED:
            if not cells.get(key):
                problems.append(_("“%(column)s” is empty.") % {"column": dict(COLUMNS)[key]})
        pillar = _PILLARS.get(normalise(cells.get("pillar", "")))
        if cells.get("pillar") and pillar is None:
            problems.append(
                _("Unknown pillar “%(value)s”: write one of %(pillars)s.")
                % {"value": cells["pillar"], "pillars": ", ".join(Pillar.values)}
            )
        code = cells.get("code", "")
        if code in codes:
            problems.append(_("The code %(code)s is used twice.") % {"code": code})
        weight_text = cells.get("weight") or "1"
        weight = int(weight_text) if weight_text.isdigit() else 0
        if not 1 <= weight <= 5:
            problems.append(_("The weight must be a whole number from 1 to 5."))
        if len(code) > 12 or len(cells.get("title", "")) > 200:
            problems.append(_("The code has at most 12 characters and the title 200."))
        if problems:
            result.errors.extend((number, problem) for problem in problems)
            continue
        codes.add(code)
        result.criteria.append(
            {
                "pillar": pillar,
                "code": code,
                "title": cells["title"],
                "guidance": cells.get("guidance", ""),
                "evidence": cells.get("evidence", ""),
                "weight": weight,
                **{f"level_{level}": cells[f"level_{level}"] for level in range(1, 6)},
                "position": len(result.criteria) + 1,
            }
        )
    if not result.criteria and not result.errors:
        result.errors.append((first_number, _("The file holds no criterion.")))
    return result


__all__ = ["Criterion", "framework_xlsx", "read_framework"]
