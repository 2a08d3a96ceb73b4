from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "cordee.decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        from cordee.accounts import personal_data
        from cordee.core.scheduling import register_periodic
        from cordee.decisions import services
        from cordee.decisions.search import DecisionSource
        from cordee.decisions.tasks import notify_overdue_actions
        from cordee.knowledge.search_sources import register_source
        from cordee.notifications.kinds import Frequency, register_kind

        register_kind(
            services.ACTION_ASSIGNED,
            label=_("Actions for you"),
            description=_("You are responsible for a follow-up action of a decision."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_kind(
            services.ACTION_OVERDUE,
            label=_("Overdue actions"),
            description=_("A follow-up action you are responsible for is past its due date."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_periodic("decisions.overdue_actions", notify_overdue_actions, at=time(7, 0))
        register_source(DecisionSource())
        personal_data.register_exporter("decisions", services.export_decisions)
        personal_data.register_eraser("decisions", services.erase_decisions)
