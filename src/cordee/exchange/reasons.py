"""The reasons of a match, in words (matching itself knows no language)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from cordee.exchange.models import Listing, Unit


def _day(value: str) -> str:
    return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")


def _number(value: str) -> str:
    return number_format(Decimal(value))


def _unit(value: str) -> str:
    return str(Unit(value).label) if value in Unit.values else value


def describe(reason: dict[str, Any], *, need: Listing, other: Listing) -> str:
    """One sentence for one stored reason of a match between ``need`` and an offer;
    ``other`` is the listing the reader looks at from the page of its counterpart."""
    values = reason.get("values", {})
    code = reason.get("code")
    if code == "skill":
        return _("Same skill: %(skill)s") % {"skill": need.skill.name if need.skill else ""}
    if code == "words":
        return _("Same words: %(words)s") % {"words": ", ".join(values["words"])}
    if code == "dates":
        return _("Both available from %(start)s to %(end)s") % {
            "start": _day(values["starts_on"]),
            "end": _day(values["ends_on"]),
        }
    if code == "quantity_full":
        return _("The offer covers the whole need: %(quantity)s %(unit)s") % {
            "quantity": _number(values["quantity"]),
            "unit": _unit(values["unit"]),
        }
    if code == "quantity_part":
        return _("The offer covers part of the need: %(quantity)s of %(needed)s %(unit)s") % {
            "quantity": _number(values["quantity"]),
            "needed": _number(values["needed"]),
            "unit": _unit(values["unit"]),
        }
    if code == "quantity_units":
        return _("Quantities in different units: %(need)s needed, %(offer)s offered") % {
            "need": _unit(values["need"]),
            "offer": _unit(values["offer"]),
        }
    if code == "territory":
        distance = values["distance"]
        if distance == 0:
            return _("Same territory: %(territory)s") % {"territory": other.territory.name}
        if distance <= 2:
            return _("Neighbouring territory: %(territory)s") % {"territory": other.territory.name}
        return _("Further away: %(territory)s") % {"territory": other.territory.name}
    return str(code)
