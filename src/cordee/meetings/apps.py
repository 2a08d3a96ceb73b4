from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "cordee.meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from cordee.accounts import personal_data
        from cordee.core.scheduling import register_periodic
        from cordee.meetings.models import Meeting, MinutesComment
        from cordee.meetings.notices import CONVOCATION, MINUTES_APPROVED, MINUTES_REVIEW
        from cordee.meetings.personal_data import erase_meetings, export_meetings
        from cordee.meetings.tasks import send_due_convocations
        from cordee.moderation.registry import register
        from cordee.notifications.kinds import Frequency, register_kind

        register_kind(
            CONVOCATION,
            label=_("Meeting convocations"),
            description=_("A body you sit in convenes you to a meeting, with its agenda."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_kind(
            MINUTES_REVIEW,
            label=_("Minutes to review"),
            description=_("The minutes of a meeting of your body are open for your comments."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_kind(
            MINUTES_APPROVED,
            label=_("Minutes approved"),
            description=_("The minutes of a meeting of your body are approved."),
            default_frequency=Frequency.DAILY,
        )
        register_periodic(
            "meetings.send_due_convocations", send_due_convocations, every=timedelta(minutes=15)
        )
        register(
            MinutesComment,
            author=lambda comment: comment.author,
            visible=lambda access: MinutesComment.objects.filter(
                minutes__meeting__in=Meeting.objects.participant_of(access)
            ),
            excerpt=lambda comment: comment.text,
            managed=lambda access: MinutesComment.objects.filter(
                minutes__meeting__in=Meeting.objects.managed_by(access)
            ),
        )
        personal_data.register_exporter("meetings", export_meetings)
        personal_data.register_eraser("meetings", erase_meetings)
