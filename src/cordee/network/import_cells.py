"""One cell of a member list, read as a person typed it: each function returns the clean
value or raises :class:`CellError` with what is wrong and how to fix it."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from cordee.network.identifiers import clean_siret
from cordee.network.models import MembershipStatus, SizeBand
from cordee.network.spreadsheets import normalise


class CellError(Exception):
    """A cell that cannot be read; the message says what to write instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# The words of the "Statut" column; exports write the first French word of each.
STATUS_WORDS: dict[str, str] = {
    MembershipStatus.PENDING: "en attente",
    MembershipStatus.INVOICED: "facturée",
    MembershipStatus.PAID: "payée",
    MembershipStatus.EXEMPT: "exonérée",
    MembershipStatus.LAPSED: "échue",
}
_STATUS_BY_WORD: dict[str, str] = {
    normalise(word): status
    for status, words in {
        MembershipStatus.PENDING: ("en attente", "attente", "a facturer", "a payer", "pending"),
        MembershipStatus.INVOICED: ("facturee", "facture", "invoiced"),
        MembershipStatus.PAID: ("payee", "paye", "reglee", "regle", "acquittee", "paid"),
        MembershipStatus.EXEMPT: ("exoneree", "exonere", "gratuit", "gratuite", "exempt"),
        MembershipStatus.LAPSED: ("echue", "echu", "expiree", "expire", "radiee", "lapsed"),
    }.items()
    for word in words
}
_TRUE = {"oui", "o", "x", "1", "vrai", "yes", "y", "true"}
_FALSE = {"non", "n", "0", "faux", "no", "false"}
# What an export writes for a size band when the headcount is unknown.
SIZE_BAND_RANGES: dict[str, str] = {
    SizeBand.MICRO: "1-9",
    SizeBand.SMALL: "10-49",
    SizeBand.MEDIUM: "50-249",
    SizeBand.INTERMEDIATE: "250-4999",
    SizeBand.LARGE: "5000+",
}


def text(value: str, *, max_length: int) -> str:
    if len(value) > max_length:
        raise CellError(
            _("the text has %(count)s characters, more than %(max)s: shorten it.")
            % {"count": len(value), "max": max_length}
        )
    return value


def siret(value: str) -> str:
    if re.fullmatch(r"\d[.,]\d+E\+\d+", value.strip(), flags=re.IGNORECASE):
        raise CellError(
            _(
                "“%(value)s” is a SIRET that the spreadsheet turned into a rounded number and "
                "its last digits are lost: format the column as text and type the SIRET again."
            )
            % {"value": value}
        )
    try:
        return clean_siret(value)
    except ValidationError as error:
        raise CellError(error.messages[0]) from None


def naf_code(value: str) -> str:
    compact = re.sub(r"[\s.]", "", value).upper()
    match = re.fullmatch(r"(\d{2})(\d{2})([A-Z])", compact)
    if not match:
        raise CellError(
            _("“%(value)s” is not a NAF code: write it like 25.62A.") % {"value": value}
        )
    return f"{match[1]}.{match[2]}{match[3]}"


def headcount(value: str) -> tuple[int | None, str]:
    """A number of employees, or a range such as 10-49: (headcount or None, size band)."""
    plain = re.sub(r"[\u00a0\u202f]", " ", value).strip().lower()
    plain = re.sub(r"\s*(salariés?|salaries?|personnes?|employees?)$", "", plain)
    span = re.fullmatch(r"(?:de\s*)?(\d+)\s*(?:-|–|à|a|to)\s*\d+", plain)
    more = re.fullmatch(r"(?:plus de\s*)?(\d+)\s*(?:\+|et plus)?", plain)
    if span or (more and plain != more[1]):
        return None, SizeBand.for_headcount(int((span or more)[1]))  # type: ignore[index]
    number = re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+|\d+", plain)
    if number:
        count = int(re.sub(r"[ .]", "", plain))
        return count, SizeBand.for_headcount(count)
    raise CellError(
        _(
            "“%(value)s” is not a number of employees: write a number like 35, or a range "
            "like 10-49."
        )
        % {"value": value}
    )


def postcode(value: str) -> str:
    digits = re.sub(r"\s", "", value)
    # A spreadsheet that took the postcode for a number dropped its leading zero.
    if re.fullmatch(r"\d{4}", digits):
        digits = "0" + digits
    if not re.fullmatch(r"\d{5}|2[AB]\d{3}", digits, flags=re.IGNORECASE):
        raise CellError(
            _("“%(value)s” is not a postcode: a French postcode has 5 digits, like 74300.")
            % {"value": value}
        )
    return digits


def website(value: str) -> str:
    url = value if re.match(r"https?://", value, flags=re.IGNORECASE) else f"https://{value}"
    try:
        URLValidator()(url)
    except ValidationError:
        raise CellError(
            _("“%(value)s” is not a web address: write it like www.example.fr.") % {"value": value}
        ) from None
    return url[:200]


def email(value: str) -> str:
    address = value.strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise CellError(
            _("“%(value)s” is not a valid e-mail address: check it, e.g. first.last@company.fr.")
            % {"value": value}
        ) from None
    return address


def boolean(value: str) -> bool:
    word = normalise(value)
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CellError(_("“%(value)s” is neither yes nor no: write oui or non.") % {"value": value})


def year(value: str) -> int:
    current = timezone.localdate().year
    if re.fullmatch(r"\d{4}", value.strip()) and 1990 <= int(value) <= current + 5:
        return int(value)
    raise CellError(
        _("“%(value)s” is not a year: write the membership's year, like %(year)s.")
        % {"value": value, "year": current}
    )


def amount(value: str) -> Decimal:
    plain = re.sub(r"[\s\u00a0\u202f€]|EUR", "", value, flags=re.IGNORECASE)
    if "," in plain and "." in plain:
        plain = plain.replace(".", "").replace(",", ".")
    plain = plain.replace(",", ".")
    try:
        number = Decimal(plain)
    except InvalidOperation:
        number = Decimal(-1)
    if not number.is_finite() or number < 0 or number >= Decimal("10000000"):
        raise CellError(
            _("“%(value)s” is not an amount in euros: write it like 600 or 1 250,50.")
            % {"value": value}
        )
    return number.quantize(Decimal("0.01"))


def day(value: str) -> date:
    plain = value.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(plain, pattern).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date: write it like 31/12/2026.") % {"value": value})


def status(value: str) -> str:
    found = _STATUS_BY_WORD.get(normalise(value))
    if found is None:
        raise CellError(
            _("“%(value)s” is not a membership status: write one of %(words)s.")
            % {"value": value, "words": ", ".join(STATUS_WORDS.values())}
        )
    return found


def commune_key(name: str) -> str:
    """A commune's name for comparison: "St-Pierre-en-Faucigny CEDEX" → "saint pierre en
    faucigny"."""
    key = normalise(name)
    key = re.sub(r"\bcedex\b.*$", "", key).strip()
    key = re.sub(r"^st\b", "saint", key)
    key = re.sub(r"^ste\b", "sainte", key)
    key = re.sub(r"\bst\b", "saint", key)
    return re.sub(r"\bste\b", "sainte", key)
