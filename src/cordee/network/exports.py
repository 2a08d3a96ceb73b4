"""Member lists and membership lists as XLSX or CSV files, for staff.

The member list uses the import's columns and words, so that an export can
be imported again unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cordee.network.access import Access
from cordee.network.import_cells import SIZE_BAND_RANGES, STATUS_WORDS
from cordee.network.models import Affiliation, Membership, Organisation, Territory
from cordee.network.spreadsheets import (
    COLUMN_BY_KEY,
    CSV_CONTENT_TYPE,
    CSV_ENCODING,
    MEMBER_COLUMNS,
    XLSX_CONTENT_TYPE,
    csv_text,
    xlsx_bytes,
)

FORMATS = ("xlsx", "csv")


def exported_organisations(
    access: Access, *, year: int, territory: Territory | None = None
) -> QuerySet[Organisation]:
    """The organisations ``access`` manages, with their people and their ``year`` membership."""
    organisations = Organisation.objects.manageable_by(access)
    if territory is not None:
        organisations = organisations.in_territory(territory)
    return (
        organisations.select_related("commune")
        .prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.current()
                .filter(person__erased_at__isnull=True)
                .select_related("person")
                .order_by("-is_head", "person__last_name", "person__first_name", "pk"),
                to_attr="people",
            ),
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(year=year).select_related("tier"),
                to_attr="year_memberships",
            ),
        )
        .order_by("legal_name", "pk")
    )


def member_rows(organisations: QuerySet[Organisation]) -> Iterator[list[Any]]:
    """One row per person (an organisation without people has one row), in import order."""
    for organisation in organisations:
        membership = organisation.year_memberships[0] if organisation.year_memberships else None
        company = [
            organisation.legal_name,
            organisation.trade_name,
            organisation.siret,
            organisation.naf_code,
            organisation.headcount
            if organisation.headcount is not None
            else SIZE_BAND_RANGES.get(organisation.size_band, ""),
            organisation.address,
            organisation.commune.postcode,
            organisation.commune.name,
            organisation.website,
        ]
        dues = (
            [
                membership.year,
                membership.tier.name,
                membership.amount,
                STATUS_WORDS[membership.status],
                membership.starts_on,
                membership.ends_on,
                membership.invoiced_on,
                membership.paid_on,
            ]
            if membership
            else [""] * 8
        )
        people = organisation.people or [None]
        for affiliation in people:
            person = (
                [
                    affiliation.person.last_name,
                    affiliation.person.first_name,
                    affiliation.person.email,
                    affiliation.job_title,
                    affiliation.person.phone,
                    "oui" if affiliation.is_head else "non",
                ]
                if affiliation
                else [""] * 6
            )
            yield [*company, *person, *dues]


MEMBER_HEADERS = [column.header for column in MEMBER_COLUMNS]
_MEMBER_DATES = [
    MEMBER_HEADERS.index(COLUMN_BY_KEY[key].header)
    for key in ("starts_on", "ends_on", "invoiced_on", "paid_on")
]
_MEMBER_MONEY = [MEMBER_HEADERS.index(COLUMN_BY_KEY["amount"].header)]


def member_list_response(
    organisations: QuerySet[Organisation], *, file_format: str, year: int
) -> HttpResponse:
    filename = f"membres-{year}-{timezone.localdate():%Y-%m-%d}"
    return spreadsheet_response(
        MEMBER_HEADERS,
        member_rows(organisations),
        file_format=file_format,
        filename=filename,
        title=_("Members"),
        date_columns=_MEMBER_DATES,
        money_columns=_MEMBER_MONEY,
    )


MEMBERSHIP_HEADERS = [
    "Raison sociale",
    "SIRET",
    "Territoire",
    "Année",
    "Formule",
    "Cotisation",
    "Statut",
    "Début d'adhésion",
    "Fin d'adhésion",
    "Facturée le",
    "Payée le",
    "Dernière relance",
]


def membership_rows(memberships: QuerySet[Membership]) -> Iterator[list[Any]]:
    for membership in memberships:
        organisation = membership.organisation
        yield [
            organisation.legal_name,
            organisation.siret,
            organisation.territory.name,
            membership.year,
            membership.tier.name,
            membership.amount,
            STATUS_WORDS[membership.status],
            membership.starts_on,
            membership.ends_on,
            membership.invoiced_on,
            membership.paid_on,
            timezone.localdate(membership.reminded_at) if membership.reminded_at else None,
        ]


def membership_list_response(
    memberships: QuerySet[Membership], *, file_format: str, year: int
) -> HttpResponse:
    return spreadsheet_response(
        MEMBERSHIP_HEADERS,
        membership_rows(memberships),
        file_format=file_format,
        filename=f"adhesions-{year}-{timezone.localdate():%Y-%m-%d}",
        title=_("Memberships %(year)s") % {"year": year},
        date_columns=[7, 8, 9, 10, 11],
        money_columns=[5],
    )


def spreadsheet_response(
    headers: Sequence[str],
    rows: Iterator[list[Any]],
    *,
    file_format: str,
    filename: str,
    title: str,
    date_columns: Sequence[int] = (),
    money_columns: Sequence[int] = (),
) -> HttpResponse:
    """A download of ``rows``: XLSX, or CSV in UTF-8 with a BOM and ";" for French Excel."""
    if file_format == "csv":
        response = HttpResponse(
            csv_text(headers, rows).encode(CSV_ENCODING), content_type=CSV_CONTENT_TYPE
        )
    else:
        file_format = "xlsx"
        response = HttpResponse(
            xlsx_bytes(
                headers,
                rows,
                title=title,
                date_columns=date_columns,
                money_columns=money_columns,
            ),
            content_type=XLSX_CONTENT_TYPE,
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    # Personal data: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response


def import_template_response(*, tier_names: Sequence[str]) -> HttpResponse:
    """The XLSX to fill in for an import: the headers, an example row, and a help sheet."""
    import io
    from datetime import date

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from cordee.network.identifiers import make_siret

    year = timezone.localdate().year
    example: dict[str, Any] = {
        "legal_name": "Décolletage Exemple SAS",
        "trade_name": "Exemple",
        "siret": make_siret(99999990),
        "naf_code": "25.62A",
        "headcount": 35,
        "address": "12 rue des Artisans",
        "postcode": "74300",
        "commune": "Cluses",
        "website": "https://www.exemple.fr",
        "last_name": "Martin",
        "first_name": "Claire",
        "email": "claire.martin@exemple.fr",
        "job_title": "Dirigeante",
        "phone": "04 50 00 00 00",
        "is_head": "oui",
        "year": year,
        "tier": tier_names[0] if tier_names else "PME",
        "amount": 600,
        "status": STATUS_WORDS[Membership.Status.INVOICED],
        "starts_on": date(year, 1, 1),
        "ends_on": date(year, 12, 31),
        "invoiced_on": date(year, 1, 15),
        "paid_on": None,
    }
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Members")[:31]
    sheet.append(MEMBER_HEADERS)
    sheet.append([example[column.key] for column in MEMBER_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index in _MEMBER_DATES:
        sheet.cell(row=2, column=index + 1).number_format = "DD/MM/YYYY"
    # SIRETs and postcodes are text: typed as numbers they would lose their zeros.
    for key in ("siret", "postcode"):
        letter = sheet.cell(row=1, column=MEMBER_HEADERS.index(COLUMN_BY_KEY[key].header) + 1)
        for row in range(2, 1001):
            sheet.cell(row=row, column=letter.column).number_format = "@"
    sheet.freeze_panes = "A2"
    for column_cells in sheet.columns:
        sheet.column_dimensions[column_cells[0].column_letter].width = 18

    help_sheet = workbook.create_sheet(_("Help")[:31])
    help_sheet.append([_("Column"), _("What to write")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for key, text in _template_help(tier_names):
        help_sheet.append([COLUMN_BY_KEY[key].header, text])
    help_sheet.append([])
    help_sheet.append(
        [
            "",
            _(
                "One row per person; repeat the company's SIRET on each row of its people. "
                "Delete the example row before importing."
            ),
        ]
    )
    help_sheet.column_dimensions["A"].width = 22
    help_sheet.column_dimensions["B"].width = 100
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="modele-import-membres.xlsx"'
    return response


def _template_help(tier_names: Sequence[str]) -> list[tuple[str, str]]:
    statuses = ", ".join(STATUS_WORDS.values())
    return [
        ("legal_name", _("Required for a new company.")),
        ("siret", _("Required: 14 digits (spaces allowed).")),
        ("naf_code", _("Like 25.62A.")),
        ("headcount", _("Required for a new company: a number (35) or a range (10-49).")),
        ("postcode", _("Required for a new company, with the commune.")),
        ("commune", _("Required for a new company; accents and hyphens do not matter.")),
        ("email", _("Required when the row names a person; their account is found by it.")),
        ("is_head", _("oui or non.")),
        ("year", _("Required when the row has a membership.")),
        ("tier", _("One of: %(tiers)s.") % {"tiers": ", ".join(tier_names) or "—"}),
        ("amount", _("In euros, like 600 or 1 250,50; empty: the tier's amount.")),
        ("status", _("One of: %(statuses)s.") % {"statuses": statuses}),
        ("starts_on", _("Like 01/01/2026; empty: 1 January of the year.")),
        ("ends_on", _("Like 31/12/2026; empty: 31 December of the year.")),
    ]
