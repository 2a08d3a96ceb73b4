from django.urls import path

from cordee.meetings import manage_views, views

app_name = "meetings"

MEETING = "<uuid:public_id>/"
ITEM = MEETING + "items/<uuid:item_id>/"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("body/<slug:slug>/", views.body_meetings, name="body"),
    path("body/<slug:slug>/rules/", manage_views.body_rules, name="body_rules"),
    path("body/<slug:slug>/new/", manage_views.meeting_create, name="create"),
    path(MEETING, views.meeting_detail, name="detail"),
    path(MEETING + "meeting.ics", views.ics, name="ics"),
    path(MEETING + "quorum/", views.quorum_part, name="quorum"),
    path(MEETING + "edit/", manage_views.meeting_edit, name="edit"),
    path(MEETING + "convocation/", manage_views.convocation, name="convocation"),
    path(MEETING + "open/", manage_views.meeting_open, name="open"),
    path(MEETING + "close/", manage_views.meeting_close, name="close"),
    path(MEETING + "attendance/", manage_views.attendance, name="attendance"),
    path(
        MEETING + "attendance/<uuid:line_id>/", manage_views.attendance_mark, name="attendance_mark"
    ),
    path(MEETING + "proxies/", views.proxies, name="proxies"),
    path(MEETING + "proxies/<uuid:proxy_id>/revoke/", views.proxy_cancel, name="proxy_revoke"),
    path(MEETING + "items/new/", manage_views.item_create, name="item_create"),
    path(ITEM + "edit/", manage_views.item_edit, name="item_edit"),
    path(ITEM + "move/", manage_views.item_move, name="item_move"),
    path(ITEM + "delete/", manage_views.item_delete, name="item_delete"),
    path(ITEM + "documents/", manage_views.document_upload, name="document_upload"),
    path(ITEM + "vote/", manage_views.vote_open, name="vote_open"),
    path(ITEM + "decision/", manage_views.decision_create, name="decision_create"),
    path(MEETING + "votes/<uuid:vote_id>/close/", manage_views.vote_close, name="vote_close"),
    path("documents/<uuid:public_id>/", views.document_download, name="document"),
    path(
        MEETING + "documents/<uuid:document_id>/delete/",
        manage_views.document_delete,
        name="document_delete",
    ),
    path(MEETING + "minutes/", views.minutes, name="minutes"),
    path(MEETING + "minutes/edit/", manage_views.minutes_edit, name="minutes_edit"),
    path(MEETING + "minutes/comment/", views.minutes_comment_add, name="minutes_comment"),
    path(MEETING + "minutes/review/", manage_views.minutes_review, name="minutes_review"),
    path(MEETING + "minutes/approve/", manage_views.minutes_approval, name="minutes_approve"),
    path(MEETING + "minutes/correct/", manage_views.minutes_correction, name="minutes_correct"),
]
