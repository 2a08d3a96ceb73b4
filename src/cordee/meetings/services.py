"""Workflows of a meeting: scheduling and agenda, convocation, roll call and proxies,
quorum, votes on agenda items.

Minutes and the decisions marked in them are in :mod:`cordee.meetings.minutes`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cordee.accounts.models import User
from cordee.audit.models import ACTION_LABELS
from cordee.audit.services import audit_record
from cordee.governance.models import Body, Mandate
from cordee.knowledge.attachments import check_upload
from cordee.meetings import quorum
from cordee.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    BodyRules,
    ItemVote,
    Meeting,
    MeetingProxy,
    Presence,
    rules_for,
)
from cordee.voting.models import ElectorateKind, Method, Vote
from cordee.voting.services import ListedElector, vote_close, vote_open, vote_save

ACTION_LABELS.update(
    {
        "meeting.created": gettext_lazy("Scheduled a meeting"),
        "meeting.updated": gettext_lazy("Changed a meeting"),
        "meeting.rules_updated": gettext_lazy("Changed how a body meets"),
        "meeting.convocation_sent": gettext_lazy("Sent a meeting's convocation"),
        "meeting.opened": gettext_lazy("Opened a meeting's roll call"),
        "meeting.closed": gettext_lazy("Closed a meeting"),
        "meeting.attendance": gettext_lazy("Recorded attendance at a meeting"),
        "meeting.proxy_given": gettext_lazy("Recorded a proxy for a meeting"),
        "meeting.proxy_revoked": gettext_lazy("Revoked a proxy for a meeting"),
        "meeting.vote_opened": gettext_lazy("Opened a vote on an agenda item"),
        "meeting.document_added": gettext_lazy("Attached a document to an agenda item"),
        "meeting.document_removed": gettext_lazy("Removed a document from an agenda item"),
        "meeting.minutes_submitted": gettext_lazy("Showed minutes to participants"),
        "meeting.minutes_approved": gettext_lazy("Approved minutes"),
        "meeting.minutes_corrected": gettext_lazy("Started a correction of approved minutes"),
        "meeting.decision_marked": gettext_lazy("Marked a decision in minutes"),
    }
)

# The methods offered for a vote in the room: quick to cast on a phone.
ROOM_METHODS = (Method.YES_NO, Method.SINGLE, Method.APPROVAL, Method.JUDGMENT)


# Rules and scheduling.


def body_rules_save(*, rules: BodyRules, by: User, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        rules.save()
        audit_record(action="meeting.rules_updated", request=request, actor=by, target=rules.body)


def meeting_save(*, meeting: Meeting, by: User, request: HttpRequest | None = None) -> Meeting:
    """Schedule a meeting or change its date, place or rules (until it closes); members
    already convened are told of a new date or place."""
    from cordee.meetings.notices import notify_convocation

    before = Meeting.objects.filter(pk=meeting.pk).first() if meeting.pk else None
    if before is not None and before.closed_at is not None:
        raise ValidationError(_("This meeting is closed: its date and place stay as they were."))
    moved = before is not None and any(
        getattr(before, name) != getattr(meeting, name)
        for name in ("starts_at", "place", "video_url")
    )
    with transaction.atomic():
        created = meeting.pk is None
        if created:
            meeting.created_by = by
        meeting.save()
        audit_record(
            action="meeting.created" if created else "meeting.updated",
            request=request,
            actor=by,
            target=meeting,
        )
        if moved and meeting.convocation_sent_at is not None:
            transaction.on_commit(lambda: notify_convocation(meeting, changed=True))
    return meeting


def agenda_item_save(*, item: AgendaItem, by: User) -> AgendaItem:
    if item.pk is None:
        last = item.meeting.items.order_by("-order").values_list("order", flat=True).first()
        item.order = 0 if last is None else last + 1
    item.save()
    return item


def agenda_item_move(*, item: AgendaItem, up: bool) -> None:
    """Swap the item with the one before (``up``) or after it."""
    siblings = list(item.meeting.items.all())
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    with transaction.atomic():
        for order, sibling in enumerate(siblings):
            if sibling.order != order:
                AgendaItem.objects.filter(pk=sibling.pk).update(order=order)


def agenda_item_delete(*, item: AgendaItem) -> None:
    if item.votes.exists() or item.decisions.exists():
        raise ValidationError(
            _("A vote or a decision was recorded on this item: it stays on the agenda.")
        )
    item.delete()


def document_add(
    *, item: AgendaItem, upload: UploadedFile, by: User, request: HttpRequest | None = None
) -> AgendaDocument:
    """Attach a file whose content was checked (see ``knowledge.attachments``)."""
    file_type = check_upload(upload)
    original = (upload.name or f"document.{file_type.extension}").replace("/", "_")[-255:]
    # Stored under a random name: the original one may hold anything, even a path.
    upload.name = f"{uuid.uuid4().hex}.{file_type.extension}"
    with transaction.atomic():
        document = AgendaDocument.objects.create(
            item=item,
            file=upload,
            original_name=original,
            content_type=file_type.content_type,
            size=upload.size or 0,
            uploaded_by=by,
        )
        audit_record(
            action="meeting.document_added",
            request=request,
            actor=by,
            target=item.meeting,
            details={"document": original},
        )
    return document


def document_remove(
    *, document: AgendaDocument, by: User, request: HttpRequest | None = None
) -> None:
    meeting = document.item.meeting
    with transaction.atomic():
        audit_record(
            action="meeting.document_removed",
            request=request,
            actor=by,
            target=meeting,
            details={"document": document.original_name},
        )
        document.file.delete(save=False)
        document.delete()


# Convocation.


def convocation_send(
    *, meeting: Meeting, by: User | None = None, request: HttpRequest | None = None
) -> None:
    """Send the convocation to the body's members, once (a second call is refused)."""
    from cordee.meetings.notices import notify_convocation

    if by is not None and not meeting.items.exists():
        raise ValidationError(_("Write the agenda first: the convocation lists it."))
    if meeting.opened_at is not None:
        raise ValidationError(_("The meeting has started: it is too late to convene it."))
    with transaction.atomic():
        # One UPDATE decides who sends: a second sender (the worker and a secretary at
        # the same moment) changes no row and sends nothing.
        sent = Meeting.objects.filter(pk=meeting.pk, convocation_sent_at__isnull=True).update(
            convocation_sent_at=timezone.now()
        )
        if not sent:
            raise ValidationError(_("The convocation was already sent: it is sent only once."))
        audit_record(action="meeting.convocation_sent", request=request, actor=by, target=meeting)
        transaction.on_commit(lambda: notify_convocation(meeting))
    meeting.refresh_from_db(fields=["convocation_sent_at"])


