"""Spreadsheets in and out: the member list's columns, reading XLSX and CSV, writing both.

The column headers are French whatever the reader's language: they are the
file format that networks already use, and an export must be importable again
unchanged. Reading accepts the common variants of each header (case, accents
and punctuation ignored) and any of the encodings and separators that French
spreadsheet software writes.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# An XLSX is compressed: its unpacked size is bounded too, so that a small
# file cannot unpack into gigabytes (a "zip bomb").
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
# The header row may sit below a title or a few notes.
HEADER_SEARCH_ROWS = 10

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()


def normalise(text: str) -> str:
    """Lower case, no accents, words separated by one space: "E-mail " → "e mail"."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.lower().replace("œ", "oe").replace("æ", "ae")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


MEMBER_COLUMNS: tuple[Column, ...] = (
    Column(
        "legal_name",
        "Raison sociale",
        ("denomination", "denomination sociale", "entreprise", "societe", "legal name"),
    ),
    Column("trade_name", "Nom commercial", ("enseigne", "nom d usage", "trade name")),
    Column("siret", "SIRET", ("n siret", "no siret", "numero siret", "numero de siret")),
    Column("naf_code", "Code NAF", ("naf", "code ape", "ape", "code naf ape", "naf code")),
    Column(
        "headcount",
        "Effectif",
        ("effectifs", "salaries", "nombre de salaries", "nb salaries", "headcount"),
    ),
    Column("address", "Adresse", ("adresse postale", "rue", "address")),
    Column("postcode", "Code postal", ("cp", "postcode", "postal code", "zip")),
    Column("commune", "Commune", ("ville", "localite", "city", "town")),
    Column("website", "Site web", ("site internet", "site", "url", "web", "website")),
    Column("last_name", "Nom", ("nom de famille", "last name", "surname")),
    Column("first_name", "Prénom", ("first name", "given name")),
    Column(
        "email",
        "E-mail",
        ("email", "mail", "courriel", "adresse e mail", "adresse email", "adresse mail"),
    ),
    Column("job_title", "Fonction", ("poste", "titre", "job title", "role")),
    Column("phone", "Téléphone", ("tel", "telephone portable", "portable", "mobile", "phone")),
    Column(
        "is_head",
        "Dirigeant",
        ("dirigeante", "dirigeant e", "chef d entreprise", "company head", "head"),
    ),
    Column("year", "Année", ("annee d adhesion", "exercice", "year")),
    Column("tier", "Formule", ("tier", "formule d adhesion", "bareme", "niveau")),
    Column(
        "amount",
        "Cotisation",
        ("montant", "montant de la cotisation", "montant cotisation", "dues", "amount"),
    ),
    Column("status", "Statut", ("etat", "statut de l adhesion", "statut cotisation")),
    Column(
        "starts_on",
        "Début d'adhésion",
        ("debut", "date de debut", "date d adhesion", "adhesion du", "starts on"),
    ),
    Column(
        "ends_on", "Fin d'adhésion", ("fin", "date de fin", "echeance", "adhesion au", "ends on")
    ),
    Column(
        "invoiced_on",
        "Facturée le",
        ("facture le", "date de facturation", "date de facture", "invoiced on"),
    ),
    Column(
        "paid_on",
        "Payée le",
        ("paye le", "date de paiement", "date de reglement", "reglee le", "paid on"),
    ),
)
COLUMN_BY_KEY = {column.key: column for column in MEMBER_COLUMNS}
_HEADER_INDEX = {
    normalise(name): column
    for column in MEMBER_COLUMNS
    for name in (column.header, column.key.replace("_", " "), *column.aliases)
}


def column_for_header(header: str) -> Column | None:
    return _HEADER_INDEX.get(normalise(header))


@dataclass
class Table:
    """A sheet as text: its header row and its non-empty rows, with their numbers in the file."""

    headers: list[str]
    header_row: int
    rows: list[tuple[int, list[str]]]
    kind: str
    encoding: str = ""
    delimiter: str = ""
    # key -> index of the column in the rows; headers the import does not use.
    columns: dict[str, int] = field(default_factory=dict)
    ignored_headers: list[str] = field(default_factory=list)

    def header_of(self, key: str) -> str:
        """The column's header as written in the file, or the expected one if it is absent."""
        index = self.columns.get(key)
        return self.headers[index] if index is not None else COLUMN_BY_KEY[key].header

    def cells(self, values: list[str]) -> dict[str, str]:
        return {
            key: _unguarded(values[index].strip()) if index < len(values) else ""
            for key, index in self.columns.items()
        }

    def without_rows(self, numbers: set[int]) -> Table:
        return Table(
            headers=self.headers,
            header_row=self.header_row,
            rows=[row for row in self.rows if row[0] not in numbers],
            kind=self.kind,
            encoding=self.encoding,
            delimiter=self.delimiter,
            columns=self.columns,
            ignored_headers=self.ignored_headers,
        )


