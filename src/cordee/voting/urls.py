from django.urls import path

from cordee.voting import staff_views, views

app_name = "voting"

urlpatterns = [
    path("", views.vote_list, name="list"),
    path("new/", staff_views.vote_create, name="create"),
    path("<uuid:public_id>/", views.vote_detail, name="detail"),
    path("<uuid:public_id>/cast/", views.cast, name="cast"),
    path("<uuid:public_id>/receipt/", views.receipt, name="receipt"),
    path("<uuid:public_id>/receipts/", views.receipts, name="receipts"),
    path("<uuid:public_id>/results/", views.results, name="results"),
    path("<uuid:public_id>/ballots.<str:file_format>", views.export, name="export"),
    path("<uuid:public_id>/edit/", staff_views.vote_edit, name="edit"),
    path("<uuid:public_id>/publish/", staff_views.vote_publish, name="publish"),
    path("<uuid:public_id>/close/", staff_views.vote_end, name="close"),
    path("<uuid:public_id>/delete/", staff_views.vote_remove, name="delete"),
    path("<uuid:public_id>/participation/", staff_views.participation, name="participation"),
    path("<uuid:public_id>/proxies/", staff_views.proxies, name="proxies"),
    path(
        "<uuid:public_id>/proxies/<uuid:proxy_id>/revoke/",
        staff_views.proxy_cancel,
        name="proxy_revoke",
    ),
    path("<uuid:public_id>/delegate/<slug:slug>/", staff_views.delegate, name="delegate"),
]
