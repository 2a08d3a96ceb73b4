"""Telling the electorate: a vote is open, its results are published."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from cordee.accounts.models import User
from cordee.network.models import Affiliation
from cordee.notifications.services import notify
from cordee.voting.models import Delegate, Elector, Vote


def electorate_people(vote: Vote) -> QuerySet[User]:
    """Who votes: the people electors, or the heads and delegates of the organisations."""
    electors = Elector.objects.filter(vote=vote)
    heads = Affiliation.objects.current().filter(
        is_head=True, organisation_id__in=electors.values("organisation_id")
    )
    return User.objects.filter(
        Q(pk__in=electors.values("person_id"))
        | Q(pk__in=heads.values("person_id"))
        | Q(pk__in=Delegate.objects.filter(vote=vote).values("person_id"))
    )


def notify_opened(vote: Vote) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=electorate_people(vote),
            kind="voting.opened",
            title=_("Vote: %(title)s") % {"title": vote.title},
            body=_("You can vote until %(closes)s.")
            % {"closes": vote.closes_at.strftime("%d/%m/%Y %H:%M")},
            url=vote.get_absolute_url(),
        )


def notify_results(vote: Vote) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=electorate_people(vote),
            kind="voting.results",
            title=_("Results: %(title)s") % {"title": vote.title},
            body=_("The vote is closed and its results are published."),
            url=vote.get_absolute_url() + "results/",
        )
