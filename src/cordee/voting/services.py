"""Workflows of a vote: drafting, publishing (the electorate's snapshot), proxies,
casting and changing a ballot, closing.

Nothing here records what a ballot holds anywhere but in the ballot itself:
the audit log gets who took part, never what they chose.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cordee.accounts.models import User
from cordee.audit.services import audit_record
from cordee.network.access import Access
from cordee.network.models import DUES_SETTLED, GOOD_STANDING, Affiliation, Organisation
from cordee.voting.models import (
    SIZE_WEIGHTS,
    Ballot,
    Delegate,
    Elector,
    ElectorateKind,
    Participation,
    Proxy,
    Status,
    Vote,
    VoteOption,
    Weighting,
)

VOTE_OPENED = "voting.opened"
RESULTS_PUBLISHED = "voting.results"


def new_receipt_token() -> str:
    return secrets.token_urlsafe(24)


# Drafting.


def vote_save(
    *,
    vote: Vote,
    options: Sequence[str],
    by: User,
    request: HttpRequest | None = None,
) -> Vote:
    """Save a draft vote and replace its options (one label each, in order)."""
    if vote.pk and vote.opened_at is not None:
        raise ValidationError(
            _("This vote is published: its question and options can no longer change.")
        )
    labels = [label.strip() for label in options if label.strip()]
    if len(labels) != len(set(labels)):
        raise ValidationError(_("Two options have the same wording: make each one different."))
    with transaction.atomic():
        created = vote.pk is None
        if created:
            vote.created_by = by
        vote.save()
        vote.options.all().delete()
        VoteOption.objects.bulk_create(
            VoteOption(vote=vote, label=label[:200], order=index)
            for index, label in enumerate(labels)
        )
        audit_record(
            action="vote.created" if created else "vote.updated", request=request, target=vote
        )
    return vote


def vote_delete(*, vote: Vote, by: User, request: HttpRequest | None = None) -> None:
    """Delete a draft; a published vote stays, for the record."""
    with transaction.atomic():
        vote = Vote.objects.select_for_update().get(pk=vote.pk)
        if vote.opened_at is not None:
            raise ValidationError(
                _("This vote is published: it stays on record and cannot be deleted.")
            )
        audit_record(
            action="vote.deleted", request=request, actor=by, details={"title": vote.title}
        )
        vote.delete()


def eligible_organisations(vote: Vote) -> QuerySet[Organisation]:
    """Member organisations of the vote's territory whose dues are paid today."""
    today = timezone.localdate()
    organisations = Organisation.objects.filter(
        memberships__status__in=DUES_SETTLED,
        memberships__starts_on__lte=today,
        memberships__ends_on__gte=today,
    )
    if vote.territory is not None:
        organisations = organisations.in_territory(vote.territory)
    return organisations.distinct()


def _eligible_people(vote: Vote) -> dict[int, int | None]:
    """person id → territory id, for people working for a member in good standing."""
    today = timezone.localdate()
    affiliations = Affiliation.objects.current().filter(
        person__is_active=True,
        organisation__memberships__status__in=GOOD_STANDING,
        organisation__memberships__starts_on__lte=today,
        organisation__memberships__ends_on__gte=today,
    )
    if vote.territory is not None:
        affiliations = affiliations.filter(
            organisation__territory__path__startswith=vote.territory.path
        )
    people: dict[int, int | None] = {}
    for person_id, territory_id in affiliations.order_by("pk").values_list(
        "person_id", "organisation__territory_id"
    ):
        people.setdefault(person_id, territory_id)
    return people


@dataclass(frozen=True)
class ListedElector:
    """One vote of a listed electorate: a person, their weight, who casts it for them."""

    person_id: int
    weight: int = 1
    proxy_person_id: int | None = None
    territory_id: int | None = None


