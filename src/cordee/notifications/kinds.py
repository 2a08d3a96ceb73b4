"""The kinds of notification, registered by the capabilities that send them.

Each capability calls :func:`register_kind` in its ``AppConfig.ready()`` for
every kind of notification it sends. People choose, kind by kind, how they are
told (:class:`Frequency`); a kind's ``default_frequency`` applies until they do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    """How a person is told about one kind of notification, besides the notification centre."""

    IMMEDIATE = "immediate", _("An e-mail each time")
    DAILY = "daily", _("A daily digest")
    WEEKLY = "weekly", _("A weekly digest")
    NEVER = "never", _("No e-mail")


DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    description: str | Promise
    default_frequency: Frequency


_kinds: dict[str, Kind] = {}


def register_kind(
    key: str,
    *,
    label: str | Promise,
    description: str | Promise,
    default_frequency: Frequency | str,
) -> Kind:
    """Declare a kind of notification; ``label`` and ``description`` are shown to people.

    ``key`` reads ``<capability>.<event>``, e.g. ``"invitation.accepted"``.
    """
    if key in _kinds:
        raise ImproperlyConfigured(f"The notification kind {key!r} is registered twice.")
    try:
        frequency = Frequency(default_frequency)
    except ValueError:
        raise ImproperlyConfigured(
            f"The notification kind {key!r} has an unknown default frequency "
            f"{default_frequency!r}: use one of {', '.join(Frequency.values)}."
        ) from None
    kind = Kind(key=key, label=label, description=description, default_frequency=frequency)
    _kinds[key] = kind
    return kind


def get_kind(key: str) -> Kind:
    """The registered kind ``key``; ``LookupError`` if no capability registered it."""
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(
            f"No notification kind {key!r} is registered: call register_kind() in the "
            "AppConfig.ready() of the capability that sends it."
        ) from None


def all_kinds() -> list[Kind]:
    """Every registered kind, in the order of registration."""
    return list(_kinds.values())
