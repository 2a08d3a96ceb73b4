"""Checking a member list before importing it: every row, against the database, writing nothing.

One row is an organisation, optionally with one person and one membership;
more rows with the same SIRET add people (or memberships of other years), and
may leave the organisation's cells empty. :func:`check_table` gives each row
its status (new, update, unchanged, error) and its errors, each with its
column and what to do, and the plan that :mod:`cordee.network.imports`
writes. It reads the database in a number of queries that does not grow
with the rows.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.fr.siret import format as siret_format
from stdnum.fr.siret import is_valid as siret_is_valid

from cordee.accounts.models import User
from cordee.network import import_cells as cells
from cordee.network.access import Access
from cordee.network.models import (
    Affiliation,
    Commune,
    Membership,
    MembershipTier,
    Organisation,
)
from cordee.network.spreadsheets import Table, normalise

ORGANISATION_KEYS = (
    "legal_name",
    "trade_name",
    "naf_code",
    "headcount",
    "address",
    "postcode",
    "commune",
    "website",
)
PERSON_KEYS = ("last_name", "first_name", "email", "job_title", "phone", "is_head")
MEMBERSHIP_KEYS = (
    "year",
    "tier",
    "amount",
    "status",
    "starts_on",
    "ends_on",
    "invoiced_on",
    "paid_on",
)
DATE_KEYS = ("starts_on", "ends_on", "invoiced_on", "paid_on")

_CLEANERS: dict[str, Callable[[str], Any]] = {
    "legal_name": lambda value: cells.text(value, max_length=200),
    "trade_name": lambda value: cells.text(value, max_length=200),
    "naf_code": cells.naf_code,
    "headcount": cells.headcount,
    "address": lambda value: cells.text(value, max_length=255),
    "postcode": cells.postcode,
    "commune": lambda value: cells.text(value, max_length=120),
    "website": cells.website,
    "last_name": lambda value: cells.text(value, max_length=150),
    "first_name": lambda value: cells.text(value, max_length=150),
    "email": cells.email,
    "job_title": lambda value: cells.text(value, max_length=120),
    "phone": lambda value: cells.text(value, max_length=30),
    "is_head": cells.boolean,
    "year": cells.year,
    "tier": lambda value: value,
    "amount": cells.amount,
    "status": cells.status,
    **dict.fromkeys(DATE_KEYS, cells.day),
}


class RowStatus:
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class RowCheck:
    """What the preview shows of one row: its status, what it changes, its errors."""

    number: int
    siret: str = ""
    name: str = ""
    email: str = ""
    membership: str = ""
    changes: list[str] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    status: str = RowStatus.UNCHANGED

    def error(self, column: str, message: str) -> None:
        self.errors.append({"column": column, "message": message})

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.number,
            "status": self.status,
            # Grouped as people read it: 741 000 012 00012.
            "siret": siret_format(self.siret) if siret_is_valid(self.siret) else self.siret,
            "name": self.name,
            "email": self.email,
            "membership": self.membership,
            "changes": self.changes,
            "errors": self.errors,
        }


@dataclass
class _Row:
    check: RowCheck
    cells: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    # A cell of the organisation could not be read: the organisation cannot be imported.
    organisation_error: bool = False

    def has_any(self, keys: Iterable[str]) -> bool:
        return any(key in self.values for key in keys)

    @property
    def has_person(self) -> bool:
        # "Dirigeant: non" alone is not a person: exports write it on rows without one.
        return self.has_any(key for key in PERSON_KEYS if key != "is_head") or bool(
            self.values.get("is_head")
        )


@dataclass
class PersonPlan:
    row: int
    email: str
    user: User | None
    profile: dict[str, str]
    affiliation: Affiliation | None
    job_title: str | None
    is_head: bool | None


@dataclass
class MembershipPlan:
    row: int
    year: int
    existing: Membership | None
    values: dict[str, Any]


@dataclass
class OrganisationPlan:
    siret: str
    existing: Organisation | None
    values: dict[str, Any]
    people: list[PersonPlan] = field(default_factory=list)
    memberships: list[MembershipPlan] = field(default_factory=list)


@dataclass
class Check:
    """A checked table: one :class:`RowCheck` per row, and what applying it would write."""

    rows: list[RowCheck]
    organisations: list[OrganisationPlan]
    table: Table

    @property
    def error_rows(self) -> set[int]:
        return {row.number for row in self.rows if row.errors}

    def counts(self) -> dict[str, int]:
        counts = Counter(row.status for row in self.rows)
        return {
            "rows": len(self.rows),
            **{
                status: counts[status]
                for status in (
                    RowStatus.NEW,
                    RowStatus.UPDATE,
                    RowStatus.UNCHANGED,
                    RowStatus.ERROR,
                )
            },
        }


def _row_label(table: Table, key: str) -> str:
    return table.header_of(key)


# Checking: nothing here writes to the database.


def check_table(table: Table, access: Access) -> Check:
    """Check every row of ``table`` for an import by ``access``: a dry run.

    Reads the database in a number of queries that does not grow with the rows.
    """
    rows = [_parse_row(table, number, values) for number, values in table.rows]
    groups: dict[str, list[_Row]] = defaultdict(list)
    # Rows whose SIRET cannot be read still get their other cells checked, so
    # that one upload shows every mistake of the row; they never make a plan.
    unreadable: dict[str, list[_Row]] = {}
    for row in rows:
        if "siret" in row.values:
            groups[row.values["siret"]].append(row)
        else:
            unreadable[f"row-{row.check.number}"] = [row]

    context = _Context.load(table, {**groups, **unreadable}, access)
    context.rows = {row.check.number: row for row in rows}
    plans = [_check_group(table, siret, group, context) for siret, group in groups.items()]
    for key, group in unreadable.items():
        _check_group(table, key, group, context)

    for row in rows:
        if row.check.errors:
            row.check.status = RowStatus.ERROR
    return Check(rows=[row.check for row in rows], organisations=plans, table=table)


def _parse_row(table: Table, number: int, values: list[str]) -> _Row:
    row = _Row(check=RowCheck(number=number), cells=table.cells(values))
    for key, raw in row.cells.items():
        if not raw or key == "siret":
            continue
        try:
            row.values[key] = _CLEANERS[key](raw)
        except cells.CellError as error:
            row.check.error(_row_label(table, key), error.message)
            row.organisation_error = row.organisation_error or key in ORGANISATION_KEYS
    raw_siret = row.cells.get("siret", "")
    row.check.siret = raw_siret
    if not raw_siret:
        row.check.error(
            _row_label(table, "siret"),
            _("the cell is empty: every row needs the company's SIRET (14 digits)."),
        )
    else:
        try:
            row.values["siret"] = row.check.siret = cells.siret(raw_siret)
        except cells.CellError as error:
            row.check.error(_row_label(table, "siret"), error.message)
    row.check.name = row.values.get("trade_name") or row.values.get("legal_name", "")
    row.check.email = row.values.get("email", row.cells.get("email", ""))
    if row.has_person and "email" not in row.values and not row.cells.get("email"):
        row.check.error(
            _row_label(table, "email"),
            _(
                "the cell is empty: the person needs an e-mail address, or clear the "
                "person's cells if the row has no person."
            ),
        )
    if row.has_any(MEMBERSHIP_KEYS) and "year" not in row.values:
        if "starts_on" in row.values:
            row.values["year"] = row.values["starts_on"].year
        elif not row.cells.get("year"):
            row.check.error(
                _row_label(table, "year"),
                _("the cell is empty: write the membership's year, like %(year)s.")
                % {"year": timezone.localdate().year},
            )
    return row


@dataclass
class _Context:
    """What the database holds about the file's organisations, communes, tiers and people."""

    access: Access
    organisations: dict[str, Organisation]
    communes: dict[str, list[Commune]]
    tiers: dict[str, MembershipTier]
    users: dict[str, User]
    affiliations: dict[tuple[int, int], Affiliation]
    memberships: dict[tuple[int, int], Membership]
    rows: dict[int, _Row] = field(default_factory=dict)
    nearby: dict[str, list[Commune]] = field(default_factory=dict)

    @classmethod
    def load(cls, table: Table, groups: dict[str, list[_Row]], access: Access) -> _Context:
        rows = [row for group in groups.values() for row in group]
        organisations = {
            org.siret: org
            for org in Organisation.objects.filter(siret__in=list(groups)).select_related(
                "territory", "commune"
            )
        }
        postcodes = {row.values["postcode"] for row in rows if "postcode" in row.values}
        communes: dict[str, list[Commune]] = defaultdict(list)
        for commune in Commune.objects.filter(postcode__in=postcodes).select_related("territory"):
            communes[commune.postcode].append(commune)
        emails = {row.values["email"] for row in rows if "email" in row.values}
        users = {
            user.email_lower: user
            for user in User.objects.annotate(email_lower=Lower("email")).filter(
                email_lower__in=emails
            )
        }
        affiliations = {
            (affiliation.organisation_id, affiliation.person_id): affiliation
            for affiliation in Affiliation.objects.current().filter(
                organisation__in=organisations.values(), person__in=users.values()
            )
        }
        years = {row.values["year"] for row in rows if "year" in row.values}
        memberships = {
            (membership.organisation_id, membership.year): membership
            for membership in Membership.objects.filter(
                organisation__in=organisations.values(), year__in=years
            ).select_related("tier")
        }
        return cls(
            access=access,
            organisations=organisations,
            communes=communes,
            tiers={normalise(tier.name): tier for tier in MembershipTier.objects.all()},
            users=users,
            affiliations=affiliations,
            memberships=memberships,
        )

    def nearby_communes(self, postcode: str) -> list[Commune]:
        """The communes of the postcode's department, to suggest close names."""
        department = postcode[:2]
        if department not in self.nearby:
            self.nearby[department] = list(
                Commune.objects.filter(postcode__startswith=department).only("name", "postcode")
            )
        return self.nearby[department]


