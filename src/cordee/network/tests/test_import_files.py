"""Member lists come as XLSX or CSV, in the encodings and separators French software writes;
anything else is refused with a message that says what to do."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from cordee.network import spreadsheets
from cordee.network.access import Access
from cordee.network.import_checks import RowStatus, check_table
from cordee.network.spreadsheets import read_table
from cordee.network.tests.importing import (
    NEW_SIRET,
    company,
    csv_bytes,
    english,  # noqa: F401
    xlsx_bytes,
)

pytestmark = pytest.mark.usefixtures("english")


def refusal(content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        read_table(content)
    return caught.value.messages[0]


def test_a_windows_1252_csv_separated_by_semicolons_is_read():
    content = csv_bytes([company()], encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    table = read_table(content)
    assert (table.kind, table.encoding, table.delimiter) == ("csv", "cp1252", ";")
    cells = table.cells(table.rows[0][1])
    assert cells["legal_name"] == "Décolletage Nouveau"
    assert cells["first_name"] == "Léa"


def test_a_utf8_csv_with_a_bom_separated_by_commas_is_read():
    table = read_table(csv_bytes([company(Cotisation='"600,50"')], delimiter=","))
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ",")
    assert table.cells(table.rows[0][1])["amount"] == "600,50"


def test_a_utf8_csv_without_bom_is_read():
    table = read_table(csv_bytes([company()], encoding="utf-8"))
    assert table.encoding == "utf-8"
    assert table.cells(table.rows[0][1])["siret"] == NEW_SIRET


def test_an_xlsx_is_read_with_numbers_and_dates_as_text(staff):
    from datetime import datetime

    content = xlsx_bytes(
        [
            company(
                SIRET=int(NEW_SIRET),
                Effectif=42,
                **{
                    "Code postal": 74300,
                    "Année": 2026,
                    "Cotisation": 600.5,
                    "Formule": "PME",
                    "Début d'adhésion": datetime(2026, 1, 1),
                },
            )
        ]
    )
    table = read_table(content)
    assert table.kind == "xlsx"
    cells = table.cells(table.rows[0][1])
    assert cells["siret"] == NEW_SIRET
    assert cells["postcode"] == "74300"
    assert cells["amount"] == "600.5"
    assert cells["starts_on"] == "2026-01-01"
    result = check_table(table, Access.for_user(staff))
    assert result.rows[0].status == RowStatus.NEW, result.rows[0].errors


def test_headers_are_recognised_whatever_their_case_accents_and_variant():
    headers = ["RAISON SOCIALE", "siret", "Code Postal", "Ville", "Prenom", "Courriel", "Montant"]
    table = read_table(csv_bytes([], headers=headers))
    assert set(table.columns) == {
        "legal_name",
        "siret",
        "postcode",
        "commune",
        "first_name",
        "email",
        "amount",
    }


def test_the_header_row_may_sit_below_a_title_and_rows_keep_their_numbers():
    content = "Liste des adhérents 2026\r\n\r\n".encode() + csv_bytes([company()], encoding="utf-8")
    table = read_table(content)
    assert table.header_row == 3
    assert table.rows[0][0] == 4


def test_unknown_columns_are_listed_and_ignored():
    table = read_table(csv_bytes([], headers=["SIRET", "Raison sociale", "Remarques"]))
    assert table.ignored_headers == ["Remarques"]


def test_a_file_without_siret_column_is_refused():
    message = refusal(csv_bytes([], headers=["Raison sociale", "Commune"]))
    assert message.startswith("The file has no SIRET column")


def test_two_columns_of_the_same_meaning_are_refused():
    message = refusal(csv_bytes([], headers=["SIRET", "E-mail", "Courriel"]))
    assert message.startswith("Two columns mean “E-mail”: “E-mail” and “Courriel”")


def test_a_file_without_header_row_is_refused():
    assert refusal(b"a;b;c\r\n1;2;3\r\n").startswith("No header row found")


def test_an_oversized_file_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_BYTES", 100)
    assert refusal(csv_bytes([company()])).startswith("The file is larger than")


def test_a_file_of_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    content = csv_bytes([company(**{"E-mail": f"p{n}@example.org"}) for n in range(4)])
    assert refusal(content).startswith("The file has more than 3 rows")


def test_a_pdf_is_refused():
    assert "not a spreadsheet" in refusal(b"%PDF-1.7\n...")


def test_binary_content_is_refused():
    assert "not a spreadsheet" in refusal(bytes(range(256)) * 4)


def test_an_old_xls_file_is_refused():
    assert ".xls" in refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)


def test_a_zip_that_is_not_a_workbook_is_refused():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert refusal(output.getvalue()).startswith("This ZIP file is not an Excel workbook")


def test_a_damaged_workbook_is_refused():
    content = xlsx_bytes([company()])
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                data = b"<not xml"
            target.writestr(item, data)
    assert refusal(output.getvalue()).startswith("This XLSX file cannot be read")