def vote_open(
    *,
    vote: Vote,
    by: User,
    request: HttpRequest | None = None,
    announce: bool = True,
    listed: Sequence[ListedElector] = (),
) -> int:
    """Publish a draft: take the electorate's snapshot with its proxies, tell the voters
    (unless ``announce`` is False, as in the demo).

    A listed electorate (``ElectorateKind.LISTED``) is the ``listed`` people given
    here, e.g. a meeting's members present or represented; other kinds take
    no list. Returns the number of electors. Voting starts at ``opens_at``;
    proxies may still be given or revoked until then.
    """
    from cordee.voting.notices import notify_opened

    with transaction.atomic():
        vote = Vote.objects.select_for_update().get(pk=vote.pk)
        if vote.opened_at is not None:
            raise ValidationError(_("This vote is already published."))
        options = vote.options.count()
        if vote.method not in ("yes_no", "consent") and options < 2:
            raise ValidationError(_("Add at least two options before publishing the vote."))
        if vote.closes_at <= timezone.now():
            raise ValidationError(_("The closing time is past: set a later one, then publish."))
        if (vote.electorate == ElectorateKind.LISTED) != bool(listed):
            raise ValidationError(
                _("Only a vote of listed people takes its electors when it opens.")
                if listed
                else _("Nobody can vote: the list of electors is empty.")
            )
        if vote.electorate == ElectorateKind.LISTED:
            electors = [
                Elector(
                    vote=vote,
                    person_id=one.person_id,
                    weight=one.weight,
                    proxy_person_id=one.proxy_person_id,
                    territory_id=one.territory_id,
                )
                for one in listed
            ]
        elif vote.electorate == ElectorateKind.ORGANISATIONS:
            proxies = dict(
                Proxy.objects.filter(vote=vote, revoked_at__isnull=True).values_list(
                    "giver_id", "holder_id"
                )
            )
            by_size = vote.weighting == Weighting.SIZE
            electors = [
                Elector(
                    vote=vote,
                    organisation_id=organisation_id,
                    territory_id=territory_id,
                    proxy_holder_id=proxies.get(organisation_id),
                    weight=SIZE_WEIGHTS.get(size_band, 1) if by_size else 1,
                )
                for organisation_id, territory_id, size_band in eligible_organisations(vote)
                .order_by("pk")
                .values_list("pk", "territory_id", "size_band")
            ]
        else:
            electors = [
                Elector(vote=vote, person_id=person_id, territory_id=territory_id)
                for person_id, territory_id in _eligible_people(vote).items()
            ]
        if not electors:
            raise ValidationError(
                _("Nobody can vote: no member of this territory is up to date with dues.")
            )
        Elector.objects.bulk_create(electors, batch_size=500)
        vote.opened_at = timezone.now()
        vote.save(update_fields=["opened_at"])
        audit_record(
            action="vote.opened",
            request=request,
            actor=by,
            target=vote,
            details={"electors": len(electors)},
        )
        if announce:
            transaction.on_commit(lambda: notify_opened(vote))
    return len(electors)


def vote_close(*, vote: Vote, by: User | None = None, request: HttpRequest | None = None) -> Vote:
    """End voting now (or record that the closing time passed) and publish the results."""
    from cordee.voting.notices import notify_results

    with transaction.atomic():
        vote = Vote.objects.select_for_update().get(pk=vote.pk)
        if vote.opened_at is None:
            raise ValidationError(_("A draft cannot be closed: publish it first, or delete it."))
        if vote.results_published_at is not None:
            raise ValidationError(_("This vote is already closed and its results published."))
        now = timezone.now()
        if vote.closed_at is None:
            vote.closed_at = min(now, vote.closes_at)
        vote.results_published_at = now
        vote.save(update_fields=["closed_at", "results_published_at"])
        audit_record(action="vote.closed", request=request, actor=by, target=vote)
        transaction.on_commit(lambda: notify_results(vote))
    return vote


def votes_close_due(*, now: datetime | None = None) -> int:
    """Publish the results of every vote whose closing time has passed."""
    now = now or timezone.now()
    due = Vote.objects.filter(
        opened_at__isnull=False, results_published_at__isnull=True, closes_at__lte=now
    )
    closed = 0
    for vote in due:
        try:
            vote_close(vote=vote)
        except ValidationError:
            continue  # closed meanwhile by staff
        closed += 1
    return closed


# Proxies.


def proxies_open(vote: Vote) -> bool:
    """Proxies are given and revoked until voting starts (drafts and upcoming votes)."""
    return vote.electorate == ElectorateKind.ORGANISATIONS and vote.status in (
        Status.DRAFT,
        Status.UPCOMING,
    )


def _check_proxies_open(vote: Vote) -> None:
    if not proxies_open(vote):
        raise ValidationError(_("Voting has started: proxies can no longer be given or revoked."))


def electorate_organisations(vote: Vote) -> QuerySet[Organisation]:
    """The organisations that vote: the snapshot once published, else those eligible now."""
    if vote.opened_at is not None:
        return Organisation.objects.filter(
            pk__in=Elector.objects.filter(vote=vote).values("organisation_id")
        )
    return eligible_organisations(vote)