def _check_group(
    table: Table, siret: str, group: list[_Row], context: _Context
) -> OrganisationPlan:
    first = group[0]
    existing = context.organisations.get(siret)
    organisation_errors = {row.check.number for row in group if row.organisation_error}
    merged = _merge_organisation(table, group)

    if existing is not None and not context.access.is_staff_for(existing.territory):
        first.check.error(
            _row_label(table, "siret"),
            _(
                "“%(name)s” (SIRET %(siret)s) is already in the network, in the territory "
                "“%(territory)s”, which you do not manage: remove this row, or ask the staff "
                "of that territory to import it."
            )
            % {"name": existing.name, "siret": siret, "territory": existing.territory},
        )
        organisation_errors.add(first.check.number)

    values: dict[str, Any] = {}
    for key in ("legal_name", "trade_name", "naf_code", "address", "website"):
        if key in merged:
            values[key] = merged[key][0]
    if "headcount" in merged:
        values["headcount"], values["size_band"] = merged["headcount"][0]
    commune = _resolve_commune(table, merged, context)
    if isinstance(commune, Commune):
        values["commune"] = commune
    elif commune is not None:
        organisation_errors.add(commune)

    if existing is None:
        for key, message in (
            ("legal_name", _("the cell is empty: a new company needs its legal name.")),
            ("postcode", _("the cell is empty: a new company needs its postcode.")),
            ("commune", _("the cell is empty: a new company needs its commune.")),
            (
                "headcount",
                _("the cell is empty: write the number of employees (35) or a range (10-49)."),
            ),
        ):
            if key not in merged and not any(row.cells.get(key) for row in group):
                first.check.error(_row_label(table, key), message)
                organisation_errors.add(first.check.number)

    if organisation_errors:
        for row in group:
            if not row.check.errors:
                row.check.error(
                    _row_label(table, "siret"),
                    _("the company of this row has an error on row %(row)s: fix that row first.")
                    % {"row": min(organisation_errors)},
                )

    plan = OrganisationPlan(siret=siret, existing=existing, values=values)
    changes = _organisation_changes(table, existing, values)
    name = values.get("trade_name") or values.get("legal_name") or (existing and existing.name)
    _check_people(table, group, plan, context)
    _check_memberships(table, group, plan, context)
    for row in group:
        row.check.name = name or ""
        if existing is None:
            row.check.status = RowStatus.NEW
        elif row is first and changes:
            row.check.changes[:0] = changes
        if existing is not None and row.check.changes:
            row.check.status = RowStatus.UPDATE
    if existing is None:
        first.check.changes.insert(0, _("new company"))
    return plan


