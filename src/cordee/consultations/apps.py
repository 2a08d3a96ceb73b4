from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "cordee.consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from cordee.accounts import personal_data
        from cordee.consultations.models import Comment, Consultation, Contribution
        from cordee.consultations.personal_data import erase_consultations, export_consultations
        from cordee.consultations.tasks import advance_due_consultations
        from cordee.core.scheduling import register_periodic
        from cordee.moderation.registry import register
        from cordee.notifications.kinds import Frequency, register_kind

        register_kind(
            "consultations.opened",
            label=_("New consultations"),
            description=_("A consultation opens to your territory, group or the network."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_kind(
            "consultations.answered",
            label=_("Answers to your contributions"),
            description=_("Someone comments on your contribution or answers your comment."),
            default_frequency=Frequency.DAILY,
        )
        register_kind(
            "consultations.phase",
            label=_("Consultation phases"),
            description=_("A consultation you took part in moves to its next phase."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_periodic(
            "consultations.advance_due", advance_due_consultations, every=timedelta(minutes=15)
        )
        register(
            Contribution,
            author=lambda contribution: contribution.author,
            visible=lambda access: Contribution.objects.visible_to(access),
            managed=lambda access: Contribution.objects.filter(
                consultation__in=Consultation.objects.managed_by(access)
            ),
        )
        register(
            Comment,
            author=lambda comment: comment.author,
            visible=lambda access: Comment.objects.visible_to(access),
            managed=lambda access: Comment.objects.filter(
                contribution__consultation__in=Consultation.objects.managed_by(access)
            ),
        )
        from cordee.consultations.search import ConsultationSource, ContributionSource
        from cordee.knowledge.search_sources import register_source

        register_source(ConsultationSource())
        register_source(ContributionSource())
        personal_data.register_exporter("consultations", export_consultations)
        personal_data.register_eraser("consultations", erase_consultations)
