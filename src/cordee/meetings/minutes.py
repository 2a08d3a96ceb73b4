"""Minutes of a meeting: written by the secretary, shown to participants for comments,
approved by the chair after the review period; approved minutes never change
(a correction is a new version, noted). Decisions are marked in them, item by item.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cordee.accounts.models import User
from cordee.audit.services import audit_record
from cordee.meetings.models import (
    AgendaItem,
    ItemDecision,
    Meeting,
    Minutes,
    MinutesComment,
    MinutesStatus,
    rules_for,
)
from cordee.network.scopes import Scope
from cordee.voting.models import Vote

APPROVED_REFUSAL = gettext_lazy(
    "These minutes are approved: they can no longer change. To correct them, start a "
    "correction: a new version is written, reviewed and approved, and this one stays on record."
)


def minutes_current(meeting: Meeting) -> Minutes | None:
    """The latest version of the minutes, if any."""
    return meeting.minutes.order_by("-version").first()


def minutes_approved(meeting: Meeting) -> Minutes | None:
    """The latest approved version, the one the record shows."""
    return meeting.minutes.filter(status=MinutesStatus.APPROVED).order_by("-version").first()


def minutes_save(
    *, meeting: Meeting, text: str, by: User, minutes: Minutes | None = None
) -> Minutes:
    """Write the minutes (a first draft, or the draft or version under review given)."""
    if meeting.opened_at is None:
        raise ValidationError(_("Minutes are written once the meeting has started."))
    with transaction.atomic():
        if minutes is None:
            if meeting.minutes.exists():
                raise ValidationError(_("These minutes were started meanwhile: edit them instead."))
            minutes = Minutes(meeting=meeting, version=1)
        else:
            # Read again under lock: an approval at the same moment wins.
            minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
            if minutes.is_approved:
                raise ValidationError(str(APPROVED_REFUSAL))
        minutes.text = text
        minutes.written_by = by
        try:
            minutes.save()
        except IntegrityError:
            raise ValidationError(
                _("These minutes were started meanwhile: edit them instead.")
            ) from None
    return minutes


def minutes_submit(*, minutes: Minutes, by: User, request: HttpRequest | None = None) -> None:
    """Show the draft to the participants for comments, until the review period ends."""
    from cordee.meetings.notices import notify_minutes

    if minutes.status != MinutesStatus.DRAFT:
        raise ValidationError(_("Only a draft can be shown for review."))
    if not minutes.text.strip():
        raise ValidationError(_("The minutes are empty: write them before showing them."))
    days = rules_for(minutes.meeting.body).review_days
    with transaction.atomic():
        minutes.status = MinutesStatus.REVIEW
        minutes.review_until = timezone.now() + timedelta(days=days)
        minutes.save(update_fields=["status", "review_until", "updated_at"])
        audit_record(
            action="meeting.minutes_submitted",
            request=request,
            actor=by,
            target=minutes.meeting,
            details={"version": minutes.version},
        )
        transaction.on_commit(lambda: notify_minutes(minutes, approved=False))


def minutes_comment(*, minutes: Minutes, author: User, text: str) -> MinutesComment:
    if minutes.status != MinutesStatus.REVIEW:
        raise ValidationError(
            _("Comments are taken while the minutes are under review; they are not now.")
        )
    if not text.strip():
        raise ValidationError(_("Write your comment before sending it."))
    return MinutesComment.objects.create(minutes=minutes, author=author, text=text.strip())


def minutes_approve(*, minutes: Minutes, by: User, request: HttpRequest | None = None) -> None:
    """The chair approves the minutes once every participant could comment."""
    from cordee.meetings.notices import notify_minutes

    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
        if minutes.is_approved:
            raise ValidationError(_("These minutes are already approved."))
        if minutes.status != MinutesStatus.REVIEW or minutes.review_until is None:
            raise ValidationError(
                _("Show the minutes to the participants for review before approving them.")
            )
        if timezone.now() < minutes.review_until:
            raise ValidationError(
                _(
                    "The participants may comment until %(date)s: approve the minutes after "
                    "that, so that everyone was heard."
                )
                % {
                    "date": formats.date_format(
                        timezone.localtime(minutes.review_until), "DATETIME_FORMAT"
                    )
                }
            )
        minutes.status = MinutesStatus.APPROVED
        minutes.approved_at = timezone.now()
        minutes.approved_by = by
        minutes.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
        audit_record(
            action="meeting.minutes_approved",
            request=request,
            actor=by,
            target=minutes.meeting,
            details={"version": minutes.version},
        )
        transaction.on_commit(lambda: notify_minutes(minutes, approved=True))


def minutes_correct(
    *, minutes: Minutes, note: str, by: User, request: HttpRequest | None = None
) -> Minutes:
    """Start a new version of approved minutes, saying what it corrects."""
    if not minutes.is_approved:
        raise ValidationError(_("Only approved minutes are corrected by a new version."))
    if not note.strip():
        raise ValidationError(_("Say what the correction is about: it is noted on the record."))
    with transaction.atomic():
        latest = minutes_current(minutes.meeting)
        if latest is not None and latest.pk != minutes.pk:
            raise ValidationError(_("A correction of these minutes is already under way."))
        correction = Minutes.objects.create(
            meeting=minutes.meeting,
            version=minutes.version + 1,
            text=minutes.text,
            correction_note=note.strip()[:300],
            written_by=by,
        )
        audit_record(
            action="meeting.minutes_corrected",
            request=request,
            actor=by,
            target=minutes.meeting,
            details={"version": correction.version, "note": correction.correction_note},
        )
    return correction


def decision_mark(
    *,
    item: AgendaItem,
    title: str,
    text: str,
    rationale: str = "",
    vote: Vote | None = None,
    public: bool = False,
    by: User,
    request: HttpRequest | None = None,
) -> ItemDecision:
    """Record a decision taken on ``item``, in the network's register of decisions."""
    from cordee.decisions.services import decision_record

    meeting = item.meeting
    if minutes_current(meeting) is None:
        raise ValidationError(_("Decisions are marked in the minutes: write them first."))
    if vote is not None and not item.votes.filter(vote=vote).exists():
        raise ValidationError(_("This vote was not held on this item."))
    body = meeting.body
    members_only = Scope.TERRITORY if body.territory_id else Scope.NETWORK
    scope = Scope.PUBLIC if public else members_only
    with transaction.atomic():
        decision = decision_record(
            title=title,
            text=text,
            rationale=rationale,
            decided_on=timezone.localtime(meeting.opened_at or meeting.starts_at).date(),
            by=by,
            body=body,
            vote=vote,
            origin=meeting,
            scope=scope,
            scope_territory=body.territory if scope == Scope.TERRITORY else None,
            request=request,
        )
        marked = ItemDecision.objects.create(item=item, decision=decision)
        audit_record(
            action="meeting.decision_marked",
            request=request,
            actor=by,
            target=meeting,
            details={"item": item.title, "decision": decision.title},
        )
    return marked