def proxy_record(
    *,
    vote: Vote,
    giver: Organisation,
    holder: Organisation,
    by: User,
    request: HttpRequest | None = None,
) -> Proxy:
    """Record that ``giver`` gives its vote to ``holder``, within the vote's rules.

    Refused once the vote is published, to oneself, to an organisation that is
    not in the electorate, in a chain, or beyond the holder's cap.
    """
    with transaction.atomic():
        vote = Vote.objects.select_for_update().get(pk=vote.pk)
        if vote.electorate != ElectorateKind.ORGANISATIONS:
            raise ValidationError(_("Proxies are for votes of member organisations only."))
        _check_proxies_open(vote)
        if giver.pk == holder.pk:
            raise ValidationError(_("An organisation cannot give its proxy to itself."))
        eligible = set(
            electorate_organisations(vote)
            .filter(pk__in=[giver.pk, holder.pk])
            .values_list("pk", flat=True)
        )
        for organisation in (giver, holder):
            if organisation.pk not in eligible:
                raise ValidationError(
                    _(
                        "%(organisation)s is not in this vote's electorate (a member of its "
                        "territory with dues paid)."
                    )
                    % {"organisation": organisation}
                )
        standing = Proxy.objects.filter(vote=vote, revoked_at__isnull=True)
        if standing.filter(giver=giver).exists():
            raise ValidationError(
                _("%(organisation)s has already given its proxy: revoke it first.")
                % {"organisation": giver}
            )
        if standing.filter(giver=holder).exists():
            raise ValidationError(
                _(
                    "%(organisation)s has given its own proxy away, so it cannot hold another "
                    "one: proxies do not pass on."
                )
                % {"organisation": holder}
            )
        if standing.filter(holder=giver).exists():
            raise ValidationError(
                _(
                    "%(organisation)s holds another organisation's proxy, so it cannot give its "
                    "own: proxies do not pass on."
                )
                % {"organisation": giver}
            )
        held = standing.filter(holder=holder).count()
        if held >= vote.proxy_cap:
            raise ValidationError(
                ngettext(
                    "%(organisation)s already holds %(count)d proxy, the most allowed.",
                    "%(organisation)s already holds %(count)d proxies, the most allowed.",
                    held,
                )
                % {"organisation": holder, "count": held}
            )
        proxy = Proxy.objects.create(vote=vote, giver=giver, holder=holder, recorded_by=by)
        Elector.objects.filter(vote=vote, organisation=giver).update(proxy_holder=holder)
        audit_record(
            action="vote.proxy_given",
            request=request,
            actor=by,
            target=vote,
            details={"giver": str(giver), "holder": str(holder)},
        )
    return proxy