def _merge_organisation(table: Table, group: list[_Row]) -> dict[str, tuple[Any, int]]:
    """The organisation's values from its rows; a row that contradicts an earlier one is an
    error (the same company must not be described two ways)."""
    merged: dict[str, tuple[Any, int]] = {}
    first = group[0]
    for row in group:
        for key in ORGANISATION_KEYS:
            if key not in row.values:
                continue
            value = row.values[key]
            if key not in merged:
                merged[key] = (value, row.check.number)
            elif _comparable(key, merged[key][0]) != _comparable(key, value):
                earlier_row = merged[key][1]
                row.check.error(
                    _row_label(table, key),
                    _(
                        "“%(value)s” differs from “%(earlier)s” on row %(row)s for the same "
                        "SIRET: write the same value on every row of this company, or leave "
                        "the cell empty."
                    )
                    % {
                        "value": row.cells[key],
                        "earlier": next(
                            r.cells[key] for r in group if r.check.number == earlier_row
                        ),
                        "row": earlier_row,
                    },
                )
        if row is not first and not row.has_person and not row.check.errors:
            year = row.values.get("year")
            earlier_years = {other.values.get("year") for other in group[: group.index(row)]}
            if year is None or year in earlier_years:
                row.check.error(
                    _row_label(table, "siret"),
                    _(
                        "this SIRET is already on row %(row)s and this row adds no person: "
                        "delete it, or merge the two rows."
                    )
                    % {"row": first.check.number},
                )
    return merged