def convocations_send_due(*, now: datetime | None = None) -> int:
    """Send the convocations whose time has come (each body's notice, or the meeting's)."""
    now = now or timezone.now()
    upcoming = Meeting.objects.filter(
        convocation_sent_at__isnull=True,
        opened_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(days=91),
    ).select_related("body__meeting_rules")
    sent = 0
    for meeting in upcoming:
        if meeting.convocation_due_at > now:
            continue
        try:
            convocation_send(meeting=meeting)
        except ValidationError:
            continue  # sent meanwhile by a secretary
        sent += 1
    return sent


# The roll call, proxies and quorum.


def meeting_members(meeting: Meeting) -> QuerySet[User]:
    """The members who count: the roll call once the meeting opened, else the body's
    members on the meeting's day."""
    if meeting.opened_at is not None:
        return User.objects.filter(meeting_attendance__meeting=meeting)
    mandates = Mandate.objects.current(on=meeting.day).filter(body=meeting.body)
    return User.objects.filter(pk__in=mandates.values("person_id"), is_active=True)


@dataclass(frozen=True)
class QuorumState:
    rule: quorum.QuorumRule
    count: quorum.Count[int]
    required: int

    @property
    def members(self) -> int:
        return self.count.members

    @property
    def present(self) -> int:
        return len(self.count.present)

    @property
    def represented(self) -> int:
        return len(self.count.represented)

    @property
    def counted(self) -> int:
        return self.count.counted

    @property
    def reached(self) -> bool:
        return quorum.is_reached(self.counted, self.members, self.rule)

    @property
    def missing(self) -> int:
        return max(self.required - self.counted, 0)