def proxy_revoke(*, proxy: Proxy, by: User, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        vote = Vote.objects.select_for_update().get(pk=proxy.vote_id)
        _check_proxies_open(vote)
        proxy.revoked_at = timezone.now()
        proxy.save(update_fields=["revoked_at"])
        Elector.objects.filter(vote=vote, organisation_id=proxy.giver_id).update(proxy_holder=None)
        audit_record(
            action="vote.proxy_revoked",
            request=request,
            actor=by,
            target=vote,
            details={"giver": str(proxy.giver), "holder": str(proxy.holder)},
        )


def delegate_name(
    *,
    vote: Vote,
    organisation: Organisation,
    person: User | None,
    by: User,
    request: HttpRequest | None = None,
) -> None:
    """Name (or, with ``person=None``, remove) the colleague who votes for ``organisation``."""
    with transaction.atomic():
        if vote.is_closed:
            raise ValidationError(_("This vote is closed."))
        Delegate.objects.filter(vote=vote, organisation=organisation).delete()
        if person is not None:
            if (
                not Affiliation.objects.current()
                .filter(person=person, organisation=organisation)
                .exists()
            ):
                raise ValidationError(
                    _("Only a colleague of %(organisation)s can vote for it.")
                    % {"organisation": organisation}
                )
            Delegate.objects.create(
                vote=vote, organisation=organisation, person=person, named_by=by
            )
        audit_record(
            action="vote.delegate_named",
            request=request,
            actor=by,
            target=vote,
            details={"organisation": str(organisation), "delegate": str(person or "")},
        )


# Casting.


def electors_for(vote: Vote, access: Access) -> list[Elector]:
    """The votes ``access`` may cast: their own, their organisations', the proxies held."""
    if access.user_id is None or vote.opened_at is None:
        return []
    electors = Elector.objects.filter(vote=vote).select_related("organisation", "proxy_holder")
    if vote.electorate == ElectorateKind.PEOPLE:
        return list(electors.filter(person_id=access.user_id))
    if vote.electorate == ElectorateKind.LISTED:
        # One's own vote unless given by proxy, then the votes one holds.
        electors = electors.select_related("person", "proxy_person")
        return [
            *electors.filter(person_id=access.user_id, proxy_person__isnull=True),
            *electors.filter(proxy_person_id=access.user_id).order_by("person__last_name"),
        ]
    delegated = set(
        Delegate.objects.filter(vote=vote, person_id=access.user_id).values_list(
            "organisation_id", flat=True
        )
    )
    # A head votes for the company unless a delegate was named or the proxy given away.
    named = set(Delegate.objects.filter(vote=vote).values_list("organisation_id", flat=True))
    mine = (access.head_of_ids - named) | delegated
    own = [e for e in electors.filter(organisation_id__in=mine) if e.proxy_holder_id is None]
    held = list(electors.filter(proxy_holder_id__in=mine).order_by("organisation__legal_name"))
    return own + held


def ballot_cast(
    *,
    vote: Vote,
    elector: Elector,
    choices: dict[str, Any],
    by: User,
    access: Access,
    token: str = "",
    request: HttpRequest | None = None,
) -> str:
    """Cast (or, with the receipt ``token`` of a ballot already cast, change) a ballot.

    ``choices`` were validated by the ballot form. Returns the new receipt
    token, which the server does not keep: only its hash is stored.
    """
    if vote.status != Status.OPEN:
        if vote.status == Status.CLOSED:
            raise ValidationError(_("This vote is closed: ballots are no longer accepted."))
        raise ValidationError(_("This vote is not open yet: come back once it opens."))
    if elector.vote_id != vote.pk or elector.pk not in {e.pk for e in electors_for(vote, access)}:
        raise ValidationError(
            _(
                "You cannot vote for %(elector)s: only its company head, its delegate or the "
                "holder of its proxy can."
            )
            % {"elector": elector}
        )
    new_token = new_receipt_token()
    try:
        with transaction.atomic():
            participation = Participation.objects.filter(elector=elector).first()
            if participation is not None:
                _replace_ballot(vote=vote, participation=participation, token=token)
            ballot = Ballot.objects.create(
                vote=vote,
                choices=choices,
                weight=elector.weight,
                territory_id=elector.territory_id,
                receipt_hash=vote.receipt_hash(new_token),
            )
            public_ballot = None if vote.secret else ballot
            if participation is None:
                Participation.objects.create(
                    elector=elector, cast_by=by, public_ballot=public_ballot
                )
                action = "vote.participated"
            else:
                participation.public_ballot = public_ballot
                participation.cast_by = by
                participation.save(update_fields=["public_ballot", "cast_by"])
                action = "vote.ballot_changed"
            # Who took part, never what they chose, nor when exactly (the event's time
            # is the participation's, which the organisers see anyway).
            audit_record(
                action=action,
                request=request,
                actor=by,
                target=vote,
                details={"for": str(elector)},
            )
    except IntegrityError:
        # Another request cast this elector's ballot at the same moment.
        raise ValidationError(
            _("A ballot was already cast for %(elector)s.") % {"elector": elector}
        ) from None
    return new_token


def _replace_ballot(*, vote: Vote, participation: Participation, token: str) -> None:
    if not token:
        raise ValidationError(
            _(
                "A ballot was already cast for %(elector)s. To change it, give the receipt "
                "you were shown when you voted."
            )
            % {"elector": participation.elector}
        )
    deleted, _rows = Ballot.objects.filter(
        vote=vote, receipt_hash=vote.receipt_hash(token)
    ).delete()
    if not deleted:
        raise ValidationError(
            _(
                "This receipt matches no ballot of this vote: check it was copied whole, "
                "or that it is the last one you were given."
            )
        )


def ballot_check(*, vote: Vote, token: str) -> Ballot | None:
    """The ballot a receipt token belongs to, or None."""
    token = token.strip()
    if not token:
        return None
    return Ballot.objects.filter(vote=vote, receipt_hash=vote.receipt_hash(token)).first()
