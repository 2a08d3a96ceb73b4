from django.urls import path

from cordee.network import staff_views, views

app_name = "network"

urlpatterns: list = [
    # The directory, the showcase and the organisation pages.
    path("directory/", views.directory, name="directory"),
    path("directory/people/", views.people, name="people"),
    path("showcase/", views.showcase, name="showcase"),
    path("my-organisation/", views.my_organisation, name="my_organisation"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisations/<slug:slug>/logo", views.organisation_logo, name="organisation_logo"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<slug:slug>/people/",
        views.organisation_people_manage,
        name="organisation_people",
    ),
    path(
        "organisations/<slug:slug>/people/<uuid:person>/",
        views.affiliation_edit,
        name="affiliation_edit",
    ),
    path(
        "organisations/<slug:slug>/people/<uuid:person>/leaves/",
        views.affiliation_end_confirm,
        name="affiliation_end",
    ),
    # Staff: member list import and export, memberships and dues.
    path("staff/import/", staff_views.import_upload, name="import"),
    path("staff/import/template.xlsx", staff_views.import_template, name="import_template"),
    path("staff/import/<uuid:public_id>/", staff_views.import_batch, name="import_batch"),
    path("staff/import/<uuid:public_id>/apply/", staff_views.import_apply, name="import_apply"),
    path("staff/export/", staff_views.member_export, name="export"),
    path("staff/memberships/", staff_views.membership_list, name="memberships"),
    path("staff/memberships/export/", staff_views.membership_export, name="memberships_export"),
    path("staff/memberships/status/", staff_views.membership_status, name="memberships_status"),
    path("staff/memberships/renew/", staff_views.membership_renew, name="memberships_renew"),
]
