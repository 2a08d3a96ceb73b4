"""Workflows of a consultation: opening it, moving its phases, contributing,
supporting, commenting, revising, merging, preparing the vote, the synthesis.

Each function checks that the current phase allows what is asked, and raises
``ValidationError`` with a message a person can act on when it does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cordee.accounts.models import User
from cordee.audit.models import ACTION_LABELS
from cordee.audit.services import audit_record
from cordee.consultations.models import (
    PHASE_ORDER,
    Action,
    Comment,
    Consultation,
    Contribution,
    ContributionRevision,
    ContributionStatus,
    Phase,
    Support,
)
from cordee.consultations.search import index_consultation, index_contribution
from cordee.network.access import Access
from cordee.network.models import Organisation
from cordee.voting.models import ElectorateKind, Method, Vote
from cordee.voting.services import vote_open, vote_save

ACTION_LABELS.update(
    {
        "consultation.created": gettext_lazy("Created a consultation"),
        "consultation.updated": gettext_lazy("Changed a consultation"),
        "consultation.opened": gettext_lazy("Opened a consultation"),
        "consultation.phase_changed": gettext_lazy("Moved a consultation to its next phase"),
        "consultation.synthesis_saved": gettext_lazy("Saved the synthesis of a consultation"),
        "consultation.synthesis_published": gettext_lazy(
            "Published the synthesis of a consultation"
        ),
        "consultation.contributions_merged": gettext_lazy("Merged contributions to a consultation"),
        "consultation.contribution_sorted": gettext_lazy("Retained or set aside a contribution"),
    }
)

PHASE_REFUSALS = {
    Action.CONTRIBUTE: gettext_lazy(
        "The contributions phase is over: new contributions are no longer taken."
    ),
    Action.SUPPORT: gettext_lazy(
        "Supports are taken during the contributions and co-construction phases."
    ),
    Action.COMMENT: gettext_lazy(
        "Comments are taken during the contributions and co-construction phases."
    ),
    Action.REVISE: gettext_lazy(
        "Contributions can be revised only until the co-construction phase ends."
    ),
    Action.MERGE: gettext_lazy(
        "Contributions are merged and sorted during the co-construction phase."
    ),
    Action.PREPARE_VOTE: gettext_lazy(
        "The vote is prepared at the end of the co-construction phase."
    ),
}


def check_phase(consultation: Consultation, action: str) -> None:
    if consultation.phase == Phase.DRAFT:
        raise ValidationError(_("This consultation is not open yet."))
    if not consultation.allows(action):
        raise ValidationError(str(PHASE_REFUSALS[Action(action)]))


def can_take_part(consultation: Consultation, access: Access) -> bool:
    """Members and staff who see the consultation take part; funders and visitors read."""
    return access.sees_member_content and consultation.phase != Phase.DRAFT


def speaking_for(access: Access) -> Organisation | None:
    """The organisation a person's contribution is counted for: their member organisation."""
    ids = sorted(access.member_organisation_ids or access.organisation_ids)
    return Organisation.objects.filter(pk=ids[0]).first() if ids else None


def _check_dates(consultation: Consultation) -> None:
    if consultation.coconstruction_until < consultation.contributions_until:
        raise ValidationError(
            _("The co-construction phase must end after the contributions phase.")
        )


# Staff: the consultation itself.


def consultation_save(
    *, consultation: Consultation, by: User, request: HttpRequest | None = None
) -> Consultation:
    _check_dates(consultation)
    with transaction.atomic():
        created = consultation.pk is None
        if created:
            consultation.created_by = by
        consultation.save()
        index_consultation(consultation)
        audit_record(
            action="consultation.created" if created else "consultation.updated",
            request=request,
            actor=by,
            target=consultation,
        )
    return consultation


def consultation_open(
    *,
    consultation: Consultation,
    by: User,
    request: HttpRequest | None = None,
    announce: bool = True,
) -> Consultation:
    """Publish a draft: contributions start now; its scope is told (unless ``announce``
    is False, as in the demo)."""
    from cordee.consultations.notices import notify_opened

    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.phase != Phase.DRAFT:
            raise ValidationError(_("This consultation is already open."))
        if consultation.contributions_until <= timezone.now():
            raise ValidationError(
                _("The contributions phase would already be over: set a later end, then open.")
            )
        now = timezone.now()
        consultation.phase = Phase.CONTRIBUTIONS
        consultation.opened_at = consultation.phase_changed_at = now
        consultation.save(update_fields=["phase", "opened_at", "phase_changed_at"])
        index_consultation(consultation)
        audit_record(action="consultation.opened", request=request, actor=by, target=consultation)
        if announce:
            transaction.on_commit(lambda: notify_opened(consultation, by=by))
    return consultation


