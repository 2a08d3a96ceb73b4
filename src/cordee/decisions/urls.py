from django.urls import path

from cordee.decisions import views

app_name = "decisions"

urlpatterns = [
    path("", views.register, name="register"),
    path("follow-up/", views.followup, name="followup"),
    path("new/", views.create, name="create"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/edit/", views.edit, name="edit"),
    path("<uuid:public_id>/actions/new/", views.action_add, name="action_add"),
    path("<uuid:public_id>/actions/<uuid:action_id>/", views.action_edit, name="action_edit"),
    path(
        "<uuid:public_id>/actions/<uuid:action_id>/progress/",
        views.action_progress,
        name="action_progress",
    ),
    path(
        "<uuid:public_id>/actions/<uuid:action_id>/remove/",
        views.action_remove,
        name="action_remove",
    ),
]
