from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "cordee.voting"
    verbose_name = _("Votes")

    def ready(self) -> None:
        from cordee.accounts import personal_data
        from cordee.core.scheduling import register_periodic
        from cordee.notifications.kinds import Frequency, register_kind
        from cordee.voting.tasks import close_due_votes

        register_kind(
            "voting.opened",
            label=_("Votes opening"),
            description=_("A vote in which you or your organisation votes is open."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_kind(
            "voting.results",
            label=_("Vote results"),
            description=_("A vote you could take part in is closed and its results published."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_periodic("voting.close_due_votes", close_due_votes, every=timedelta(minutes=5))

        from cordee.voting.personal_data import erase_votes, export_votes

        personal_data.register_exporter("votes", export_votes)
        personal_data.register_eraser("votes", erase_votes)
