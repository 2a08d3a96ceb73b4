"""Workflows of the bodies: saving a body, adding and ending mandates, branch elections.

Every write runs in a transaction, is checked here (a view's form is not
trusted to have done it) and leaves an audit record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cordee.accounts.models import User
from cordee.audit.models import ACTION_LABELS
from cordee.audit.services import audit_record
from cordee.governance.models import (
    Body,
    BodyKind,
    BranchElection,
    Candidate,
    Mandate,
    MandateRole,
    MandateSource,
)
from cordee.network.models import Affiliation, Organisation
from cordee.voting.models import ElectorateKind, Method, Vote
from cordee.voting.results import Results, vote_results
from cordee.voting.services import vote_open, vote_save

ACTION_LABELS.update(
    {
        "governance.body_created": gettext_lazy("Created a body"),
        "governance.body_updated": gettext_lazy("Changed a body"),
        "governance.mandate_added": gettext_lazy("Seated someone in a body"),
        "governance.mandate_ended": gettext_lazy("Ended a mandate"),
        "governance.election_opened": gettext_lazy("Opened a branch election"),
        "governance.election_confirmed": gettext_lazy(
            "Confirmed the delegates elected by a branch"
        ),
    }
)

T = TypeVar("T")

# Methods that rank every candidate, so that the first ``seats`` are elected.
ELECTION_METHODS = (Method.JUDGMENT, Method.APPROVAL, Method.RANKED, Method.SINGLE)
# Addresses under /governance/ that a body's short name must not hide.
RESERVED_SLUGS = {"new", "mandates", "elections"}


def _day(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def network_affiliations(body: Body | None = None) -> QuerySet[Affiliation]:
    """Who may sit in ``body``: current affiliations of open accounts to member
    organisations in good standing (of the body's territory, when it has one)."""
    members = Organisation.objects.in_good_standing()
    if body is not None and body.territory is not None:
        members = members.in_territory(body.territory)
    return (
        Affiliation.objects.current()
        .filter(
            person__is_active=True,
            person__erased_at__isnull=True,
            organisation__in=members.values("pk"),
        )
        .select_related("person", "organisation")
        .order_by("person__last_name", "person__first_name", "organisation__legal_name", "pk")
    )


# Bodies.


def body_save(*, body: Body, by: User, request: HttpRequest | None = None) -> Body:
    """Create or change a body, checked as a whole."""
    if body.slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This short name is taken by a page: choose another.")})
    if body.kind == BodyKind.BRANCH and body.territory is None:
        raise ValidationError(
            {"territory": _("A territorial branch belongs to a territory: choose it.")}
        )
    if body.delegates_to_id is not None:
        if body.kind != BodyKind.BRANCH:
            raise ValidationError(
                {"delegates_to": _("Only a territorial branch sends delegates to another body.")}
            )
        if body.delegates_to_id == body.pk:
            raise ValidationError({"delegates_to": _("A body cannot send delegates to itself.")})
    if body.working_group_id is not None and body.kind not in (
        BodyKind.WORKING_GROUP,
        BodyKind.CLUB,
    ):
        raise ValidationError(
            {"working_group": _("Only a working group or a club is linked to a group.")}
        )
    with transaction.atomic():
        created = body.pk is None
        body.save()
        audit_record(
            action="governance.body_created" if created else "governance.body_updated",
            request=request,
            actor=by,
            target=body,
        )
    return body


# Mandates.


def _check_mandate(mandate: Mandate) -> None:
    """Refuse a mandate that ends before it starts, seats someone outside the network,
    overlaps the same mandate of the same person, or exceeds the body's seats."""
    body = mandate.body
    if mandate.ends_on is not None and mandate.ends_on < mandate.starts_on:
        raise ValidationError(
            {"ends_on": _("A mandate cannot end before it starts: check the two dates.")}
        )
    person, organisation = mandate.person, mandate.organisation
    if organisation is None:
        raise ValidationError(_("Choose the organisation the person represents."))
    if not network_affiliations(body).filter(person=person, organisation=organisation).exists():
        if body.territory is not None and not organisation.territory.path.startswith(
            body.territory.path
        ):
            raise ValidationError(
                _(
                    "%(organisation)s is not in %(territory)s: this body seats people of the "
                    "member organisations of its territory."
                )
                % {"organisation": organisation, "territory": body.territory}
            )
        raise ValidationError(
            _(
                "%(person)s does not work for %(organisation)s as a member of the network with "
                "its membership up to date: only people of member organisations sit in its "
                "bodies."
            )
            % {"person": person.display_name, "organisation": organisation}
        )
    same = (
        Mandate.objects.filter(body=body, person=person, role=mandate.role)
        .exclude(pk=mandate.pk)
        .overlapping(mandate.starts_on, mandate.ends_on)
        .order_by("starts_on")
        .first()
    )
    if same is not None:
        raise ValidationError(
            _(
                "%(person)s already holds this mandate (%(role)s) from %(start)s: end it first, "
                "or choose dates that do not overlap."
            )
            % {
                "person": person.display_name,
                "role": mandate.get_role_display(),
                "start": _day(same.starts_on),
            }
        )
    # A branch's seats are those of its delegates in another body, not its own.
    if body.seats and body.kind != BodyKind.BRANCH:
        seated = set(
            Mandate.objects.filter(body=body)
            .current(mandate.starts_on)
            .exclude(pk=mandate.pk)
            .values_list("person_id", flat=True)
        )
        if person.pk not in seated and len(seated) >= body.seats:
            raise ValidationError(
                ngettext(
                    "%(body)s has %(seats)d seat and it is taken on %(date)s: end a mandate "
                    "first, or raise the number of seats.",
                    "%(body)s has %(seats)d seats and they are all taken on %(date)s: end a "
                    "mandate first, or raise the number of seats.",
                    body.seats,
                )
                % {"body": body, "seats": body.seats, "date": _day(mandate.starts_on)}
            )


def _seat(mandate: Mandate, *, by: User, request: HttpRequest | None) -> Mandate:
    _check_mandate(mandate)
    mandate.recorded_by = by
    mandate.save()
    body = mandate.body
    if body.working_group is not None:
        # A mandate in a club's body makes its holder a member of the club's group,
        # so that they see its content. Ending it does not remove them: they may
        # have joined the group for their own reasons.
        body.working_group.members.add(mandate.person)
    audit_record(
        action="governance.mandate_added",
        request=request,
        actor=by,
        target=body,
        details={
            "person": str(mandate.person),
            "role": mandate.role,
            "source": mandate.source,
            "from": mandate.starts_on.isoformat(),
        },
    )
    return mandate


def mandate_add(
    *,
    body: Body,
    person: User,
    organisation: Organisation,
    role: str = MandateRole.MEMBER,
    source: str = MandateSource.APPOINTED,
    starts_on: date,
    ends_on: date | None = None,
    branch: Body | None = None,
    by: User,
    request: HttpRequest | None = None,
) -> Mandate:
    """Seat ``person`` (representing ``organisation``) in ``body``; see ``_check_mandate``.

    ``branch``: for a delegate, the territorial branch they represent.
    """
    if branch is not None and branch.delegates_to_id != body.pk:
        raise ValidationError(
            {"branch": _("%(branch)s sends no delegates to this body.") % {"branch": branch}}
        )
    from cordee.governance.notices import notify_mandate_given

    with transaction.atomic():
        Body.objects.select_for_update().get(pk=body.pk)  # one writer per body: seats hold
        mandate = _seat(
            Mandate(
                body=body,
                person=person,
                organisation=organisation,
                role=role,
                source=source,
                starts_on=starts_on,
                ends_on=ends_on,
                branch=branch,
            ),
            by=by,
            request=request,
        )
        transaction.on_commit(lambda: notify_mandate_given([mandate]))
    return mandate


def mandate_end(
    *, mandate: Mandate, ends_on: date, by: User, request: HttpRequest | None = None
) -> Mandate:
    """End a mandate on ``ends_on`` (its last day), or bring its end forward."""
    if ends_on < mandate.starts_on:
        raise ValidationError(
            {
                "ends_on": _(
                    "A mandate cannot end before it starts (%(start)s): choose a later date."
                )
                % {"start": _day(mandate.starts_on)}
            }
        )
    if mandate.ends_on is not None and ends_on > mandate.ends_on:
        raise ValidationError(
            {
                "ends_on": _("This mandate already ends on %(end)s: choose that date or earlier.")
                % {"end": _day(mandate.ends_on)}
            }
        )
    with transaction.atomic():
        mandate.ends_on = ends_on
        mandate.save(update_fields=["ends_on"])
        audit_record(
            action="governance.mandate_ended",
            request=request,
            actor=by,
            target=mandate.body,
            details={"person": str(mandate.person), "role": mandate.role, "until": str(ends_on)},
        )
    return mandate


# Branch elections.


def candidate_label(affiliation: Affiliation) -> str:
    return f"{affiliation.person.display_name} ({affiliation.organisation.name})"


def election_open(
    *,
    branch: Body,
    title: str,
    description: str = "",
    candidates: Sequence[Affiliation],
    seats: int,
    method: str = Method.JUDGMENT,
    opens_at: datetime,
    closes_at: datetime,
    by: User,
    request: HttpRequest | None = None,
) -> BranchElection:
    """Open a vote where the member organisations of ``branch``'s territory with dues paid
    elect ``seats`` delegates among ``candidates`` (people of those organisations).

    The vote is published at once (its electorate is taken now) and the
    electorate and the candidates are told.
    """
    from cordee.governance.notices import notify_candidates

    if branch.kind != BodyKind.BRANCH or branch.territory is None:
        raise ValidationError(_("Only a territorial branch elects delegates."))
    if branch.delegates_to is None:
        raise ValidationError(
            _("This branch sends delegates to no body: choose one in its settings first.")
        )
    if method not in ELECTION_METHODS:
        raise ValidationError(_("Choose a voting method that ranks the candidates."))
    if seats < 1:
        raise ValidationError({"seats": _("Elect at least one delegate.")})
    people = [a.person_id for a in candidates]
    if len(set(people)) != len(people):
        raise ValidationError(
            {"candidates": _("A person stands once: choose each candidate only once.")}
        )
    if len(candidates) < max(2, seats):
        raise ValidationError(
            {
                "candidates": _(
                    "Choose at least two candidates, and at least as many as delegates to elect."
                )
            }
        )
    eligible = set(
        network_affiliations(branch)
        .filter(pk__in=[a.pk for a in candidates])
        .values_list("pk", flat=True)
    )
    outside = [a for a in candidates if a.pk not in eligible]
    if outside:
        raise ValidationError(
            {
                "candidates": _(
                    "%(person)s cannot stand: candidates work for a member organisation of "
                    "%(territory)s with its membership up to date."
                )
                % {"person": outside[0].person.display_name, "territory": branch.territory}
            }
        )
    in_progress = BranchElection.objects.filter(
        branch=branch, vote__results_published_at__isnull=True
    ).exists()
    if in_progress:
        raise ValidationError(
            _("An election of this branch is under way: close it before opening another one.")
        )
    labels = []
    for affiliation in candidates:
        label = candidate_label(affiliation)[:190]  # options hold 200 characters
        while label in labels:  # namesakes in one company: tell them apart
            label += " ·"
        labels.append(label)
    with transaction.atomic():
        vote = vote_save(
            vote=Vote(
                title=title,
                description=description,
                method=method,
                opens_at=opens_at,
                closes_at=closes_at,
                territory=branch.territory,
                electorate=ElectorateKind.ORGANISATIONS,
                secret=True,
            ),
            options=labels,
            by=by,
            request=request,
        )
        election = BranchElection.objects.create(
            branch=branch, vote=vote, seats=seats, opened_by=by
        )
        options = list(vote.options.order_by("order"))
        Candidate.objects.bulk_create(
            Candidate(
                election=election,
                option=option,
                person_id=affiliation.person_id,
                organisation_id=affiliation.organisation_id,
            )
            for option, affiliation in zip(options, candidates, strict=True)
        )
        vote_open(vote=vote, by=by, request=request)
        audit_record(
            action="governance.election_opened",
            request=request,
            actor=by,
            target=branch,
            details={"vote": title, "candidates": len(candidates), "seats": seats},
        )
        transaction.on_commit(lambda: notify_candidates(election))
    return election


@dataclass
class Outcome:
    """Who a closed branch election elects, from its ranking."""

    results: Results
    elected: list[Candidate] = field(default_factory=list)
    # Candidates tied across the last seats: staff choose ``remaining`` of them.
    tied: list[Candidate] = field(default_factory=list)
    remaining: int = 0
    ranking: list[list[Candidate]] = field(default_factory=list)


def election_outcome(election: BranchElection) -> Outcome:
    results = vote_results(election.vote)
    by_label = {
        c.option.label: c
        for c in election.candidates.select_related("option", "person", "organisation")
    }
    outcome = Outcome(results=results)
    outcome.ranking = [[by_label[label] for label in group] for group in results.total.ranking]
    if results.total.ballots:
        outcome.elected, outcome.tied, outcome.remaining = fill_seats(
            outcome.ranking, election.seats
        )
    return outcome


def fill_seats(ranking: Sequence[Sequence[T]], seats: int) -> tuple[list[T], list[T], int]:
    """The first ``seats`` of ``ranking`` (groups of tied candidates, best first).

    Returns the elected, and the group tied across the last seats with how many
    of them are still to choose (``[]`` and 0 when no tie straddles the seats).
    """
    elected: list[T] = []
    for group in ranking:
        free = seats - len(elected)
        if free <= 0:
            break
        if len(group) > free:
            return elected, list(group), free
        elected.extend(group)
    return elected, [], 0


def election_confirm(
    *,
    election: BranchElection,
    starts_on: date,
    ends_on: date | None = None,
    tie_break: Sequence[Candidate] = (),
    by: User,
    request: HttpRequest | None = None,
) -> list[Mandate]:
    """Seat the elected as delegates of the branch in the body it sends delegates to.

    The branch's delegates from its earlier elections still sitting on
    ``starts_on`` end the day before. When candidates are tied across the last
    seats, ``tie_break`` names those who take them (as the statutes say: by lot,
    by age...).
    """
    from cordee.governance.notices import notify_elected

    vote = election.vote
    branch = election.branch
    board = branch.delegates_to
    if election.confirmed_at is not None:
        raise ValidationError(_("These delegates are already confirmed."))
    if vote.results_published_at is None:
        raise ValidationError(
            _("The vote is not closed yet: close it on the vote's page, then confirm.")
        )
    if board is None:
        raise ValidationError(
            _("This branch sends delegates to no body: choose one in its settings first.")
        )
    outcome = election_outcome(election)
    if not outcome.results.total.ballots:
        raise ValidationError(_("No ballot was cast: nobody is elected. Open a new election."))
    elected = list(outcome.elected)
    if outcome.tied:
        chosen = [c for c in outcome.tied if c.pk in {t.pk for t in tie_break}]
        if len(chosen) != outcome.remaining or len(tie_break) != outcome.remaining:
            raise ValidationError(
                ngettext(
                    "%(tied)d candidates are tied for the last seat: choose %(seats)d of them, "
                    "as your statutes say.",
                    "%(tied)d candidates are tied for the last %(seats)d seats: choose "
                    "%(seats)d of them, as your statutes say.",
                    outcome.remaining,
                )
                % {"tied": len(outcome.tied), "seats": outcome.remaining}
            )
        elected += chosen
    with transaction.atomic():
        Body.objects.select_for_update().get(pk=board.pk)
        earlier = list(
            Mandate.objects.filter(
                body=board,
                role=MandateRole.DELEGATE,
                branch=branch,
            )
            .exclude(election=vote)
            .current(starts_on)
        )
        for mandate in earlier:
            mandate.ends_on = max(mandate.starts_on, starts_on - timedelta(days=1))
            mandate.save(update_fields=["ends_on"])
        mandates = [
            _seat(
                Mandate(
                    body=board,
                    person=candidate.person,
                    organisation=candidate.organisation,
                    role=MandateRole.DELEGATE,
                    source=MandateSource.ELECTED,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    election=vote,
                    branch=branch,
                ),
                by=by,
                request=request,
            )
            for candidate in elected
        ]
        election.confirmed_at = timezone.now()
        election.confirmed_by = by
        election.save(update_fields=["confirmed_at", "confirmed_by"])
        audit_record(
            action="governance.election_confirmed",
            request=request,
            actor=by,
            target=branch,
            details={
                "vote": vote.title,
                "elected": [str(c.person) for c in elected],
                "ended": len(earlier),
            },
        )
        transaction.on_commit(lambda: notify_elected(election, elected))
    return mandates
