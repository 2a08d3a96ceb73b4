from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "cordee.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from cordee.accounts import personal_data
        from cordee.core.scheduling import register_periodic
        from cordee.notifications import services, tasks
        from cordee.notifications.kinds import Frequency, register_kind

        # Kinds sent from this app and from accounts (AccountAdapter.save_user).
        register_kind(
            services.INVITATION_ACCEPTED,
            label=_("Accepted invitations"),
            description=_("Someone you invited has created their account."),
            default_frequency=Frequency.DAILY,
        )
        register_kind(
            services.ANNOUNCEMENT,
            label=_("Announcements of the network"),
            description=_("News that the network's staff send to everyone."),
            default_frequency=Frequency.IMMEDIATE,
        )

        register_periodic(
            "notifications.daily_digest",
            tasks.send_digests,
            at=time(7, 0),
            kwargs={"frequency": Frequency.DAILY.value},
        )
        register_periodic(
            "notifications.weekly_digest",
            tasks.send_digests,
            at=time(7, 0),
            weekday=0,  # Monday
            kwargs={"frequency": Frequency.WEEKLY.value},
        )

        personal_data.register_exporter("notifications", services.export_notifications)
        personal_data.register_eraser("notifications", services.erase_notifications)
