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