def consultation_move(
    *,
    consultation: Consultation,
    to: Phase,
    by: User | None,
    request: HttpRequest | None = None,
    announce: bool = True,
) -> Consultation:
    """Move an open consultation to a later phase (staff, or the dates with ``by=None``);
    its participants are told unless ``announce`` is False."""
    from cordee.consultations.notices import notify_phase

    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        current = PHASE_ORDER.index(Phase(consultation.phase))
        if consultation.phase == Phase.DRAFT:
            raise ValidationError(_("Open the consultation first."))
        if PHASE_ORDER.index(to) <= current:
            raise ValidationError(_("A consultation only moves forward, one phase after another."))
        now = timezone.now()
        consultation.phase = to
        consultation.phase_changed_at = now
        # Moved early by staff: the dates of the phases that are over say so.
        if to != Phase.CONTRIBUTIONS and consultation.contributions_until > now:
            consultation.contributions_until = now
        if PHASE_ORDER.index(to) > PHASE_ORDER.index(Phase.COCONSTRUCTION):
            consultation.coconstruction_until = min(consultation.coconstruction_until, now)
        consultation.coconstruction_until = max(
            consultation.coconstruction_until, consultation.contributions_until
        )
        consultation.save(
            update_fields=[
                "phase",
                "phase_changed_at",
                "contributions_until",
                "coconstruction_until",
            ]
        )
        audit_record(
            action="consultation.phase_changed",
            request=request,
            actor=by,
            target=consultation,
            details={"phase": str(to)},
        )
        if announce:
            transaction.on_commit(lambda: notify_phase(consultation, by=by))
    return consultation


def consultations_advance_due(*, now: datetime | None = None) -> int:
    """Move every consultation whose phase is over by date (or whose vote closed)."""
    now = now or timezone.now()
    moved = 0
    candidates = Consultation.objects.filter(
        phase__in=[Phase.CONTRIBUTIONS, Phase.COCONSTRUCTION, Phase.VOTE]
    ).select_related("vote")
    for consultation in candidates:
        due = consultation.due_phase(now)
        if due is None:
            continue
        try:
            consultation_move(consultation=consultation, to=due, by=None)
        except ValidationError:
            continue  # moved meanwhile by staff
        moved += 1
    return moved


def synthesis_save(
    *,
    consultation: Consultation,
    text: str,
    publish: bool,
    by: User,
    request: HttpRequest | None = None,
) -> Consultation:
    if not consultation.is_past_contributions:
        raise ValidationError(_("A synthesis is written once the contributions phase is over."))
    if publish and not text.strip():
        raise ValidationError(_("Write the synthesis before publishing it."))
    with transaction.atomic():
        consultation.synthesis = text
        fields = ["synthesis"]
        if publish and consultation.synthesis_published_at is None:
            consultation.synthesis_published_at = timezone.now()
            fields.append("synthesis_published_at")
        consultation.save(update_fields=fields)
        index_consultation(consultation)
        audit_record(
            action="consultation.synthesis_published"
            if publish
            else "consultation.synthesis_saved",
            request=request,
            actor=by,
            target=consultation,
        )
    return consultation


# Members: contributions, supports, comments.


def contribution_create(
    *,
    consultation: Consultation,
    kind: str,
    title: str,
    body: str,
    by: User,
    access: Access,
    request: HttpRequest | None = None,
) -> Contribution:
    check_phase(consultation, Action.CONTRIBUTE)
    with transaction.atomic():
        contribution = Contribution.objects.create(
            consultation=consultation,
            kind=kind,
            title=title,
            body=body,
            author=by,
            organisation=speaking_for(access),
        )
        ContributionRevision.objects.create(
            contribution=contribution, title=title, body=body, by=by, note=_("First version")
        )
        index_contribution(contribution)
    return contribution


def contribution_revise(
    *,
    contribution: Contribution,
    title: str,
    body: str,
    note: str,
    by: User,
    request: HttpRequest | None = None,
) -> Contribution:
    check_phase(contribution.consultation, Action.REVISE)
    if contribution.status == ContributionStatus.MERGED:
        raise ValidationError(
            _("This contribution was merged into another: revise that one instead.")
        )
    if title == contribution.title and body == contribution.body:
        raise ValidationError(_("Nothing changed: edit the title or the text, then save."))
    with transaction.atomic():
        contribution.title, contribution.body = title, body
        contribution.save(update_fields=["title", "body", "updated_at"])
        ContributionRevision.objects.create(
            contribution=contribution, title=title, body=body, by=by, note=note
        )
        index_contribution(contribution)
    return contribution


def support_toggle(*, contribution: Contribution, by: User, access: Access) -> bool:
    """Support the contribution, or withdraw one's support; returns whether it is supported."""
    check_phase(contribution.consultation, Action.SUPPORT)
    if contribution.status == ContributionStatus.MERGED:
        raise ValidationError(_("This contribution was merged into another: support that one."))
    deleted, _rows = Support.objects.filter(contribution=contribution, person=by).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Support.objects.create(
                contribution=contribution, person=by, organisation=speaking_for(access)
            )
    except IntegrityError:
        pass  # a double click: the support is there
    return True


