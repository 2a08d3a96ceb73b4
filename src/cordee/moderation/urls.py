from django.urls import path

from cordee.moderation import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<str:label>/<int:object_id>/report/", views.report, name="report"),
    path("<str:label>/<int:object_id>/hide/", views.hide, name="hide"),
    path("<str:label>/<int:object_id>/restore/", views.restore, name="restore"),
    path("<str:label>/<int:object_id>/dismiss/", views.dismiss, name="dismiss"),
]
