"""From upload to import: the preview writes nothing; the import writes all or nothing,
or exactly the valid rows when staff choose so; it is checked again and audit-logged."""

from __future__ import annotations

from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from cordee.accounts.models import User
from cordee.audit.models import AuditEvent
from cordee.network.models import (
    Affiliation,
    Commune,
    ImportBatch,
    Membership,
    Organisation,
)
from cordee.network.tests.importing import (
    NEW_SIRET,
    OTHER_SIRET,
    company,
    csv_bytes,
    english,  # noqa: F401
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.usefixtures("english")

MEMBERSHIP = {
    "Année": "2026",
    "Formule": "PME",
    "Cotisation": "600,00",
    "Statut": "payée",
    "Payée le": "15/02/2026",
}


def import_batch(client, batch, **data):
    return client.post(reverse("network:import_apply", args=[batch.public_id]), data, follow=True)


def test_staff_upload_see_the_preview_then_import(client_as, staff, network):
    client = client_as("staff")
    before = Organisation.objects.count()
    response = upload(client, csv_bytes([company(**MEMBERSHIP)]))
    assert response.status_code == 200
    batch = ImportBatch.objects.get()
    assert response.redirect_chain[-1][0] == batch.get_absolute_url()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.report["counts"]["new"] == 1
    assert "Décolletage Nouveau" in response.content.decode()
    assert Organisation.objects.count() == before  # the preview is a dry run

    response = import_batch(client, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE, batch.error
    assert "1 company created" in response.content.decode()
    organisation = Organisation.objects.get(siret=NEW_SIRET)
    assert organisation.territory == network.arve
    assert organisation.commune == network.cluses
    assert organisation.headcount == 42 and organisation.size_band == "small"
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.year, membership.tier, membership.amount, membership.status) == (
        2026,
        network.tier,
        Decimal("600.00"),
        Membership.Status.PAID,
    )
    assert str(membership.paid_on) == "2026-02-15"
    person = User.objects.get(email="lea.nouveau@example.org")
    assert not person.has_usable_password()
    assert (person.first_name, person.last_name) == ("Léa", "Nouveau")
    address = EmailAddress.objects.get(user=person)
    assert address.primary and not address.verified
    affiliation = Affiliation.objects.get(person=person, organisation=organisation)
    assert affiliation.is_head and affiliation.job_title == "Dirigeante"
    event = AuditEvent.objects.get(action="network.import_applied")
    assert event.actor == staff
    assert event.details["organisations_created"] == 1
    assert not batch.file  # the people's details are not kept in a file


def test_a_file_with_an_error_imports_nothing(client_as):
    client = client_as("staff")
    upload(
        client,
        csv_bytes(
            [
                company(),
                company(SIRET=OTHER_SIRET, Commune="Clusse", **{"E-mail": "b@example.org"}),
            ]
        ),
    )
    batch = ImportBatch.objects.get()
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "Row 3, Commune: “Clusse” (74300) is not a known commune" in page
    assert "Import only the 1 valid row" in page

    response = import_batch(client, batch)
    assert "cannot be imported as it is" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert not Organisation.objects.filter(siret__in=[NEW_SIRET, OTHER_SIRET]).exists()
    assert not User.objects.filter(email="lea.nouveau@example.org").exists()


def test_importing_only_the_valid_rows_writes_exactly_them(client_as):
    client = client_as("staff")
    upload(
        client,
        csv_bytes(
            [
                company(),
                company(SIRET=OTHER_SIRET, Effectif="beaucoup", **{"E-mail": "b@example.org"}),
                {"SIRET": NEW_SIRET, "Nom": "Second", "E-mail": "second@example.org"},
                {"SIRET": NEW_SIRET, "Nom": "Third", "E-mail": "third@"},
            ]
        ),
    )
    batch = ImportBatch.objects.get()
    assert batch.report["counts"]["error"] == 2
    assert batch.report["counts"]["valid"] == 2
    import_batch(client, batch, valid_only="on")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.valid_only
    assert not Organisation.objects.filter(siret=OTHER_SIRET).exists()
    organisation = Organisation.objects.get(siret=NEW_SIRET)
    assert sorted(organisation.affiliations.values_list("person__email", flat=True)) == [
        "lea.nouveau@example.org",
        "second@example.org",
    ]
    assert not User.objects.filter(email__in=["b@example.org", "third@"]).exists()
    assert batch.result["rows"] == 2


def test_an_existing_company_is_updated_never_duplicated_and_people_are_found_by_email(
    client_as, network, head
):
    bouvier = network.bouvier
    client = client_as("staff")
    rows = [
        {
            "SIRET": bouvier.siret,
            "Nom commercial": "Bouvier",
            "E-mail": head.email.upper(),
            "Fonction": "PDG",
            "Dirigeant": "oui",
        }
    ]
    upload(client, csv_bytes(rows))
    import_batch(client, ImportBatch.objects.get())
    assert Organisation.objects.filter(siret=bouvier.siret).count() == 1
    bouvier.refresh_from_db()
    assert bouvier.trade_name == "Bouvier"
    assert bouvier.legal_name == "Décolletage Bouvier"  # empty cells keep what was there
    assert User.objects.filter(email__iexact=head.email).count() == 1
    assert Affiliation.objects.get(person=head, organisation=bouvier).job_title == "PDG"


def test_the_import_checks_the_file_again_and_writes_nothing_if_it_became_wrong(client_as):
    client = client_as("staff")
    upload(
        client, csv_bytes([company(), company(SIRET=OTHER_SIRET, **{"E-mail": "b@example.org"})])
    )
    batch = ImportBatch.objects.get()
    assert batch.report["counts"]["error"] == 0
    # Between the preview and the import, someone creates one of the companies elsewhere.
    Organisation.objects.create(
        slug="ailleurs",
        legal_name="Ailleurs",
        siren=OTHER_SIRET[:9],
        siret=OTHER_SIRET,
        size_band="small",
        commune=Commune.objects.get(name="Annecy"),
    )
    coordinator_client = client_as("coordinator")
    # The coordinator of the Arve valley does not see the whole network's batch...
    assert coordinator_client.get(batch.get_absolute_url()).status_code == 404
    # ...and staff import it: the check sees the new company, in a territory they manage,
    # so the import goes through as an update, with no duplicate.
    import_batch(client, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert Organisation.objects.filter(siret=OTHER_SIRET).count() == 1


def test_a_coordinators_import_is_checked_again_against_their_territory(client_as, network):
    client = client_as("coordinator")
    upload(client, csv_bytes([company()]))
    batch = ImportBatch.objects.get()
    assert batch.territory == network.arve
    # The commune moves to another branch before the import.
    Commune.objects.filter(pk=network.cluses.pk).update(territory=network.annecy)
    import_batch(client, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert "1 row has an error, so nothing was imported" in batch.error
    assert batch.report["counts"]["error"] == 1
    assert not Organisation.objects.filter(siret=NEW_SIRET).exists()


def test_an_xlsx_file_is_imported(client_as):
    client = client_as("staff")
    upload(client, xlsx_bytes([company(**MEMBERSHIP)]), name="membres.xlsx")
    batch = ImportBatch.objects.get()
    import_batch(client, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert Membership.objects.get(organisation__siret=NEW_SIRET).status == "paid"


def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_form(client_as):
    response = upload(client_as("staff"), b"%PDF-1.4 not a list", name="liste.csv")
    assert response.status_code == 200
    assert "not a spreadsheet" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_batch_imported_once_cannot_be_imported_again(client_as):
    client = client_as("staff")
    upload(client, csv_bytes([company()]))
    batch = ImportBatch.objects.get()
    import_batch(client, batch)
    response = import_batch(client, batch)
    assert "already being imported, or has been" in response.content.decode()
    assert Organisation.objects.filter(siret=NEW_SIRET).count() == 1


def test_the_status_part_is_served_to_htmx_while_the_import_runs(client_as):
    client = client_as("staff")
    upload(client, csv_bytes([company()]))
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    response = client.get(f"{batch.get_absolute_url()}?part=status", HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert 'hx-trigger="every 2s"' in content
    assert "<html" not in content
    # Without JavaScript, the whole page says the same, with a link to reload it.
    assert "Refresh to see where it is" in client.get(batch.get_absolute_url()).content.decode()


def test_the_rows_with_errors_can_be_listed_alone(client_as):
    client = client_as("staff")
    upload(client, csv_bytes([company(), company(SIRET="123", **{"E-mail": "b@example.org"})]))
    batch = ImportBatch.objects.get()
    response = client.get(f"{batch.get_absolute_url()}?show=errors")
    assert [row["row"] for row in response.context["page"].object_list] == [3]


def test_the_template_is_an_xlsx_with_the_expected_headers_and_an_example(client_as, staff):
    from cordee.network.access import Access
    from cordee.network.import_checks import RowStatus, check_table
    from cordee.network.spreadsheets import MEMBER_COLUMNS, read_table

    response = client_as("staff").get(reverse("network:import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    table = read_table(response.content)
    assert table.headers == [column.header for column in MEMBER_COLUMNS]
    # The example row is itself a valid row.
    result = check_table(table, Access.for_user(staff))
    assert [row.status for row in result.rows] == [RowStatus.NEW], result.rows[0].errors


@pytest.fixture
def checked_by_the_worker(monkeypatch):
    from cordee.network import imports

    monkeypatch.setattr(imports, "CHECK_IN_REQUEST_MAX_BYTES", 10)


@pytest.mark.usefixtures("checked_by_the_worker")
def test_a_larger_file_is_checked_by_the_worker(client_as):
    response = upload(client_as("staff"), csv_bytes([company()]))
    batch = ImportBatch.objects.get()
    # The test backend runs the task at once; in production the page polls meanwhile.
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.report["counts"]["new"] == 1
    assert response.redirect_chain[-1][0] == batch.get_absolute_url()


@pytest.mark.usefixtures("checked_by_the_worker")
def test_a_larger_file_that_cannot_be_read_says_why_on_its_page(client_as):
    client = client_as("staff")
    response = upload(client, b"%PDF-1.4 " + b"x" * 100, name="liste.xlsx")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED
    assert "not a spreadsheet" in batch.error
    assert "not a spreadsheet" in response.content.decode()
    assert import_batch(client, batch).status_code == 200
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED


def test_polling_reloads_the_whole_page_once_the_work_is_done(client_as):
    client = client_as("staff")
    upload(client, csv_bytes([company()]))
    batch = ImportBatch.objects.get()
    response = client.get(f"{batch.get_absolute_url()}?part=status", HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"


def test_imports_older_than_a_month_lose_their_file_and_rows_but_keep_their_counts(client_as):
    from datetime import timedelta

    from django.utils import timezone

    from cordee.core.scheduling import periodics
    from cordee.network.imports import forget_old_imports, import_batches_forget

    client = client_as("staff")
    upload(client, csv_bytes([company()]))
    batch = ImportBatch.objects.get()
    assert import_batches_forget() == 0
    assert import_batches_forget(now=timezone.now() + timedelta(days=31)) == 1
    batch.refresh_from_db()
    assert not batch.file and "rows" not in batch.report
    assert batch.status == ImportBatch.Status.FAILED
    assert "was not imported within 30 days" in batch.error
    assert batch.report["counts"]["new"] == 1
    assert client.get(batch.get_absolute_url()).status_code == 200
    assert any(p.task == forget_old_imports for p in periodics())
