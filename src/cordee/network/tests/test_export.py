"""The member list export: staff only, scoped, French Excel friendly, and importable again."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cordee.audit.models import AuditEvent
from cordee.network.access import Access
from cordee.network.import_checks import RowStatus, check_table
from cordee.network.models import Organisation
from cordee.network.spreadsheets import read_table
from cordee.network.tests.importing import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")


def export(client, **params):
    return client.get(reverse("network:export"), params)


@pytest.fixture
def people(head, member, expert, outsider):
    return [head, member, expert, outsider]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_an_export_imports_again_unchanged(client_as, staff, people, file_format):
    response = export(client_as("staff"), file_format=file_format)
    assert response.status_code == 200
    table = read_table(response.content)
    result = check_table(table, Access.for_user(staff))
    assert {row.status for row in result.rows} == {RowStatus.UNCHANGED}, [
        (row.number, row.errors, row.changes) for row in result.rows
    ]
    # One row per person; the organisation without people has a row of its own.
    assert len(result.rows) == 4
    assert {row.email for row in result.rows} == {person.email for person in people}


def test_the_csv_is_utf8_with_a_bom_and_semicolons_for_french_excel(client_as, people):
    response = export(client_as("staff"), file_format="csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Raison sociale;Nom commercial;SIRET;")
    assert "Prénom" in header
    assert "600,00" in response.content.decode("utf-8-sig")
    assert "attachment;" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_the_export_holds_the_chosen_year_membership(client_as, network, head):
    year = timezone.localdate().year
    table = read_table(export(client_as("staff"), year=year).content)
    cells = [table.cells(values) for _, values in table.rows]
    bouvier = next(c for c in cells if c["siret"] == network.bouvier.siret)
    assert (bouvier["year"], bouvier["tier"], bouvier["status"]) == (str(year), "PME", "payée")
    table = read_table(export(client_as("staff"), year=year + 1).content)
    assert all(not table.cells(values).get("year") for _, values in table.rows)


def test_a_coordinator_exports_only_their_territory(client_as, network, people):
    table = read_table(export(client_as("coordinator")).content)
    sirets = {table.cells(values)["siret"] for _, values in table.rows}
    assert sirets == {network.bouvier.siret, network.arvis.siret}


def test_an_export_is_audit_logged(client_as, staff):
    export(client_as("staff"))
    assert AuditEvent.objects.get(action="network.members_exported").actor == staff


def test_an_export_of_many_organisations_takes_a_constant_number_of_queries(
    client_as, network, people, django_assert_max_num_queries
):
    from cordee.network.identifiers import make_siret

    client = client_as("staff")
    export(client)  # warm up the session and the access
    for n in range(20):
        Organisation.objects.create(
            slug=f"extra-{n}",
            legal_name=f"Extra {n}",
            siren=make_siret(75000000 + n)[:9],
            siret=make_siret(75000000 + n),
            size_band="small",
            commune=network.cluses,
        )
    with django_assert_max_num_queries(14):
        response = export(client)
    assert len(read_table(response.content).rows) == 24


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_formula_typed_by_a_member_is_exported_as_text_and_imports_back(
    client_as, staff, network, file_format
):
    network.bouvier.trade_name = '=HYPERLINK("http://evil.example","clic")'
    network.bouvier.save()
    response = export(client_as("staff"), file_format=file_format)
    if file_format == "csv":
        assert "'=HYPERLINK(" in response.content.decode("utf-8-sig")
    else:
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        cell = next(c for c in sheet["B"] if c.value and "HYPERLINK" in str(c.value))
        assert cell.data_type == "s"
    result = check_table(read_table(response.content), Access.for_user(staff))
    assert {row.status for row in result.rows} == {RowStatus.UNCHANGED}
