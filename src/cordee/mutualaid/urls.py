from django.urls import path

from cordee.mutualaid import measures_views, staff_views, views

app_name = "mutualaid"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("ask/", views.ask, name="ask"),
    path("mine/", views.my_requests, name="mine"),
    path("availability/", views.availability, name="availability"),
    path("follow-up/", staff_views.follow_up, name="follow_up"),
    path("measures/", measures_views.measures, name="measures"),
    path("measures/funders/", measures_views.measures_for_funders, name="measures_funders"),
    path("sessions/<uuid:public_id>/", staff_views.session_detail, name="session"),
    path("<uuid:public_id>/", views.request_detail, name="request"),
    path("<uuid:public_id>/people/", views.proposals, name="proposals"),
    path("<uuid:public_id>/answer/", views.answer, name="answer"),
    path(
        "<uuid:public_id>/answers/<uuid:answer_id>/solution/",
        views.mark_solution,
        name="solution",
    ),
    path("<uuid:public_id>/close/", views.close, name="close"),
    path("<uuid:public_id>/follow/", views.follow, name="follow"),
    path("<uuid:public_id>/offer/", views.offer, name="offer"),
    path("<uuid:public_id>/offers/<uuid:offer_id>/", views.offer_reply, name="offer_reply"),
    path("<uuid:public_id>/files/<uuid:file_id>/", views.attachment, name="attachment"),
    path("<uuid:public_id>/practice-sheet/", views.capitalise, name="capitalise"),
    path("<uuid:public_id>/ask-people/", staff_views.ask_people, name="ask_people"),
    path("<uuid:public_id>/session/", staff_views.session_plan, name="session_plan"),
]