def _comparable(key: str, value: Any) -> Any:
    if key == "commune":
        return cells.commune_key(value)
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    return value


def _resolve_commune(
    table: Table,
    merged: dict[str, tuple[Any, int]],
    context: _Context,
) -> Commune | int | None:
    """The commune named by postcode and name; or the row number of the error it caused."""
    if "postcode" not in merged and "commune" not in merged:
        return None
    if "postcode" not in merged or "commune" not in merged:
        missing, present = (
            ("postcode", "commune") if "postcode" not in merged else ("commune", "postcode")
        )
        row = merged[present][1]
        return _group_error(
            table,
            row,
            missing,
            _("the cell is empty: write the commune and its postcode together."),
            context,
        )
    postcode, row = merged["postcode"]
    name = merged["commune"][0]
    key = cells.commune_key(name)
    same_postcode = context.communes.get(postcode, [])
    for commune in same_postcode:
        if cells.commune_key(commune.name) == key:
            if not context.access.is_staff_for(commune.territory):
                return _group_error(
                    table,
                    row,
                    "commune",
                    _(
                        "“%(name)s” is in the territory “%(territory)s”, which you do not "
                        "manage: remove this row, or ask the staff of that territory to import "
                        "it."
                    )
                    % {"name": commune.name, "territory": commune.territory},
                    context,
                )
            return commune
    suggestions = _suggest_communes(key, same_postcode, context.nearby_communes(postcode))
    if suggestions:
        message = _(
            "“%(name)s” (%(postcode)s) is not a known commune: did you mean %(suggestions)s? "
            "Correct the name or the postcode."
        ) % {"name": name, "postcode": postcode, "suggestions": suggestions}
    else:
        message = _(
            "“%(name)s” (%(postcode)s) is not in the network's list of communes: check the name "
            "and the postcode; if they are right, ask an administrator to add the commune."
        ) % {"name": name, "postcode": postcode}
    return _group_error(table, row, "commune", message, context)


