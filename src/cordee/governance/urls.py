from django.urls import path

from cordee.governance import staff_views, views

app_name = "governance"

urlpatterns = [
    path("", views.body_list, name="bodies"),
    path("new/", staff_views.body_create, name="body_create"),
    path("<slug:slug>/", views.body_detail, name="body"),
    path("<slug:slug>/edit/", staff_views.body_edit, name="body_edit"),
    path("<slug:slug>/mandates/new/", staff_views.mandate_create, name="mandate_create"),
    path("<slug:slug>/elections/new/", staff_views.election_create, name="election_create"),
    path("mandates/<uuid:public_id>/end/", staff_views.mandate_finish, name="mandate_end"),
    path("elections/<uuid:public_id>/", staff_views.election_detail, name="election"),
]
