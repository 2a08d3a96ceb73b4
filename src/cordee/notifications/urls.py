from django.urls import path

from cordee.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("<uuid:public_id>/open/", views.notification_open, name="open"),
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/<str:token>/", views.preference_link, name="preference_link"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("announce/", views.announce, name="announce"),
]