def _group_error(table: Table, row_number: int, key: str, message: str, context: _Context) -> int:
    context.rows[row_number].check.error(_row_label(table, key), message)
    return row_number


def _suggest_communes(key: str, same_postcode: list[Commune], nearby: list[Commune]) -> str:
    by_key: dict[str, Commune] = {}
    for commune in [*same_postcode, *nearby]:
        by_key.setdefault(cells.commune_key(commune.name), commune)
    close = difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.75)
    if not close and same_postcode:
        close = [cells.commune_key(commune.name) for commune in same_postcode[:3]]
    return _(" or ").join(f"“{by_key[match].name}” ({by_key[match].postcode})" for match in close)


_ORGANISATION_FIELDS = (
    ("legal_name", "legal_name"),
    ("trade_name", "trade_name"),
    ("naf_code", "naf_code"),
    ("headcount", "headcount"),
    ("size_band", "headcount"),
    ("address", "address"),
    ("commune", "commune"),
    ("website", "website"),
)


def _organisation_changes(
    table: Table, existing: Organisation | None, values: dict[str, Any]
) -> list[str]:
    """The columns whose values change an existing organisation; drops unchanged values."""
    if existing is None:
        return []
    if values.get("headcount", 0) is None and values.get("size_band") == existing.size_band:
        # A range in the file ("10-49") agrees with the exact headcount already known.
        del values["headcount"], values["size_band"]
    changes = []
    for name, key in _ORGANISATION_FIELDS:
        if name not in values:
            continue
        if getattr(existing, name) == values[name]:
            del values[name]
            continue
        label = _row_label(table, key)
        if label not in changes:
            changes.append(label)
    return changes


def _check_people(
    table: Table, group: list[_Row], plan: OrganisationPlan, context: _Context
) -> None:
    seen: dict[str, int] = {}
    existing = plan.existing
    for row in group:
        email = row.values.get("email")
        if not row.has_person or email is None:
            continue
        if email in seen:
            row.check.error(
                _row_label(table, "email"),
                _(
                    "“%(email)s” is already on row %(row)s for the same company: delete one of "
                    "the two rows."
                )
                % {"email": email, "row": seen[email]},
            )
            continue
        seen[email] = row.check.number
        user = context.users.get(email)
        affiliation = (
            context.affiliations.get((existing.pk, user.pk)) if existing and user else None
        )
        given = {
            key: row.values[key]
            for key in ("first_name", "last_name", "phone")
            if key in row.values
        }
        if user is None:
            profile = {**given, "job_title": row.values.get("job_title", "")}
            row.check.changes.append(_("new person"))
        else:
            # People own their profile: the file only fills what they left empty.
            profile = {key: value for key, value in given.items() if not getattr(user, key)}
            if profile:
                row.check.changes.append(_("person's details completed"))
        job_title = row.values.get("job_title")
        is_head = row.values.get("is_head")
        if affiliation is None:
            row.check.changes.append(_("joins the company"))
        else:
            if job_title is not None and job_title != affiliation.job_title:
                row.check.changes.append(_row_label(table, "job_title"))
            if is_head is not None and is_head != affiliation.is_head:
                row.check.changes.append(_row_label(table, "is_head"))
        plan.people.append(
            PersonPlan(
                row=row.check.number,
                email=email,
                user=user,
                profile=profile,
                affiliation=affiliation,
                job_title=job_title,
                is_head=is_head,
            )
        )


