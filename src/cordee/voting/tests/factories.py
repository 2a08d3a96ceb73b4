"""Votes for tests: drafts, published votes, ballots cast through the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from cordee.network.access import Access
from cordee.voting.models import Vote
from cordee.voting.services import ballot_cast, electors_for, vote_open, vote_save

OPTIONS = ["Cluses", "Scionzier", "Marnaz"]


def make_vote(
    by: Any, *, options: list[str] | None = None, publish: bool = False, **fields: Any
) -> Vote:
    now = timezone.now()
    values = {
        "title": "Où tenir l'assemblée générale ?",
        "method": "judgment",
        "opens_at": now - timedelta(hours=1),
        "closes_at": now + timedelta(days=1),
        **fields,
    }
    vote = vote_save(vote=Vote(**values), options=OPTIONS if options is None else options, by=by)
    if publish:
        vote_open(vote=vote, by=by)
        vote.refresh_from_db()
    return vote


def cast_as(
    vote: Vote, user: Any, choices: dict[str, Any], *, organisation: Any = None, token: str = ""
) -> str:
    """Cast ``choices`` as ``user`` (for ``organisation`` when they hold several votes)."""
    vote.refresh_from_db()
    access = Access.for_user(user)
    electors = electors_for(vote, access)
    if organisation is not None:
        electors = [e for e in electors if e.organisation_id == organisation.pk]
    return ballot_cast(
        vote=vote, elector=electors[0], choices=choices, by=user, access=access, token=token
    )


def grades(vote: Vote, *levels: int) -> dict[str, Any]:
    """A majority judgment ballot: ``levels`` for the options in order (lowest grade is 0)."""
    return {"grades": {str(o.pk): g for o, g in zip(vote.option_list, levels, strict=False)}}
