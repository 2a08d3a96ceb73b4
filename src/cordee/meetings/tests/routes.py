"""The meetings' URLs in the roles × URLs matrix (see cordee.core.testing.matrix).

The board is a public body: everyone sees its meetings' dates, agenda and
approved minutes. Its chair (the head), its secretary (the member) and the
whole network's staff organise them; the expert sits in it. A club's meetings
are seen by its members (the expert) and the staff only. The Arve coordinator
is staff of one territory, not of the whole network's bodies.
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cordee.core.testing.matrix import ROLES, Route, everyone, logged_in
from cordee.governance.models import Body, BodyKind, Mandate, MandateRole
from cordee.meetings.minutes import minutes_approve, minutes_save, minutes_submit
from cordee.meetings.models import AgendaDocument, AgendaItem, Meeting, Minutes
from cordee.meetings.services import meeting_open

ORGANISERS = {"head", "member", "staff", "admin"}
PARTICIPANTS = ORGANISERS | {"expert"}


def _statuses(default: int, **statuses: int) -> dict[str, int]:
    return {role: statuses.get(role, default) for role in ROLES}


STAFF = _statuses(403, visitor=302, staff=200, admin=200)
ORGANISE = _statuses(403, visitor=302, **dict.fromkeys(ORGANISERS, 200))
TAKE_PART = _statuses(403, visitor=302, **dict.fromkeys(PARTICIPANTS, 200))
PARTICIPANTS_ONLY = _statuses(404, visitor=302, **dict.fromkeys(PARTICIPANTS, 200))
CLUB = _statuses(404, expert=200, staff=200, admin=200)
# Minutes under review: participants read them; for others there are none yet.
REVIEW = _statuses(404, **dict.fromkeys(PARTICIPANTS, 200))


def _meeting(name):
    return lambda objects: [getattr(objects, name).public_id]


def _item(objects):
    return [objects.board_meeting.public_id, objects.board_item.public_id]


ROUTES = [
    Route("meetings:list", everyone(200)),
    Route("meetings:body", everyone(200), args=lambda o: ["meetings-board"]),
    Route("meetings:body", CLUB, args=lambda o: ["meetings-club"]),
    Route("meetings:body_rules", STAFF, args=lambda o: ["meetings-board"]),
    Route("meetings:create", ORGANISE, args=lambda o: ["meetings-board"]),
    Route("meetings:detail", everyone(200), args=_meeting("board_meeting")),
    Route("meetings:detail", CLUB, args=_meeting("club_meeting")),
    Route("meetings:ics", everyone(200), args=_meeting("board_meeting")),
    Route("meetings:quorum", TAKE_PART, args=_meeting("board_meeting")),
    Route("meetings:edit", ORGANISE, args=_meeting("board_meeting")),
    Route("meetings:convocation", logged_in(405), args=_meeting("board_meeting")),
    Route("meetings:open", logged_in(405), args=_meeting("board_meeting")),
    Route("meetings:close", logged_in(405), args=_meeting("board_meeting")),
    Route("meetings:attendance", ORGANISE, args=_meeting("board_meeting")),
    Route(
        "meetings:attendance_mark",
        logged_in(405),
        args=lambda o: [o.board_meeting.public_id, o.roll_line.public_id],
    ),
    Route("meetings:proxies", TAKE_PART, args=_meeting("board_meeting")),
    Route(
        "meetings:proxy_revoke",
        logged_in(405),
        args=lambda o: [o.board_meeting.public_id, o.board_meeting.public_id],
    ),
    Route("meetings:item_create", ORGANISE, args=_meeting("board_meeting")),
    Route("meetings:item_edit", ORGANISE, args=_item),
    Route("meetings:item_move", logged_in(405), args=_item),
    Route("meetings:item_delete", logged_in(405), args=_item),
    Route("meetings:document_upload", logged_in(405), args=_item),
    Route("meetings:vote_open", ORGANISE, args=_item),
    Route("meetings:decision_create", ORGANISE, args=_item),
    Route(
        "meetings:vote_close",
        logged_in(405),
        args=lambda o: [o.board_meeting.public_id, o.board_meeting.public_id],
    ),
    Route("meetings:document", PARTICIPANTS_ONLY, args=lambda o: [o.document.public_id]),
    Route(
        "meetings:document_delete",
        logged_in(405),
        args=lambda o: [o.board_meeting.public_id, o.document.public_id],
    ),
    Route("meetings:minutes", REVIEW, args=_meeting("board_meeting")),
    Route("meetings:minutes", everyone(200), args=_meeting("past_meeting")),
    Route("meetings:minutes_edit", ORGANISE, args=_meeting("board_meeting")),
    Route("meetings:minutes_comment", logged_in(405), args=_meeting("board_meeting")),
    Route("meetings:minutes_review", logged_in(405), args=_meeting("board_meeting")),
    Route("meetings:minutes_approve", logged_in(405), args=_meeting("board_meeting")),
    Route("meetings:minutes_correct", logged_in(405), args=_meeting("board_meeting")),
]


def prepare(objects):
    now = timezone.now()
    board = Body.objects.create(
        name="Conseil (réunions)", slug="meetings-board", kind=BodyKind.BOARD
    )
    club = Body.objects.create(name="Club RSE (réunions)", slug="meetings-club", kind=BodyKind.CLUB)
    since = timezone.localdate() - timedelta(days=100)
    for person, role in (
        (objects.head, MandateRole.CHAIR),
        (objects.member, MandateRole.SECRETARY),
        (objects.expert, MandateRole.MEMBER),
    ):
        Mandate.objects.create(body=board, person=person, role=role, starts_on=since)
    Mandate.objects.create(body=club, person=objects.expert, starts_on=since)

    objects.board_meeting = Meeting.objects.create(
        body=board, title="Conseil", starts_at=now, place="Cluses"
    )
    objects.board_item = AgendaItem.objects.create(meeting=objects.board_meeting, title="Budget")
    objects.document = AgendaDocument.objects.create(
        item=objects.board_item,
        file=SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n%%EOF\n"),
        original_name="budget.pdf",
        content_type="application/pdf",
        size=15,
    )
    meeting_open(meeting=objects.board_meeting, by=objects.member)
    objects.board_meeting.refresh_from_db()
    objects.roll_line = objects.board_meeting.attendance.first()
    submitted = minutes_save(meeting=objects.board_meeting, text="## Budget", by=objects.member)
    minutes_submit(minutes=submitted, by=objects.member)

    objects.past_meeting = Meeting.objects.create(
        body=board, title="Conseil passé", starts_at=now - timedelta(days=30), place="Cluses"
    )
    meeting_open(meeting=objects.past_meeting, by=objects.member)
    objects.past_meeting.refresh_from_db()
    approved = minutes_save(meeting=objects.past_meeting, text="Adopté.", by=objects.member)
    minutes_submit(minutes=approved, by=objects.member)
    Minutes.objects.filter(pk=approved.pk).update(review_until=now - timedelta(days=1))
    minutes_approve(minutes=approved, by=objects.head)

    objects.club_meeting = Meeting.objects.create(
        body=club, title="Club RSE", starts_at=now + timedelta(days=5), place="Thyez"
    )
