from django.urls import path

from cordee.texts import views

app_name = "texts"

urlpatterns = [
    path("", views.text_list, name="list"),
    path("new/", views.text_new, name="create"),
    path("<uuid:public_id>/", views.text_detail, name="text"),
    path("<uuid:public_id>/edit/", views.text_edit, name="edit"),
    path("<uuid:public_id>/versions/", views.version_list, name="versions"),
    path("<uuid:public_id>/versions/<int:number>/", views.version_detail, name="version"),
    path("<uuid:public_id>/compare/", views.compare, name="compare"),
    path("<uuid:public_id>/freeze/", views.freeze, name="freeze"),
    path("<uuid:public_id>/reopen/", views.reopen, name="reopen"),
    path("<uuid:public_id>/vote/", views.put_to_vote, name="put_to_vote"),
    path(
        "<uuid:public_id>/paragraphs/<uuid:paragraph_id>/",
        views.paragraph_detail,
        name="paragraph",
    ),
    path("<uuid:public_id>/paragraphs/<uuid:paragraph_id>/amend/", views.amend, name="amend"),
    path(
        "<uuid:public_id>/paragraphs/<uuid:paragraph_id>/comment/",
        views.comment,
        name="comment",
    ),
    path("amendments/<uuid:public_id>/", views.amendment_detail, name="amendment"),
    path(
        "amendments/<uuid:public_id>/answer/",
        views.amendment_answer_view,
        name="amendment_answer",
    ),
    path(
        "amendments/<uuid:public_id>/withdraw/",
        views.amendment_take_back,
        name="amendment_withdraw",
    ),
    path(
        "amendments/<uuid:public_id>/rewrite/",
        views.amendment_rewrite,
        name="amendment_rewrite",
    ),
]
