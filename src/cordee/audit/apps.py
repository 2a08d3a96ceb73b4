from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "cordee.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from cordee.accounts import personal_data
        from cordee.audit import receivers, services

        receivers.connect()
        personal_data.register_exporter("audit_log", services.export_events)
        personal_data.register_eraser("audit_log", services.erase_events)
