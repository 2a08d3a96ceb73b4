from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabelConfig(AppConfig):
    name = "cordee.label"
    verbose_name = _("Label")

    def ready(self) -> None:
        from cordee.core.scheduling import register_periodic
        from cordee.label import notices, tasks
        from cordee.notifications.kinds import Frequency, register_kind

        register_kind(
            notices.REVIEW_ASSIGNED,
            label=_("Label peer reviews"),
            description=_("You are asked to review a company for the label."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_kind(
            notices.DECIDED,
            label=_("Label decisions"),
            description=_("The label committee has decided on your company."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_kind(
            notices.FOLLOW_UP,
            label=_("Label follow-ups"),
            description=_("Your company's label is half-way: its follow-up is due."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_periodic("label.follow_ups", tasks.remind_follow_ups, at=time(7, 30))
