from django.contrib import admin
from django.urls import include, path

from cordee.core import views as core_views
from cordee.knowledge.search_views import search_page

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("govern/", core_views.govern, name="govern"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("cordee.accounts.urls")),
    path("audit/", include("cordee.audit.urls")),
    path("notifications/", include("cordee.notifications.urls")),
    path("", include("cordee.network.urls")),
    path("knowledge/", include("cordee.knowledge.urls")),
    path("search/", search_page, name="search"),
    path("votes/", include("cordee.voting.urls")),
    path("label/", include("cordee.label.urls")),
    path("mutual-aid/", include("cordee.mutualaid.urls")),
    path("exchange/", include("cordee.exchange.urls")),
    path("governance/", include("cordee.governance.urls")),
    path("meetings/", include("cordee.meetings.urls")),
    path("decisions/", include("cordee.decisions.urls")),
    path("consultations/", include("cordee.consultations.urls")),
    path("texts/", include("cordee.texts.urls")),
    path("moderation/", include("cordee.moderation.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "cordee.core.views.bad_request"
handler403 = "cordee.core.views.permission_denied"
handler404 = "cordee.core.views.page_not_found"
handler500 = "cordee.core.views.server_error"
