from django.urls import path

from cordee.knowledge import archive_views, views

app_name = "knowledge"

urlpatterns: list = [
    # Articles, their revisions and files; who knows what.
    path("", views.articles, name="articles"),
    path("new/", views.article_create_view, name="article_create"),
    path("experts/", views.experts, name="experts"),
    path("files/<uuid:public_id>/", views.attachment_download, name="attachment"),
    path("comments/<uuid:public_id>/hide/", views.comment_hide_view, name="comment_hide"),
    path("archive/", archive_views.archive_imports, name="archive_imports"),
    path("archive/sample/", archive_views.archive_sample, name="archive_sample"),
    path("archive/<uuid:public_id>/", archive_views.archive_import, name="archive_import"),
    path(
        "archive/<uuid:public_id>/resume/",
        archive_views.archive_import_resume_view,
        name="archive_import_resume",
    ),
]

# Last: an article's slug would match any other word of the addresses above.
urlpatterns += [
    path("<slug:slug>/", views.article, name="article"),
    path("<slug:slug>/edit/", views.article_edit, name="article_edit"),
    path("<slug:slug>/files/", views.article_attachments, name="article_attachments"),
    path("<slug:slug>/useful/", views.article_useful, name="article_useful"),
    path("<slug:slug>/reviewed/", views.article_reviewed, name="article_reviewed"),
    path("<slug:slug>/comments/", views.comment_create, name="comment_create"),
    path("<slug:slug>/revisions/", views.revisions, name="revisions"),
    path("<slug:slug>/revisions/compare/", views.revision_compare, name="revision_compare"),
    path(
        "<slug:slug>/revisions/<int:number>/restore/",
        views.revision_restore_view,
        name="revision_restore",
    ),
]
