from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "cordee.governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from cordee.accounts import personal_data
        from cordee.governance.notices import CANDIDACY, MANDATE
        from cordee.governance.personal_data import erase_mandates, export_mandates
        from cordee.notifications.kinds import Frequency, register_kind

        register_kind(
            CANDIDACY,
            label=_("Elections you stand in"),
            description=_("You are a candidate in a branch election, and its result."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_kind(
            MANDATE,
            label=_("Your mandates"),
            description=_("You are elected or appointed to a body of the network."),
            default_frequency=Frequency.IMMEDIATE,
        )
        personal_data.register_exporter("mandates", export_mandates)
        personal_data.register_eraser("mandates", erase_mandates)