def meeting_quorum(meeting: Meeting) -> QuorumState:
    """Who counts now, and whether the quorum is reached (a few queries, whatever the size)."""
    members = list(meeting_members(meeting).values_list("pk", flat=True))
    present = Attendance.objects.filter(meeting=meeting, status=Presence.PRESENT).values_list(
        "person_id", flat=True
    )
    proxies = MeetingProxy.objects.filter(meeting=meeting, revoked_at__isnull=True).values_list(
        "giver_id", "holder_id"
    )
    rule = rules_for(meeting.body).quorum_rule
    counted = quorum.count(
        members=members, present=present, proxies=proxies, cap=meeting.effective_proxy_cap
    )
    return QuorumState(rule=rule, count=counted, required=quorum.required(len(members), rule))


def meeting_open(*, meeting: Meeting, by: User, request: HttpRequest | None = None) -> None:
    """Start the meeting: the roll call lists the body's members of the day."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.opened_at is not None:
            raise ValidationError(_("The meeting has already started."))
        members = list(meeting_members(meeting).values_list("pk", flat=True))
        if not members:
            raise ValidationError(
                _("This body has no member today: record its mandates before meeting.")
            )
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, person_id=person_id) for person_id in members],
            ignore_conflicts=True,
        )
        meeting.opened_at = timezone.now()
        meeting.save(update_fields=["opened_at"])
        audit_record(action="meeting.opened", request=request, actor=by, target=meeting)


def meeting_close(*, meeting: Meeting, by: User, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not meeting.in_session:
            raise ValidationError(_("Only a meeting in session can be closed."))
        open_votes = Vote.objects.filter(
            meeting_item__item__meeting=meeting, results_published_at__isnull=True
        )
        if open_votes.exists():
            raise ValidationError(_("A vote is still open: close it before closing the meeting."))
        meeting.closed_at = timezone.now()
        meeting.save(update_fields=["closed_at"])
        audit_record(action="meeting.closed", request=request, actor=by, target=meeting)


def _check_not_closed(meeting: Meeting) -> None:
    if meeting.closed_at is not None:
        raise ValidationError(_("This meeting is closed: its attendance and proxies stay as kept."))


def attendance_record(
    *,
    meeting: Meeting,
    attendance: Attendance,
    status: str,
    by: User,
    request: HttpRequest | None = None,
) -> Attendance:
    """Mark one member present, excused or absent (a present giver's proxy becomes void)."""
    if status not in Presence.values:
        raise ValidationError(_("Choose present, excused or absent."))
    if meeting.opened_at is None:
        raise ValidationError(_("Start the meeting before taking attendance."))
    _check_not_closed(meeting)
    with transaction.atomic():
        attendance.status = status
        attendance.recorded_by = by
        attendance.recorded_at = timezone.now()
        attendance.save(update_fields=["status", "recorded_by", "recorded_at"])
        audit_record(
            action="meeting.attendance",
            request=request,
            actor=by,
            target=meeting,
            details={"person": str(attendance.person), "status": status},
        )
    return attendance


def _present_ids(meeting: Meeting) -> set[int]:
    return set(
        Attendance.objects.filter(meeting=meeting, status=Presence.PRESENT).values_list(
            "person_id", flat=True
        )
    )


def proxy_record(
    *,
    meeting: Meeting,
    giver: User,
    holder: User,
    by: User,
    request: HttpRequest | None = None,
) -> MeetingProxy:
    """Record that ``giver`` gives their vote at this meeting to ``holder``.

    Refused to oneself, outside the body's members, from someone present, in a
    chain, and beyond the holder's cap (proxies whose giver came do not count).
    """
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_not_closed(meeting)
        if giver.pk == holder.pk:
            raise ValidationError(_("A member cannot give their proxy to themselves."))
        members = set(
            meeting_members(meeting)
            .filter(pk__in=[giver.pk, holder.pk])
            .values_list("pk", flat=True)
        )
        for person in (giver, holder):
            if person.pk not in members:
                raise ValidationError(
                    _("%(person)s is not a member of %(body)s for this meeting.")
                    % {"person": person, "body": meeting.body}
                )
        present = _present_ids(meeting)
        if giver.pk in present:
            raise ValidationError(
                _(
                    "%(person)s is marked present: a proxy given by someone present is void. "
                    "Mark them absent or excused first if they are leaving."
                )
                % {"person": giver}
            )
        standing = MeetingProxy.objects.filter(meeting=meeting, revoked_at__isnull=True)
        if standing.filter(giver=giver).exists():
            raise ValidationError(
                _("%(person)s has already given their proxy: revoke it first.") % {"person": giver}
            )
        if standing.filter(giver=holder).exists():
            raise ValidationError(
                _(
                    "%(person)s has given their own proxy away, so they cannot hold another "
                    "one: proxies do not pass on."
                )
                % {"person": holder}
            )
        if standing.filter(holder=giver).exists():
            raise ValidationError(
                _(
                    "%(person)s holds another member's proxy, so they cannot give their own: "
                    "proxies do not pass on."
                )
                % {"person": giver}
            )
        held = standing.filter(holder=holder).exclude(giver_id__in=present).count()
        cap = meeting.effective_proxy_cap
        if held >= cap:
            raise ValidationError(
                ngettext(
                    "%(person)s already holds %(count)d proxy, the most allowed at this meeting. "
                    "Choose another member to hold it.",
                    "%(person)s already holds %(count)d proxies, the most allowed at this "
                    "meeting. Choose another member to hold it.",
                    held,
                )
                % {"person": holder, "count": held}
            )
        proxy = MeetingProxy.objects.create(
            meeting=meeting, giver=giver, holder=holder, recorded_by=by
        )
        audit_record(
            action="meeting.proxy_given",
            request=request,
            actor=by,
            target=meeting,
            details={"giver": str(giver), "holder": str(holder)},
        )
    return proxy


def proxy_revoke(*, proxy: MeetingProxy, by: User, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        _check_not_closed(proxy.meeting)
        if proxy.revoked_at is not None:
            raise ValidationError(_("This proxy was already revoked."))
        proxy.revoked_at = timezone.now()
        proxy.save(update_fields=["revoked_at"])
        audit_record(
            action="meeting.proxy_revoked",
            request=request,
            actor=by,
            target=proxy.meeting,
            details={"giver": str(proxy.giver), "holder": str(proxy.holder)},
        )


# Votes on agenda items.


def item_vote_open(
    *,
    item: AgendaItem,
    title: str,
    method: str,
    options: list[str],
    secret: bool,
    minutes: int,
    by: User,
    request: HttpRequest | None = None,
    announce: bool = True,
) -> Vote:
    """Open a vote on ``item`` for the members present or represented, if the quorum is
    reached. Each proxy holder casts the vote of whom they represent; the electors are
    told (unless ``announce`` is False, as in the demo)."""
    meeting = item.meeting
    if not meeting.in_session:
        raise ValidationError(
            _("Votes are held during the meeting: start it first.")
            if meeting.opened_at is None
            else _("This meeting is closed: no more votes.")
        )
    if method not in ROOM_METHODS:
        raise ValidationError(_("Choose one of the voting methods offered."))
    state = meeting_quorum(meeting)
    if not state.reached:
        raise ValidationError(
            ngettext(
                "The quorum is not reached: %(counted)d member present or represented, "
                "%(required)d needed. A vote cannot be opened; record who has arrived, or "
                "postpone the item.",
                "The quorum is not reached: %(counted)d members present or represented, "
                "%(required)d needed. A vote cannot be opened; record who has arrived, or "
                "postpone the item.",
                state.counted,
            )
            % {"counted": state.counted, "required": state.required}
        )
    listed = [ListedElector(person_id=person_id) for person_id in sorted(state.count.present)]
    listed += [
        ListedElector(person_id=giver, proxy_person_id=holder)
        for giver, holder in sorted(state.count.represented.items())
    ]
    now = timezone.now()
    with transaction.atomic():
        vote = vote_save(
            vote=Vote(
                title=title.strip()[:200],
                description=_("%(meeting)s, item: %(item)s") % {"meeting": meeting, "item": item},
                method=method,
                secret=secret,
                opens_at=now,
                closes_at=now + timedelta(minutes=minutes),
                territory=meeting.body.territory,
                electorate=ElectorateKind.LISTED,
            ),
            options=options,
            by=by,
            request=request,
        )
        vote_open(vote=vote, by=by, request=request, listed=listed, announce=announce)
        ItemVote.objects.create(item=item, vote=vote)
        audit_record(
            action="meeting.vote_opened",
            request=request,
            actor=by,
            target=meeting,
            details={"item": item.title, "vote": vote.title, "electors": len(listed)},
        )
    vote.refresh_from_db()
    return vote


def item_vote_close(*, vote: Vote, by: User, request: HttpRequest | None = None) -> Vote:
    return vote_close(vote=vote, by=by, request=request)


def meetings_of(body: Body) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body=body).order_by(F("starts_at").desc())
