"""Each bad input of a member list is refused with its row, its column and what to do."""

from __future__ import annotations

import pytest

from cordee.network.access import Access
from cordee.network.import_checks import RowStatus, check_table, check_valid_rows
from cordee.network.models import Affiliation, Membership, MembershipTier, Organisation
from cordee.network.spreadsheets import read_table
from cordee.network.tests.importing import (
    NEW_SIRET,
    OTHER_SIRET,
    company,
    csv_bytes,
    english,  # noqa: F401
    upload,
)

pytestmark = pytest.mark.usefixtures("english")


def check(rows, user, **options):
    return check_table(read_table(csv_bytes(rows, **options)), Access.for_user(user))


def errors_of(result, row_number):
    row = next(row for row in result.rows if row.number == row_number)
    return [f"{error['column']}: {error['message']}" for error in row.errors]


def test_a_valid_new_company_is_new_and_nothing_is_written(staff):
    before = Organisation.objects.count()
    result = check([company()], staff)
    assert [row.status for row in result.rows] == [RowStatus.NEW]
    assert result.rows[0].number == 2
    assert Organisation.objects.count() == before


def test_a_siret_with_a_wrong_check_digit_is_refused_with_its_row(staff):
    bad = NEW_SIRET[:-1] + str((int(NEW_SIRET[-1]) + 1) % 10)
    result = check([company(), company(SIRET=bad, **{"E-mail": "b@example.org"})], staff)
    assert result.rows[1].status == RowStatus.ERROR
    [message] = errors_of(result, 3)
    assert message.startswith("SIRET: ")
    assert "not valid (wrong check digit)" in message
    assert "typo" in message


def test_a_siret_of_the_wrong_length_is_refused(staff):
    result = check([company(SIRET="123 456 789")], staff)
    assert "14 digits" in errors_of(result, 2)[0]


def test_a_siret_rounded_by_a_spreadsheet_is_explained(staff):
    result = check([company(SIRET="7.41000012E+13")], staff)
    assert "format the column as text" in errors_of(result, 2)[0]


def test_an_unknown_commune_is_refused_with_the_close_names_suggested(staff):
    result = check([company(Commune="Cluse")], staff)
    [message] = errors_of(result, 2)
    assert message.startswith("Commune: ")
    assert "did you mean “Cluses” (74300)" in message


def test_a_commune_unknown_in_the_department_says_to_ask_an_administrator(staff):
    result = check([company(Commune="Paris", **{"Code postal": "75001"})], staff)
    assert "ask an administrator to add the commune" in errors_of(result, 2)[0]


def test_a_commune_matches_whatever_its_case_accents_and_hyphens(staff, network):
    result = check(
        [company(Commune="THONON LES BAINS", **{"Code postal": "74200"})],
        staff,
    )
    assert result.rows[0].status == RowStatus.NEW
    assert result.organisations[0].values["commune"] == network.thonon


def test_a_new_company_without_legal_name_or_headcount_is_refused(staff):
    result = check([company(**{"Raison sociale": "", "Effectif": ""})], staff)
    messages = errors_of(result, 2)
    assert any(m.startswith("Raison sociale: the cell is empty") for m in messages)
    assert any(m.startswith("Effectif: the cell is empty") for m in messages)


def test_a_row_without_siret_is_refused(staff):
    result = check([company(SIRET="")], staff)
    assert errors_of(result, 2) == [
        "SIRET: the cell is empty: every row needs the company's SIRET (14 digits)."
    ]


def test_a_bad_email_is_refused(staff):
    result = check([company(**{"E-mail": "lea.nouveau@"})], staff)
    [message] = errors_of(result, 2)
    assert message.startswith("E-mail: “lea.nouveau@” is not a valid e-mail address")


def test_a_person_without_email_is_refused(staff):
    result = check([company(**{"E-mail": ""})], staff)
    assert errors_of(result, 2)[0].startswith("E-mail: the cell is empty")


def test_bad_amount_date_status_and_year_are_each_refused(staff):
    result = check(
        [
            company(
                **{
                    "Année": "20226",
                    "Formule": "PME",
                    "Cotisation": "six cents",
                    "Statut": "peut-être",
                    "Début d'adhésion": "32/01/2026",
                }
            )
        ],
        staff,
    )
    messages = errors_of(result, 2)
    assert any(m.startswith("Année: “20226” is not a year") for m in messages)
    assert any(m.startswith("Cotisation: “six cents” is not an amount") for m in messages)
    assert any(m.startswith("Statut: “peut-être” is not a membership status") for m in messages)
    assert any(m.startswith("Début d'adhésion: “32/01/2026” is not a date") for m in messages)


def test_an_unknown_tier_is_refused_with_the_tiers_named(staff):
    MembershipTier.objects.create(name="ETI", amount=1500)
    result = check([company(**{"Année": "2026", "Formule": "Grand compte"})], staff)
    assert errors_of(result, 2) == [
        "Formule: “Grand compte” is not a tier of the network: write one of PME, ETI."
    ]


def test_a_membership_ending_before_it_starts_is_refused(staff):
    result = check(
        [
            company(
                **{
                    "Année": "2026",
                    "Début d'adhésion": "01/06/2026",
                    "Fin d'adhésion": "01/01/2026",
                }
            )
        ],
        staff,
    )
    assert errors_of(result, 2)[0].startswith("Fin d'adhésion: the membership ends (01/01/2026)")


