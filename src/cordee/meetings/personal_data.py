"""What the meetings hold about a person: their attendance, proxies, comments on minutes.

Erasure keeps the roll call and the proxies, which the record of a meeting
(its quorum, its votes) needs, tied to the anonymised account; comments stay,
without their author, as every contribution does.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from cordee.accounts.models import User
from cordee.meetings.models import Attendance, MeetingProxy, MinutesComment


def export_meetings(user: User) -> dict[str, Any]:
    return {
        "attendance": [
            {
                "meeting": str(line.meeting),
                "on": line.meeting.starts_at.isoformat(),
                "status": line.status,
            }
            for line in Attendance.objects.filter(person=user).select_related("meeting")
        ],
        "proxies": [
            {
                "meeting": str(proxy.meeting),
                "given_by": str(proxy.giver),
                "held_by": str(proxy.holder),
                "revoked": proxy.revoked_at.isoformat() if proxy.revoked_at else None,
            }
            for proxy in MeetingProxy.objects.filter(Q(giver=user) | Q(holder=user)).select_related(
                "meeting", "giver", "holder"
            )
        ],
        "comments_on_minutes": [
            {
                "meeting": str(comment.minutes.meeting),
                "at": comment.created_at.isoformat(),
                "text": comment.text,
            }
            for comment in MinutesComment.objects.filter(author=user).select_related(
                "minutes__meeting"
            )
        ],
    }


def erase_meetings(user: User) -> None:
    MinutesComment.objects.filter(author=user).update(author=None)
    Attendance.objects.filter(recorded_by=user).update(recorded_by=None)
    MeetingProxy.objects.filter(recorded_by=user).update(recorded_by=None)
