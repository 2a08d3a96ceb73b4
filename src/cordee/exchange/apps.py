from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "cordee.exchange"
    verbose_name = _("Capacity exchange")

    def ready(self) -> None:
        from cordee.accounts import personal_data
        from cordee.core.scheduling import register_periodic
        from cordee.exchange.models import Listing
        from cordee.exchange.personal_data import erase_exchange, export_exchange
        from cordee.exchange.tasks import expire_due_listings
        from cordee.moderation.registry import register
        from cordee.notifications.kinds import Frequency, register_kind

        register_kind(
            "exchange.matched",
            label=_("Capacity exchange matches"),
            description=_("An offer or a need of the capacity exchange matches yours."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_kind(
            "exchange.contact",
            label=_("Capacity exchange contacts"),
            description=_("Someone asks to get in touch about your offer or need, or answers."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_kind(
            "exchange.expired",
            label=_("Capacity exchange expiries"),
            description=_("Your offer or need has passed its end date."),
            default_frequency=Frequency.DAILY,
        )
        register_periodic(
            "exchange.expire_due_listings", expire_due_listings, every=timedelta(hours=1)
        )
        personal_data.register_exporter("exchange", export_exchange)
        personal_data.register_eraser("exchange", erase_exchange)
        register(
            Listing,
            author=lambda listing: listing.created_by,
            visible=lambda access: Listing.objects.visible_to(access),
            managed=lambda access: Listing.objects.in_territory_of(access),
        )
