from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cordee.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from cordee.accounts import personal_data

        personal_data.register_exporter("account", personal_data.export_account)
