from django.urls import path

from cordee.consultations import staff_views, views

app_name = "consultations"

CONTRIBUTION = "<uuid:public_id>/contributions/<uuid:contribution_id>/"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", staff_views.consultation_create, name="create"),
    path("<uuid:public_id>/", views.consultation_detail, name="detail"),
    path("<uuid:public_id>/contribute/", views.contribute, name="contribute"),
    path("<uuid:public_id>/participation/", views.participation_page, name="participation"),
    path("<uuid:public_id>/edit/", staff_views.consultation_edit, name="edit"),
    path("<uuid:public_id>/open/", staff_views.consultation_publish, name="open"),
    path("<uuid:public_id>/phase/", staff_views.phase, name="phase"),
    path("<uuid:public_id>/manage/", staff_views.manage, name="manage"),
    path("<uuid:public_id>/synthesis/", staff_views.synthesis, name="synthesis"),
    path(CONTRIBUTION, views.contribution_detail, name="contribution"),
    path(CONTRIBUTION + "support/", views.support, name="support"),
    path(CONTRIBUTION + "comment/", views.comment, name="comment"),
    path(CONTRIBUTION + "revise/", views.revise, name="revise"),
    path(CONTRIBUTION + "merge/", staff_views.merge, name="merge"),
    path(CONTRIBUTION + "sort/", staff_views.sort, name="sort"),
]