def _check_memberships(
    table: Table, group: list[_Row], plan: OrganisationPlan, context: _Context
) -> None:
    by_year: dict[int, list[_Row]] = defaultdict(list)
    for row in group:
        if "year" in row.values and row.has_any(MEMBERSHIP_KEYS):
            by_year[row.values["year"]].append(row)
    for year, rows in by_year.items():
        merged: dict[str, tuple[Any, _Row]] = {}
        for row in rows:
            for key in MEMBERSHIP_KEYS:
                if key not in row.values:
                    continue
                value = row.values[key]
                if key not in merged:
                    merged[key] = (value, row)
                elif _comparable(key, merged[key][0]) != _comparable(key, value):
                    earlier = merged[key][1]
                    row.check.error(
                        _row_label(table, key),
                        _(
                            "“%(value)s” differs from “%(earlier)s” on row %(row)s for the "
                            "%(year)s membership of the same company: write the same value, or "
                            "leave the cell empty."
                        )
                        % {
                            "value": row.cells[key],
                            "earlier": earlier.cells[key],
                            "row": earlier.check.number,
                            "year": year,
                        },
                    )
        _plan_membership(table, year, merged, plan, context)
        for row in rows[1:]:
            row.check.membership = rows[0].check.membership


def _plan_membership(
    table: Table,
    year: int,
    merged: dict[str, tuple[Any, _Row]],
    plan: OrganisationPlan,
    context: _Context,
) -> None:
    row = next(iter(merged.values()))[1]
    existing = (
        context.memberships.get((plan.existing.pk, year)) if plan.existing is not None else None
    )
    values: dict[str, Any] = {key: value for key, (value, _row) in merged.items()}
    values.pop("year", None)
    tier = None
    if "tier" in values:
        tier = context.tiers.get(normalise(values["tier"]))
        if tier is None:
            row.check.error(
                _row_label(table, "tier"),
                _("“%(value)s” is not a tier of the network: write one of %(tiers)s.")
                % {"value": values["tier"], "tiers": _tier_names(context)},
            )
            return
    elif existing is None:
        if len(context.tiers) == 1:
            tier = next(iter(context.tiers.values()))
        else:
            row.check.error(
                _row_label(table, "tier"),
                _("the cell is empty: write the membership's tier, one of %(tiers)s.")
                % {"tiers": _tier_names(context)},
            )
            return
    if tier is not None:
        values["tier"] = tier
    if existing is None:
        values.setdefault("amount", tier.amount if tier else Decimal(0))
        values.setdefault("status", Membership.Status.PENDING)
        values.setdefault("starts_on", date(year, 1, 1))
        values.setdefault("ends_on", date(year, 12, 31))
    starts_on = values.get("starts_on") or existing.starts_on  # type: ignore[union-attr]
    ends_on = values.get("ends_on") or existing.ends_on  # type: ignore[union-attr]
    if ends_on < starts_on:
        row.check.error(
            _row_label(table, "ends_on"),
            _("the membership ends (%(end)s) before it starts (%(start)s): check the two dates.")
            % {"end": ends_on.strftime("%d/%m/%Y"), "start": starts_on.strftime("%d/%m/%Y")},
        )
        return
    changed = []
    if existing is not None:
        for key in list(values):
            if getattr(existing, key) == values[key]:
                del values[key]
            else:
                changed.append(_row_label(table, "tier" if key == "tier" else key))
    status = values.get("status") or (existing.status if existing else "")
    tier_name = (values.get("tier") or (existing.tier if existing else "")) or ""
    row.check.membership = " · ".join(
        str(part) for part in (year, tier_name, cells.STATUS_WORDS.get(status, "")) if part
    )
    if existing is None:
        row.check.changes.append(_("new %(year)s membership") % {"year": year})
    elif changed:
        row.check.changes.append(
            _("%(year)s membership: %(columns)s") % {"year": year, "columns": ", ".join(changed)}
        )
    plan.memberships.append(
        MembershipPlan(row=row.check.number, year=year, existing=existing, values=values)
    )


def _tier_names(context: _Context) -> str:
    return ", ".join(tier.name for tier in context.tiers.values()) or "—"


def check_valid_rows(table: Table, access: Access) -> Check:
    """The check of only the rows without error: what "import only the valid rows" writes.

    Leaving a row out can put an error on another (the row that carried its
    company's name, say), so rows are left out until none has an error.
    """
    excluded: set[int] = set()
    while True:
        check = check_table(table.without_rows(excluded), access)
        if not check.error_rows:
            return check
        excluded |= check.error_rows