# A cell that a spreadsheet would run as a formula: "=HYPERLINK(...)", "@SUM(...)",
# "-2+cmd|..." (a phone number such as "+33 4 50..." is not one).
_FORMULA = re.compile(r"^(?:[=@]|[+-].*[A-Za-z(])", re.DOTALL)


def guarded(value: str) -> str:
    """``value`` made harmless in a CSV opened by a spreadsheet: a quote before a formula."""
    return f"'{value}" if _FORMULA.match(value) else value


def _unguarded(value: str) -> str:
    """Undo :func:`guarded`, so that an export imports again unchanged."""
    if value.startswith("'") and _FORMULA.match(value[1:]):
        return value[1:]
    return value


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="file")


def read_table(content: bytes) -> Table:
    """Read an XLSX or CSV member list; raise ``ValidationError`` saying how to fix a bad file.

    The format is told by the content, not by the file's name: an XLSX is a
    ZIP holding the Office Open XML parts; anything else must be text.
    """
    if len(content) > MAX_BYTES:
        raise _refuse(
            _("The file is larger than %(size)s MB: split it into several files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    if not content.strip():
        raise _refuse(_("The file is empty: choose the file that holds your member list."))
    if content.startswith(b"PK\x03\x04"):
        table = _read_xlsx(content)
    elif content.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(
            _(
                "This is an old Excel file (.xls) or a password-protected workbook: open it "
                "in your spreadsheet software and save it as .xlsx (without a password) or CSV."
            )
        )
    elif content.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise _refuse(
            _("This file is a PDF or an image, not a spreadsheet: choose an .xlsx or .csv file.")
        )
    else:
        table = _read_csv(content)
    _map_headers(table)
    return table


def _read_xlsx(content: bytes) -> Table:
    unreadable = _(
        "This XLSX file cannot be read; it may be damaged. Open it in your spreadsheet "
        "software, save it again as .xlsx, and upload it again."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
                raise _refuse(
                    _(
                        "This is an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV "
                        "(“Save as” in LibreOffice) and upload it again."
                    )
                )
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise _refuse(
                    _(
                        "This ZIP file is not an Excel workbook: choose an .xlsx or .csv file "
                        "that holds your member list."
                    )
                )
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise _refuse(
                    _("The workbook is too large once opened: split it into several files.")
                )
    except zipfile.BadZipFile:
        raise _refuse(unreadable) from None

    # Imported here: only the import needs it, and it takes a while to load.
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        # openpyxl raises many kinds of errors on a damaged file; all mean the same to a person.
        raise _refuse(unreadable) from None
    try:
        sheet = workbook.worksheets[0]
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + HEADER_SEARCH_ROWS + 1000:
                raise _too_many_rows()
            cells = [cell_text(value) for value in values]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                rows.append((number, cells))
    except ValidationError:
        raise
    except Exception:
        raise _refuse(unreadable) from None
    finally:
        workbook.close()
    return _table_from_rows(rows, kind="xlsx")


def cell_text(value: Any) -> str:
    """A cell's value as the text a person would type: 35, 600.5, 2026-01-01, oui."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(str(value)).normalize(), "f")
    return str(value).strip()


def decode_text(content: bytes) -> tuple[str, str]:
    """The text of a CSV file and its encoding: UTF-8 (with or without BOM), UTF-16 with a
    BOM (Excel's "Unicode text"), or else Windows-1252 (Excel's "CSV" on a French Windows)."""
    candidates: list[tuple[bytes, str]] = [
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ]
    for bom, encoding in candidates:
        if content.startswith(bom):
            try:
                return content.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    else:
        for encoding in ("utf-8", "cp1252"):
            try:
                return content.decode(encoding), encoding
            except UnicodeDecodeError:
                continue
    raise _refuse(
        _(
            "This file is not a spreadsheet: it is neither an .xlsx file nor text in UTF-8 "
            "or Windows-1252. Save it as .xlsx or “CSV UTF-8” and upload it again."
        )
    )


def _read_csv(content: bytes) -> Table:
    text, encoding = decode_text(content)
    if "\x00" in text:
        raise _refuse(
            _(
                "This file is not a spreadsheet (it holds binary data): choose an .xlsx or .csv file."
            )
        )
    lines = text.splitlines()
    if lines and lines[0].lower().startswith("sep=") and len(lines[0]) == 5:
        # Excel's own hint of the separator; Excel hides that line.
        text = text.split("\n", 1)[1] if "\n" in text else ""
        lines = lines[1:]
    # The separator is the one that makes the most known headers appear in the first
    # rows: counting separators misleads when amounts are written "600,00".
    best: tuple[int, str] = (-1, ";")
    for delimiter in (";", ",", "\t"):
        sample = list(csv.reader(lines[: HEADER_SEARCH_ROWS * 2], delimiter=delimiter))
        found = max((_known_headers(row) for row in sample), default=0)
        if found > best[0]:
            best = (found, delimiter)
    delimiter = best[1]
    rows: list[tuple[int, list[str]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        # Records are numbered as a spreadsheet numbers its rows, blank ones included.
        for number, values in enumerate(reader, start=1):
            if number > MAX_ROWS + HEADER_SEARCH_ROWS + 1000:
                raise _too_many_rows()
            cells = [value.strip() for value in values]
            while cells and not cells[-1]:
                cells.pop()
            rows.append((number, cells))
    except csv.Error:
        raise _refuse(
            _(
                "The CSV file is malformed (a quote is not closed?): open it in your "
                "spreadsheet software, save it again, and upload it again."
            )
        ) from None
    table = _table_from_rows([row for row in rows if row[1]], kind="csv")
    table.encoding = encoding
    table.delimiter = delimiter
    return table


def _known_headers(values: Sequence[str]) -> int:
    return len({column.key for value in values if (column := column_for_header(value))})


def _too_many_rows() -> ValidationError:
    return _refuse(
        _("The file has more than %(count)s rows: split it into several files.")
        % {"count": f"{MAX_ROWS:,}".replace(",", "\u202f")}
    )


def _table_from_rows(rows: list[tuple[int, list[str]]], *, kind: str) -> Table:
    for position, (number, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _known_headers(values) >= 2:
            data = rows[position + 1 :]
            if len(data) > MAX_ROWS:
                raise _too_many_rows()
            return Table(headers=values, header_row=number, rows=data, kind=kind)
    expected = "; ".join(column.header for column in MEMBER_COLUMNS[:8])
    raise _refuse(
        _(
            "No header row found: the first row must name the columns, e.g. %(headers)s. "
            "Download the template to see them all."
        )
        % {"headers": expected}
    )


def _map_headers(table: Table) -> None:
    seen: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        if not header:
            continue
        column = column_for_header(header)
        if column is None:
            table.ignored_headers.append(header)
            continue
        if column.key in seen:
            raise _refuse(
                _(
                    "Two columns mean “%(meaning)s”: “%(first)s” and “%(second)s”. Keep only "
                    "one of them and upload the file again."
                )
                % {
                    "meaning": column.header,
                    "first": table.headers[seen[column.key]],
                    "second": header,
                }
            )
        seen[column.key] = index
    if "siret" not in seen:
        raise _refuse(
            _(
                "The file has no SIRET column: each row needs the company's SIRET. Add a "
                "column headed “SIRET” and upload the file again."
            )
        )
    table.columns = seen


# Writing.


def xlsx_bytes(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    date_columns: Iterable[int] = (),
    money_columns: Iterable[int] = (),
) -> bytes:
    """An XLSX workbook with one sheet: a bold header row, then ``rows``.

    Text stays text (a SIRET or a postcode keeps its zeros); dates and amounts
    are real dates and numbers, so that people can sort and add them.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    dates, money = set(date_columns), set(money_columns)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                # Text, never a formula: the values come from members.
                cell.data_type = "s"
            if index in dates and value:
                cell.number_format = "DD/MM/YYYY"
            elif index in money and value is not None and value != "":
                cell.number_format = "#,##0.00"
            cells.append(cell)
        sheet.append(cells)
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV as French Excel opens it: ";" separated, decimal commas, dates as 31/12/2026.

    Encode it with :data:`CSV_ENCODING` (UTF-8 with a BOM, which tells Excel the encoding).
    """
    output = io.StringIO(newline="")
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return output.getvalue()


CSV_ENCODING = "utf-8-sig"


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return guarded(str(value))
