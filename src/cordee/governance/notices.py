"""Telling people about their candidacies and mandates."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cordee.governance.models import BranchElection, Candidate, Mandate
from cordee.notifications.services import notify

CANDIDACY = "governance.candidacy"
MANDATE = "governance.mandate"


def notify_candidates(election: BranchElection) -> None:
    vote = election.vote
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=[c.person for c in election.candidates.select_related("person")],
            kind=CANDIDACY,
            title=_("You are a candidate: %(title)s") % {"title": vote.title},
            body=ngettext(
                "The member organisations of %(territory)s elect %(seats)d delegate to "
                "%(body)s; voting closes on %(closes)s.",
                "The member organisations of %(territory)s elect %(seats)d delegates to "
                "%(body)s; voting closes on %(closes)s.",
                election.seats,
            )
            % {
                "territory": election.branch.territory,
                "seats": election.seats,
                "body": election.branch.delegates_to,
                "closes": timezone.localtime(vote.closes_at).strftime("%d/%m/%Y %H:%M"),
            },
            url=vote.get_absolute_url(),
        )


def notify_elected(election: BranchElection, elected: Sequence[Candidate]) -> None:
    """Tell the elected they sit in the board, and the other candidates the result."""
    elected_ids = {c.person_id for c in elected}
    others = [c.person for c in election.candidates.select_related("person")]
    board = election.branch.delegates_to
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=[c.person for c in elected],
            kind=MANDATE,
            title=_("You are elected to %(body)s") % {"body": board},
            body=_("%(branch)s elected you as its delegate.") % {"branch": election.branch},
            url=board.get_absolute_url() if board else "",
        )
        notify(
            recipients=[p for p in others if p.pk not in elected_ids],
            kind=CANDIDACY,
            title=_("Result: %(title)s") % {"title": election.vote.title},
            body=_("The delegates of %(branch)s are confirmed. Thank you for standing.")
            % {"branch": election.branch},
            url=election.branch.get_absolute_url(),
        )


def notify_mandate_given(mandates: Sequence[Mandate]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        for mandate in mandates:
            notify(
                recipients=mandate.person,
                kind=MANDATE,
                title=_("You sit in %(body)s") % {"body": mandate.body},
                body=_("%(role)s, from %(start)s.")
                % {
                    "role": mandate.get_role_display().capitalize(),
                    "start": mandate.starts_on.strftime("%d/%m/%Y"),
                },
                url=mandate.body.get_absolute_url(),
            )
