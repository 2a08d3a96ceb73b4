from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextsConfig(AppConfig):
    name = "cordee.texts"
    verbose_name = _("Co-written texts")

    def ready(self) -> None:
        # Notifications, moderation of what members write, personal data, vote outcomes.
        from cordee.accounts import personal_data
        from cordee.core.scheduling import register_periodic
        from cordee.knowledge.search_sources import register_source
        from cordee.moderation.registry import register
        from cordee.notifications.kinds import Frequency, register_kind
        from cordee.texts import services
        from cordee.texts.models import Amendment, ParagraphComment, Text
        from cordee.texts.search import TextSource
        from cordee.texts.tasks import record_vote_outcomes

        register_kind(
            services.AMENDMENT_PROPOSED,
            label=_("Amendments to your texts"),
            description=_("Someone proposes an amendment to a text you co-write."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_kind(
            services.AMENDMENT_ANSWERED,
            label=_("Answers to your amendments"),
            description=_("The authors of a text accept or reject an amendment you proposed."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register(
            Amendment,
            author=lambda amendment: amendment.author,
            visible=lambda access: Amendment.objects.visible_to(access),
            managed=lambda access: Amendment.objects.filter(
                text__in=Text.objects.managed_by(access)
            ),
        )
        register(
            ParagraphComment,
            author=lambda comment: comment.author,
            visible=lambda access: ParagraphComment.objects.visible_to(access),
            managed=lambda access: ParagraphComment.objects.filter(
                text__in=Text.objects.managed_by(access)
            ),
        )
        register_source(TextSource())
        register_periodic(
            "texts.record_vote_outcomes", record_vote_outcomes, every=timedelta(minutes=5)
        )
        personal_data.register_exporter("texts", services.export_texts)
        personal_data.register_eraser("texts", services.erase_texts)
