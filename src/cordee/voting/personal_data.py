"""What the votes hold about a person: the votes they took part in, never their choices.

A secret ballot cannot be exported: nothing links it to its voter (their
receipt, kept by them, shows it). Erasure keeps the participation, which the
result's turnout needs, but forgets who clicked.
"""

from __future__ import annotations

from typing import Any

from cordee.accounts.models import User
from cordee.voting.models import Delegate, Participation


def export_votes(user: User) -> dict[str, Any]:
    return {
        "ballots_cast": [
            {
                "vote": participation.elector.vote.title,
                "for": str(participation.elector),
                "at": participation.voted_at.isoformat(),
            }
            for participation in Participation.objects.filter(cast_by=user).select_related(
                "elector__vote", "elector__organisation", "elector__person"
            )
        ],
        "delegate_for": [
            {"vote": delegate.vote.title, "organisation": str(delegate.organisation)}
            for delegate in Delegate.objects.filter(person=user).select_related(
                "vote", "organisation"
            )
        ],
    }


def erase_votes(user: User) -> None:
    Participation.objects.filter(cast_by=user).update(cast_by=None)
    Delegate.objects.filter(person=user).delete()
