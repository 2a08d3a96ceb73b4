"""French company identifiers, checked with python-stdnum."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.fr import siren, siret


def clean_siret(value: str) -> str:
    """Return the SIRET as 14 digits, or raise a ValidationError that says what is wrong."""
    number = siret.compact(str(value))
    try:
        return siret.validate(number)
    except InvalidLength:
        raise ValidationError(
            _("A SIRET has 14 digits; “%(value)s” has %(count)s.")
            % {"value": value, "count": len(number)}
        ) from None
    except InvalidFormat:
        raise ValidationError(
            _("A SIRET has only digits; check “%(value)s”.") % {"value": value}
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            _("The SIRET “%(value)s” is not valid (wrong check digit): check for a typo.")
            % {"value": value}
        ) from None


def clean_siren(value: str) -> str:
    number = siren.compact(str(value))
    try:
        return siren.validate(number)
    except InvalidLength:
        raise ValidationError(
            _("A SIREN has 9 digits; “%(value)s” has %(count)s.")
            % {"value": value, "count": len(number)}
        ) from None
    except InvalidFormat:
        raise ValidationError(
            _("A SIREN has only digits; check “%(value)s”.") % {"value": value}
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            _("The SIREN “%(value)s” is not valid (wrong check digit): check for a typo.")
            % {"value": value}
        ) from None


def validate_siret(value: str) -> None:
    clean_siret(value)


def validate_siren(value: str) -> None:
    clean_siren(value)


def luhn_complete(digits: str) -> str:
    """Append the digit that makes ``digits`` pass the Luhn check (SIREN, SIRET)."""
    total = 0
    # The check digit will sit at the right, so the doubled digits are those at
    # odd positions from the right of the final number.
    for position, char in enumerate(reversed(digits), start=1):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return digits + str((10 - total % 10) % 10)


def make_siret(siren_base: int, establishment: int = 1) -> str:
    """A valid fictional SIRET from an 8-digit SIREN base and an establishment number."""
    siren_number = luhn_complete(f"{siren_base:08d}")
    return luhn_complete(f"{siren_number}{establishment:04d}")
