from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "cordee.knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        # Articles: notifications, the daily staleness check, personal data.
        from datetime import time

        from cordee.accounts import personal_data
        from cordee.core.scheduling import register_periodic
        from cordee.knowledge import services
        from cordee.notifications.kinds import Frequency, register_kind

        register_kind(
            services.STALE_ARTICLE,
            label=_("Articles to check"),
            description=_("An article you wrote has not been checked for 18 months."),
            default_frequency=Frequency.WEEKLY,
        )
        register_kind(
            services.COMMENT_HIDDEN,
            label=_("Hidden comments"),
            description=_("The network's staff hid one of your comments, and say why."),
            default_frequency=Frequency.IMMEDIATE,
        )
        register_periodic(
            "knowledge.stale_articles", services.ask_stale_article_reviews, at=time(6, 30)
        )
        from cordee.knowledge.archive import forget_stopped_archive_imports

        register_periodic(
            "knowledge.forget_stopped_archive_imports",
            forget_stopped_archive_imports,
            at=time(3, 45),
        )
        personal_data.register_exporter("knowledge", services.export_knowledge)
        personal_data.register_eraser("knowledge", services.erase_knowledge)