def test_several_rows_of_one_siret_add_people(staff):
    result = check(
        [
            company(),
            {"SIRET": NEW_SIRET, "Nom": "Second", "E-mail": "second@example.org"},
        ],
        staff,
    )
    assert [row.status for row in result.rows] == [RowStatus.NEW, RowStatus.NEW]
    assert [person.email for person in result.organisations[0].people] == [
        "lea.nouveau@example.org",
        "second@example.org",
    ]


def test_a_repeated_siret_that_adds_nobody_is_refused(staff):
    result = check(
        [
            company(),
            company(**{"E-mail": "", "Nom": "", "Prénom": "", "Fonction": "", "Dirigeant": ""}),
        ],
        staff,
    )
    assert errors_of(result, 3) == [
        "SIRET: this SIRET is already on row 2 and this row adds no person: delete it, or "
        "merge the two rows."
    ]
    assert result.rows[0].status == RowStatus.NEW


def test_a_repeated_siret_that_describes_the_company_otherwise_is_refused(staff):
    result = check(
        [company(), company(**{"Raison sociale": "Autre nom", "E-mail": "b@example.org"})],
        staff,
    )
    assert errors_of(result, 3) == [
        "Raison sociale: “Autre nom” differs from “Décolletage Nouveau” on row 2 for the same "
        "SIRET: write the same value on every row of this company, or leave the cell empty."
    ]


def test_the_same_person_twice_for_one_company_is_refused(staff):
    result = check([company(), company()], staff)
    assert errors_of(result, 3)[0].startswith(
        "E-mail: “lea.nouveau@example.org” is already on row 2"
    )


def test_a_coordinator_cannot_import_a_company_of_another_territory(coordinator, network):
    lacroix = network.lacroix
    result = check(
        [company(SIRET=lacroix.siret, **{"Code postal": "", "Commune": ""})],
        coordinator,
    )
    [message] = errors_of(result, 2)
    assert message.startswith(f"SIRET: “{lacroix.name}” (SIRET {lacroix.siret}) is already in")
    assert "“Bassin annécien”, which you do not manage" in message


def test_a_coordinator_cannot_import_a_company_into_another_territory(coordinator):
    result = check([company(Commune="Annecy", **{"Code postal": "74000"})], coordinator)
    assert errors_of(result, 2) == [
        "Commune: “Annecy” is in the territory “Bassin annécien”, which you do not manage: "
        "remove this row, or ask the staff of that territory to import it."
    ]


def test_a_coordinator_imports_into_their_territory(coordinator):
    assert check([company(Commune="Scionzier", **{"Code postal": "74950"})], coordinator).rows[
        0
    ].status == (RowStatus.NEW)


def test_an_error_on_the_company_puts_its_other_rows_in_error(staff):
    result = check(
        [
            company(Commune="Nulle-Part"),
            {"SIRET": NEW_SIRET, "E-mail": "second@example.org", "Nom": "Second"},
        ],
        staff,
    )
    assert errors_of(result, 3) == [
        "SIRET: the company of this row has an error on row 2: fix that row first."
    ]


def test_an_existing_company_is_an_update_and_only_changed_columns_are_listed(staff, network):
    bouvier = network.bouvier
    result = check(
        [{"SIRET": bouvier.siret, "Raison sociale": bouvier.legal_name, "Effectif": "80"}],
        staff,
    )
    assert result.rows[0].status == RowStatus.UPDATE
    assert result.rows[0].changes == ["Effectif"]
    assert result.organisations[0].values == {"headcount": 80, "size_band": "medium"}


def test_an_existing_company_with_the_same_values_is_unchanged(staff, head, network):
    bouvier = network.bouvier
    Affiliation.objects.filter(person=head).update(job_title="Dirigeant")
    result = check(
        [
            {
                "SIRET": bouvier.siret,
                "Raison sociale": bouvier.legal_name,
                "Effectif": "35",
                "Code postal": "74300",
                "Commune": "cluses",
                "E-mail": head.email.upper(),
                "Fonction": "Dirigeant",
                "Dirigeant": "oui",
            }
        ],
        staff,
    )
    assert result.rows[0].status == RowStatus.UNCHANGED, result.rows[0].errors


def test_the_valid_rows_leave_out_those_that_lean_on_a_row_in_error(staff):
    table = read_table(
        csv_bytes(
            [
                company(**{"E-mail": "not-an-address"}),
                {"SIRET": NEW_SIRET, "E-mail": "second@example.org", "Nom": "Second"},
                company(SIRET=OTHER_SIRET, **{"E-mail": "other@example.org"}),
            ]
        )
    )
    access = Access.for_user(staff)
    full = check_table(table, access)
    assert full.error_rows == {2}
    # Without row 2, row 3 names no company: it is left out too.
    valid = check_valid_rows(table, access)
    assert [row.number for row in valid.rows] == [4]


def test_checking_reads_the_database_in_a_constant_number_of_queries(
    staff, django_assert_max_num_queries
):
    from cordee.network.identifiers import make_siret

    access = Access.for_user(staff)
    rows = [
        company(SIRET=make_siret(74200000 + n), **{"E-mail": f"p{n}@example.org"})
        for n in range(60)
    ]
    table = read_table(csv_bytes(rows))
    with django_assert_max_num_queries(8):
        result = check_table(table, access)
    assert len(result.rows) == 60
    assert not Membership.objects.filter(year=1990).exists()


def test_a_row_with_an_unreadable_siret_still_shows_its_other_mistakes(client_as):
    response = upload(
        client_as("staff"), csv_bytes([company(SIRET="74100001200019", Commune="Clusse")])
    )
    row = response.context["batch"].report["rows"][0]
    assert [error["column"] for error in row["errors"]] == ["SIRET", "Commune"]
