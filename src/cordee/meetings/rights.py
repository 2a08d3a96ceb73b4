"""What a person may do with a meeting, resolved once per view.

A meeting nobody told you about is a 404; a page of a meeting you see but may
not act on is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from cordee.governance.models import Body, Mandate, MandateRole
from cordee.meetings.models import PUBLIC_BODY_KINDS, Meeting, organiser_body_ids
from cordee.network.access import Access, get_access


@dataclass(frozen=True)
class MeetingRights:
    meeting: Meeting
    access: Access
    participant: bool  # sees the whole meeting: documents, attendance, draft minutes
    organiser: bool  # agenda, convocation, attendance, votes, minutes, decisions
    approver: bool  # approves the minutes: the chair, or staff

    def require(self, right: str) -> MeetingRights:
        if not getattr(self, right):
            raise PermissionDenied
        return self


def is_chair(access: Access, body: Body) -> bool:
    return (
        access.user_id is not None
        and Mandate.objects.current()
        .filter(body=body, person_id=access.user_id, role=MandateRole.CHAIR)
        .exists()
    )


def meeting_rights(request: HttpRequest, public_id: UUID) -> MeetingRights:
    """The meeting if the person may see it (else 404), with what they may do."""
    access = get_access(request)
    meeting = get_object_or_404(
        Meeting.objects.visible_to(access).select_related("body__territory", "body__meeting_rules"),
        public_id=public_id,
    )
    organiser = Meeting.objects.managed_by(access).filter(pk=meeting.pk).exists()
    participant = organiser or Meeting.objects.participant_of(access).filter(pk=meeting.pk).exists()
    staff = access.is_staff_for(meeting.body.territory)
    return MeetingRights(
        meeting=meeting,
        access=access,
        participant=participant,
        organiser=organiser,
        approver=staff or is_chair(access, meeting.body),
    )


def body_rights(request: HttpRequest, slug: str) -> tuple[Body, bool, bool]:
    """The body (404 when its meetings are nobody's business of this person), whether the
    person is one of its members or staff, and whether they organise its meetings."""
    access = get_access(request)
    body = get_object_or_404(Body.objects.select_related("territory"), slug=slug)
    organiser = body.pk in organiser_body_ids(access) or (
        access.is_staff and access.is_staff_for(body.territory)
    )
    member = organiser or (
        access.user_id is not None
        and Mandate.objects.current().filter(body=body, person_id=access.user_id).exists()
    )
    if not member and body.kind not in PUBLIC_BODY_KINDS:
        raise Http404("This body's meetings are seen by its members.")
    return body, member, organiser
