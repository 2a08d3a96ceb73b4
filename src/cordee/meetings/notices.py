"""Telling the body's members: the convocation (with its calendar file), minutes to
review, minutes approved. Written in the site's language, as the votes' notices are."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from cordee.accounts.models import User
from cordee.meetings.models import Meeting, Minutes
from cordee.notifications.emails import absolute_url
from cordee.notifications.services import notify

CONVOCATION = "meetings.convocation"
MINUTES_REVIEW = "meetings.minutes_review"
MINUTES_APPROVED = "meetings.minutes_approved"


def when(meeting: Meeting) -> str:
    return formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")


def convocation_text(meeting: Meeting) -> str:
    """The convocation: when, where, the agenda, the calendar file."""
    lines = [
        _("%(body)s meets on %(when)s.") % {"body": meeting.body, "when": when(meeting)},
    ]
    if meeting.place:
        lines.append(_("Place: %(place)s") % {"place": meeting.place})
    if meeting.video_url:
        lines.append(_("You can also join remotely: the link is on the meeting's page."))
    lines.append("")
    lines.append(_("Agenda:"))
    lines.extend(
        f"{number}. {item.title}" for number, item in enumerate(meeting.items.all(), start=1)
    )
    lines.append("")
    lines.append(_("If you cannot come, give your proxy to another member on the meeting's page."))
    lines.append(
        _("Add it to your calendar: %(url)s")
        % {"url": absolute_url(reverse("meetings:ics", args=[meeting.public_id]))}
    )
    return "\n".join(lines)


def members_to_convene(meeting: Meeting) -> QuerySet[User]:
    from cordee.meetings.services import meeting_members

    return meeting_members(meeting)


def notify_convocation(meeting: Meeting, *, changed: bool = False) -> None:
    """The convocation, or (``changed``) the new date or place of a convened meeting."""
    with translation.override(settings.LANGUAGE_CODE):
        title = (
            _("Changed: %(meeting)s, now on %(when)s")
            if changed
            else _("Convocation: %(meeting)s, %(when)s")
        )
        notify(
            recipients=members_to_convene(meeting),
            kind=CONVOCATION,
            title=title % {"meeting": meeting, "when": when(meeting)},
            body=convocation_text(meeting),
            url=meeting.get_absolute_url(),
        )


def notify_minutes(minutes: Minutes, *, approved: bool) -> None:
    from cordee.meetings.services import meeting_members

    meeting = minutes.meeting
    with translation.override(settings.LANGUAGE_CODE):
        if approved:
            title = _("Minutes approved: %(meeting)s") % {"meeting": meeting}
            body = _("The minutes are approved and now stand as the meeting's record.")
        else:
            title = _("Minutes to review: %(meeting)s") % {"meeting": meeting}
            body = _(
                "Read the minutes and comment until %(date)s; the chair approves them then."
            ) % {
                "date": formats.date_format(
                    timezone.localtime(minutes.review_until), "DATETIME_FORMAT"
                )
            }
        notify(
            recipients=meeting_members(meeting),
            kind=MINUTES_APPROVED if approved else MINUTES_REVIEW,
            title=title,
            body=body,
            url=reverse("meetings:minutes", args=[meeting.public_id]),
            exclude=minutes.approved_by if approved else minutes.written_by,
        )


def meeting_ics(meeting: Meeting) -> bytes:
    """The meeting as an iCalendar file, for any calendar application."""
    calendar = Calendar()
    calendar.add("prodid", "-//Cordée//meetings//FR")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"{meeting.public_id}@cordee")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at or meeting.starts_at + timedelta(hours=2))
    event.add("summary", f"{meeting.title} — {meeting.body}")
    if meeting.place:
        event.add("location", meeting.place)
    url = absolute_url(meeting.get_absolute_url())
    event.add("url", url)
    agenda = "\n".join(
        f"{number}. {item.title}" for number, item in enumerate(meeting.items.all(), start=1)
    )
    event.add("description", f"{agenda}\n\n{url}".strip())
    calendar.add_component(event)
    return calendar.to_ical()
