"""Signed links that let a person change how they are told, without logging in.

Every e-mail carries one: it names the person and the kinds of notification
the e-mail is about, and is signed with the site's secret, so that it cannot
be altered to reach another person or another kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core import signing

from cordee.notifications.kinds import Kind, get_kind

if TYPE_CHECKING:
    from collections.abc import Iterable

    from cordee.accounts.models import User

SALT = "cordee.notifications.preference-link"
# Long enough for old e-mails to keep working; a leaked link only changes e-mail settings.
MAX_AGE = timedelta(days=365)


@dataclass(frozen=True)
class PreferenceLink:
    user: User
    kinds: list[Kind]


def preference_token(user: User, kinds: Iterable[str]) -> str:
    """A token for the preference page of ``user`` about ``kinds``."""
    return signing.dumps({"u": str(user.public_id), "k": sorted(set(kinds))}, salt=SALT)


def read_preference_token(token: str) -> PreferenceLink:
    """What a token is about.

    Raises ``signing.BadSignature`` when the token was altered, made with another
    key or has expired, and ``LookupError`` when its person or kinds are gone.
    """
    from cordee.accounts.models import User

    data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    if not isinstance(data, dict) or not isinstance(data.get("k"), list):
        raise signing.BadSignature("The token does not hold a person and kinds.")
    user = User.objects.filter(
        public_id=str(data.get("u")), is_active=True, erased_at__isnull=True
    ).first()
    if user is None:
        raise LookupError("This person has no active account.")
    kinds = []
    for key in data["k"]:
        try:
            kinds.append(get_kind(str(key)))
        except LookupError:
            continue  # A kind that no capability sends any more.
    if not kinds:
        raise LookupError("None of these kinds of notification exists any more.")
    return PreferenceLink(user=user, kinds=kinds)
