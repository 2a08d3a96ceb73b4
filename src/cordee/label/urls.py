from django.urls import path

from cordee.label import results_views, staff_views, views

app_name = "label"

urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("verify/<uuid:public_id>/", views.verify, name="verify"),
    path("campaigns/<uuid:public_id>/apply/", views.apply, name="apply"),
    path("assessments/<uuid:public_id>/", views.assessment, name="assessment"),
    path(
        "assessments/<uuid:public_id>/pillars/<slug:pillar>/",
        views.assessment_pillar,
        name="assessment_pillar",
    ),
    path(
        "assessments/<uuid:public_id>/criteria/<str:code>/",
        views.answer_save,
        name="answer_save",
    ),
    path("assessments/<uuid:public_id>/submit/", views.assessment_submit, name="submit"),
    path("assessments/<uuid:public_id>/consent/", views.assessment_consent, name="consent"),
    path("attachments/<uuid:public_id>/", views.attachment, name="attachment"),
    path("reviews/<uuid:public_id>/", views.review, name="review"),
    path("companies/<slug:slug>/", views.profile, name="profile"),
    path(
        "assessments/<uuid:public_id>/certificate.pdf",
        results_views.certificate,
        name="certificate",
    ),
    path("assessments/<uuid:public_id>/plan/", results_views.plan, name="plan"),
    path("assessments/<uuid:public_id>/target/", results_views.plan_target, name="plan_target"),
    path("assessments/<uuid:public_id>/benchmark/", results_views.benchmark, name="benchmark"),
    path(
        "assessments/<uuid:public_id>/benchmark.csv",
        results_views.benchmark_export,
        name="benchmark_export",
    ),
    path(
        "assessments/<uuid:public_id>/plan/<uuid:action_id>/",
        results_views.action_status,
        name="action_status",
    ),
    # Staff
    path("frameworks/", staff_views.frameworks, name="frameworks"),
    path("frameworks/<uuid:public_id>/", staff_views.framework, name="framework"),
    path(
        "frameworks/<uuid:public_id>/criteria/new/",
        staff_views.criterion_edit,
        name="criterion_new",
    ),
    path(
        "frameworks/<uuid:public_id>/criteria/<uuid:criterion_id>/",
        staff_views.criterion_edit,
        name="criterion_edit",
    ),
    path(
        "frameworks/<uuid:public_id>/new-version/",
        staff_views.framework_new_version,
        name="framework_new_version",
    ),
    path(
        "frameworks/<uuid:public_id>/export/",
        staff_views.framework_export,
        name="framework_export",
    ),
    path(
        "frameworks/<uuid:public_id>/import/",
        staff_views.framework_import,
        name="framework_import",
    ),
    path("campaigns/", staff_views.campaigns, name="campaigns"),
    path("campaigns/<uuid:public_id>/", staff_views.campaign, name="campaign"),
    path("campaigns/<uuid:public_id>/close/", staff_views.campaign_close, name="campaign_close"),
    path(
        "assessments/<uuid:public_id>/reviewers/",
        staff_views.review_assign,
        name="review_assign",
    ),
    path("assessments/<uuid:public_id>/committee/", staff_views.committee, name="committee"),
]
