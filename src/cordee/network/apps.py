from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "cordee.network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from cordee.accounts import personal_data
        from cordee.network.personal_data import erase_network, export_network

        personal_data.register_exporter("network", export_network)
        personal_data.register_eraser("network", erase_network)

        # Registers the audit labels of memberships and imports, and the daily dues task.
        from cordee.core.scheduling import register_periodic
        from cordee.network.imports import forget_old_imports
        from cordee.network.memberships import send_membership_reminders

        register_periodic("network.membership_reminders", send_membership_reminders, at=time(8, 0))
        register_periodic("network.forget_old_imports", forget_old_imports, at=time(3, 30))
