"""What mutual aid holds about a person, for their data export and erasure.

A person's export holds their own requests, answers, offers and the requests
they were asked to help on, by title: never who asked someone else's request.
Erasure keeps requests and answers as contributions of the network (the
erased account no longer says who it was) and forgets the rest.
"""

from __future__ import annotations

from typing import Any

from cordee.accounts.models import User
from cordee.mutualaid.models import (
    Answer,
    HelperAvailability,
    HelpOffer,
    HelpRequest,
    PeerSession,
    Solicitation,
)


def export_mutual_aid(user: User) -> dict[str, Any]:
    availability = HelperAvailability.objects.filter(person=user).first()
    return {
        "help_requests": [
            {
                "title": help_request.title,
                "description": help_request.description,
                "discreet": help_request.is_discreet,
                "status": help_request.status,
                "outcome": help_request.outcome,
                "asked_at": help_request.created_at.isoformat(),
            }
            for help_request in HelpRequest.objects.filter(asker=user).order_by("created_at")
        ],
        "answers": [
            {
                "request": answer.help_request.title,
                "body": answer.body,
                "solution": answer.is_solution,
                "at": answer.created_at.isoformat(),
            }
            for answer in Answer.objects.filter(author=user).select_related("help_request")
        ],
        "offers_to_help": [
            {
                "request": offer.help_request.title,
                "message": offer.message,
                "accepted": offer.accepted_at is not None,
            }
            for offer in HelpOffer.objects.filter(helper=user).select_related("help_request")
        ],
        "asked_to_help_on": [
            {
                "request": solicitation.help_request.title,
                "reasons": solicitation.reasons,
                "at": solicitation.notified_at.isoformat() if solicitation.notified_at else None,
            }
            for solicitation in Solicitation.objects.filter(
                person=user, notified_at__isnull=False
            ).select_related("help_request")
        ],
        "peer_sessions_invited_to": [
            {"request": session.help_request.title, "at": session.starts_at.isoformat()}
            for session in PeerSession.objects.filter(invited=user).select_related("help_request")
        ],
        "availability": {
            "accepts_requests": availability.accepts_requests,
            "away_until": availability.away_until.isoformat() if availability.away_until else None,
        }
        if availability
        else None,
    }


def erase_mutual_aid(user: User) -> None:
    HelpOffer.objects.filter(helper=user).delete()
    Solicitation.objects.filter(person=user).delete()
    HelperAvailability.objects.filter(person=user).delete()
    user.followed_help_requests.clear()
    user.peer_sessions.clear()
