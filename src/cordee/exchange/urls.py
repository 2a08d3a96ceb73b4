from django.urls import path

from cordee.exchange import staff_views, views

app_name = "exchange"

urlpatterns = [
    path("", views.listing_list, name="list"),
    path("new/", views.listing_create, name="create"),
    path("mine/", views.my_listings, name="mine"),
    path("activity/", staff_views.activity, name="activity"),
    path("<uuid:public_id>/", views.listing_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.listing_edit, name="edit"),
    path("<uuid:public_id>/close/", views.listing_close, name="close"),
    path("<uuid:public_id>/withdraw/", views.listing_withdraw, name="withdraw"),
    path("matches/<uuid:public_id>/contact/", views.contact_request, name="contact"),
    path("contacts/<uuid:public_id>/answer/", views.contact_reply, name="contact_answer"),
    path("rights/<slug:slug>/", views.posting_rights, name="rights"),
]