def comment_create(
    *,
    contribution: Contribution,
    body: str,
    parent: Comment | None,
    by: User,
    access: Access,
    request: HttpRequest | None = None,
    announce: bool = True,
) -> Comment:
    from cordee.consultations.notices import notify_comment

    check_phase(contribution.consultation, Action.COMMENT)
    if parent is not None and parent.contribution_id != contribution.pk:
        raise ValidationError(_("This reply answers a comment of another contribution."))
    with transaction.atomic():
        comment = Comment.objects.create(
            contribution=contribution,
            parent=parent,
            body=body,
            author=by,
            organisation=speaking_for(access),
        )
        if announce:
            transaction.on_commit(lambda: notify_comment(comment))
    return comment


# Staff: co-construction and the vote.


def contributions_merge(
    *,
    target: Contribution,
    merged: Sequence[Contribution],
    title: str,
    body: str,
    by: User,
    request: HttpRequest | None = None,
) -> Contribution:
    """Group ``merged`` into ``target``, whose text becomes ``title``/``body``.

    The merged contributions stay, marked as merged and pointing to the target;
    their supports move to it (one per person), and the merge is a new version
    of the target.
    """
    check_phase(target.consultation, Action.MERGE)
    others = [c for c in merged if c.pk != target.pk]
    if not others:
        raise ValidationError(_("Choose at least one other contribution to merge into this one."))
    if any(c.consultation_id != target.consultation_id for c in others):
        raise ValidationError(_("Only contributions of the same consultation can be merged."))
    if target.status == ContributionStatus.MERGED:
        raise ValidationError(_("This contribution was itself merged into another."))
    with transaction.atomic():
        ids = [c.pk for c in others]
        have = set(Support.objects.filter(contribution=target).values_list("person_id", flat=True))
        moved = []
        for support in Support.objects.filter(contribution_id__in=ids).order_by("pk"):
            if support.person_id not in have:
                have.add(support.person_id)
                moved.append(
                    Support(
                        contribution=target,
                        person_id=support.person_id,
                        organisation_id=support.organisation_id,
                    )
                )
        Support.objects.bulk_create(moved)
        Contribution.objects.filter(pk__in=ids).update(
            status=ContributionStatus.MERGED, merged_into=target, updated_at=timezone.now()
        )
        Contribution.objects.filter(merged_into_id__in=ids).update(merged_into=target)
        target.title, target.body = title, body
        target.save(update_fields=["title", "body", "updated_at"])
        index_contribution(target)
        ContributionRevision.objects.create(
            contribution=target,
            title=title,
            body=body,
            by=by,
            note=_("Merged with: %(titles)s") % {"titles": "; ".join(c.title for c in others)},
        )
        audit_record(
            action="consultation.contributions_merged",
            request=request,
            actor=by,
            target=target.consultation,
            details={"into": target.title, "merged": [c.title for c in others]},
        )
    return target


def contribution_set_status(
    *, contribution: Contribution, status: str, by: User, request: HttpRequest | None = None
) -> Contribution:
    """Retain a contribution for the vote, set it aside, or put it back as proposed."""
    check_phase(contribution.consultation, Action.MERGE)
    if status not in (
        ContributionStatus.PROPOSED,
        ContributionStatus.RETAINED,
        ContributionStatus.SET_ASIDE,
    ):
        raise ValidationError(_("Choose retained, set aside or proposed."))
    if contribution.status == ContributionStatus.MERGED:
        raise ValidationError(_("This contribution was merged into another."))
    contribution.status = status
    contribution.save(update_fields=["status", "updated_at"])
    audit_record(
        action="consultation.contribution_sorted",
        request=request,
        actor=by,
        target=contribution.consultation,
        details={"contribution": contribution.title, "status": status},
    )
    return contribution


def consultation_vote_prepare(
    *,
    consultation: Consultation,
    closes_at: datetime,
    method: str = Method.JUDGMENT,
    electorate: str = ElectorateKind.ORGANISATIONS,
    by: User,
    request: HttpRequest | None = None,
) -> Vote:
    """Create and open a vote over the retained proposals; the consultation moves to its
    vote phase."""
    check_phase(consultation, Action.PREPARE_VOTE)
    if consultation.vote_id is not None:
        raise ValidationError(_("The vote of this consultation is already prepared."))
    retained = list(
        consultation.contributions.filter(status=ContributionStatus.RETAINED)
        .order_by("title")
        .values_list("title", flat=True)
    )
    if len(retained) < 2:
        raise ValidationError(
            _("Retain at least two contributions for the vote (there are %(count)d).")
            % {"count": len(retained)}
        )
    now = timezone.now()
    if closes_at <= now + timedelta(minutes=5):
        raise ValidationError(_("The vote must close later than in five minutes."))
    with transaction.atomic():
        vote = vote_save(
            vote=Vote(
                title=consultation.title[:200],
                description=consultation.summary,
                method=method,
                electorate=electorate,
                opens_at=now,
                closes_at=closes_at,
                territory=consultation.scope_territory,
            ),
            options=retained,
            by=by,
            request=request,
        )
        vote_open(vote=vote, by=by, request=request)
        consultation.vote = vote
        consultation.save(update_fields=["vote"])
        if consultation.phase != Phase.VOTE:
            consultation_move(consultation=consultation, to=Phase.VOTE, by=by, request=request)
    return vote
