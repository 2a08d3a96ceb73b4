from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MutualAidConfig(AppConfig):
    name = "cordee.mutualaid"
    verbose_name = _("Mutual aid")

    def ready(self) -> None:
        from cordee.accounts import personal_data
        from cordee.core.scheduling import register_periodic
        from cordee.knowledge.search_sources import register_source
        from cordee.moderation.registry import register
        from cordee.mutualaid import services
        from cordee.mutualaid.models import Answer
        from cordee.mutualaid.personal_data import erase_mutual_aid, export_mutual_aid
        from cordee.mutualaid.search import HelpRequestSource
        from cordee.mutualaid.tasks import alert_unanswered_requests
        from cordee.notifications.kinds import Frequency, register_kind

        register_kind(
            services.ASKED,
            label=_("Help requests for you"),
            description=_("A member asks for help and chose you among the people proposed."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_kind(
            services.ANSWERED,
            label=_("Answers to requests you follow"),
            description=_("Someone answered a help request you asked or follow."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_kind(
            services.OFFERED,
            label=_("Offers to talk"),
            description=_("Someone offers to talk about your help request."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_kind(
            services.OFFER_ACCEPTED,
            label=_("Offers accepted"),
            description=_("The person who asked accepted your offer to talk."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_kind(
            services.UNANSWERED,
            label=_("Unanswered help requests"),
            description=_("For the staff: a request of your territory is unanswered for 48 hours."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_kind(
            services.SESSION_INVITED,
            label=_("Peer sessions"),
            description=_("You are invited to a peer session at a member's plant."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_periodic(
            "mutualaid.alert_unanswered", alert_unanswered_requests, every=timedelta(minutes=30)
        )
        register_source(HelpRequestSource())
        register(
            Answer,
            author=lambda answer: answer.author,
            visible=lambda access: Answer.objects.visible_to(access),
            managed=lambda access: Answer.objects.managed_by(access),
            excerpt=lambda answer: answer.body,
        )
        personal_data.register_exporter("mutual_aid", export_mutual_aid)
        personal_data.register_eraser("mutual_aid", erase_mutual_aid)
