from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "cordee.moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from cordee.notifications.kinds import Frequency, register_kind

        register_kind(
            "moderation.hidden",
            label=_("Moderation of your contributions"),
            description=_("The moderators hid one of your contributions, and say why."),
            default_frequency=Frequency.IMMEDIATE,
        )
