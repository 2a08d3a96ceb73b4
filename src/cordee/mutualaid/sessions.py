"""Peer sessions: peers meet at the plant of the member with the problem."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cordee.mutualaid.models import (
    HelpRequest,
    PeerSession,
)
from cordee.network.access import Access
from cordee.notifications.emails import recipient_language
from cordee.notifications.services import notify

if TYPE_CHECKING:
    from cordee.accounts.models import User

from cordee.mutualaid.services import SESSION_INVITED

# Peer sessions.


def peer_session_plan(
    *,
    help_request: HelpRequest,
    by: User,
    access: Access,
    starts_at: datetime,
    place: str,
    invited: Sequence[User],
) -> PeerSession:
    """Meet at the plant of the member with the problem; the invited people are told.

    On a discreet request only the asker plans it: inviting people there tells
    them who asks, which is the asker's choice alone.
    """
    if not may_plan_session(help_request, access):
        raise ValidationError(_("Only the person who asked, or the staff, can plan a session."))
    if hasattr(help_request, "peer_session"):
        raise ValidationError(_("This request already has a peer session."))
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _("Choose a date in the future.")})
    if not place.strip():
        raise ValidationError({"place": _("Say where the session takes place.")})
    with transaction.atomic():
        session = PeerSession.objects.create(
            help_request=help_request, starts_at=starts_at, place=place.strip(), created_by=by
        )
        people = [person for person in invited if person.pk != by.pk]
        session.invited.set(people)
        for person in people:
            with translation.override(recipient_language(person)):
                notify(
                    recipients=person,
                    kind=SESSION_INVITED,
                    title=_("Invitation to a peer session: “%(title)s”")
                    % {"title": help_request.title},
                    body=_("On %(date)s, %(place)s.")
                    % {
                        "date": timezone.localtime(starts_at).strftime("%d/%m/%Y %H:%M"),
                        "place": session.place,
                    },
                    url=session.get_absolute_url(),
                )
    return session


def may_plan_session(help_request: HelpRequest, access: Access) -> bool:
    if help_request.is_asked_by(access):
        return True
    if help_request.is_discreet:
        return False
    return help_request.is_managed_by(access)


def peer_session_write_notes(*, session: PeerSession, notes: str, by: User) -> None:
    session.notes = notes.strip()[:20000]
    session.save(update_fields=["notes"])
