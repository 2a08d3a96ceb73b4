"""The label's URLs in the roles × URLs matrix (see cordee.core.testing.matrix)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from cordee.core.testing.matrix import ROLES, Route, everyone, logged_in, staff_only
from cordee.label.demo import load_framework
from cordee.label.models import (
    Assessment,
    Attachment,
    Campaign,
    Decision,
    Review,
)
from cordee.network.models import Organisation


def _statuses(default: int, **statuses: int) -> dict[str, int]:
    return {role: statuses.get(role, default) for role in ROLES}


STAFF = {"staff": 200, "coordinator": 200, "admin": 200}
# Bouvier's draft: its people and the staff over the Arve valley see it; others, a 404.
DRAFT = _statuses(404, visitor=302, head=200, **STAFF)
# Only its head fills it in; the staff who see it get a 403.
EDIT_DRAFT = _statuses(404, visitor=302, head=200, staff=403, coordinator=403, admin=403)
# Bouvier's decided assessment: its reviewer (the expert, of Lacroix) sees it too.
DECIDED = _statuses(404, visitor=302, head=200, expert=200, **STAFF)
POST_ONLY = everyone(405)


def _draft(objects):
    return [objects.draft.public_id]


def _decided(objects):
    return [objects.decided.public_id]


def _framework(objects):
    return [objects.framework.public_id]


ROUTES = [
    Route("label:home", logged_in(200)),
    Route("label:register", everyone(200)),
    Route("label:verify", everyone(200), args=lambda o: [o.decision.public_id]),
    Route("label:apply", POST_ONLY, args=lambda o: [o.campaign.public_id]),
    Route("label:assessment", DRAFT, args=_draft),
    Route("label:assessment", DECIDED, args=_decided),
    Route("label:assessment_pillar", EDIT_DRAFT, args=lambda o: [o.draft.public_id, "innovation"]),
    Route("label:answer_save", POST_ONLY, args=lambda o: [o.draft.public_id, "INN-1"]),
    Route("label:submit", POST_ONLY, args=_draft),
    Route("label:consent", POST_ONLY, args=_draft),
    Route("label:attachment", DRAFT, args=lambda o: [o.attachment.public_id]),
    Route(
        "label:review",
        _statuses(404, visitor=302, expert=200),
        args=lambda o: [o.review.public_id],
    ),
    # Bouvier's conflicts of interest: its head and the staff over it manage them.
    Route(
        "label:profile",
        _statuses(200, visitor=302, outsider=404, funder=404, member=403, expert=403),
        args=lambda o: ["bouvier"],
    ),
    Route("label:certificate", DECIDED, args=_decided),
    Route("label:plan", DECIDED, args=_decided),
    Route("label:plan_target", POST_ONLY, args=_decided),
    Route("label:benchmark", DECIDED, args=_decided),
    Route("label:benchmark_export", DECIDED, args=_decided),
    Route(
        "label:action_status", POST_ONLY, args=lambda o: [o.decided.public_id, o.decided.public_id]
    ),
    Route("label:frameworks", staff_only(200)),
    Route("label:framework", staff_only(200), args=_framework),
    Route("label:criterion_new", staff_only(200), args=_framework),
    Route(
        "label:criterion_edit",
        staff_only(200),
        args=lambda o: [o.framework.public_id, o.framework.criteria.first().public_id],
    ),
    Route("label:framework_new_version", POST_ONLY, args=_framework),
    Route("label:framework_export", staff_only(200), args=_framework),
    Route("label:framework_import", staff_only(200), args=_framework),
    Route("label:campaigns", staff_only(200)),
    Route("label:campaign", staff_only(200), args=lambda o: [o.campaign.public_id]),
    Route("label:campaign_close", POST_ONLY, args=lambda o: [o.campaign.public_id]),
    Route("label:review_assign", staff_only(200), args=_decided),
    Route("label:committee", staff_only(200), args=_decided),
]


def prepare(objects):
    framework = load_framework()
    objects.framework = framework
    bouvier = Organisation.objects.get(slug="bouvier")
    lacroix = Organisation.objects.get(slug="lacroix")
    last_year = Campaign.objects.create(
        name="Label 2025", year=2025, framework=framework, closes_on=date(2025, 12, 1)
    )
    objects.campaign = Campaign.objects.create(
        name="Label 2026", year=2026, framework=framework, closes_on=date(2026, 12, 1)
    )
    objects.draft = Assessment.objects.create(campaign=objects.campaign, organisation=bouvier)
    answer = objects.draft.answers.create(criterion=framework.criteria.first())
    objects.attachment = Attachment.objects.create(
        answer=answer,
        file=SimpleUploadedFile("preuve.pdf", b"%PDF-1.4 test"),
        original_name="preuve.pdf",
        content_type="application/pdf",
        size=13,
    )
    objects.decided = Assessment.objects.create(
        campaign=last_year, organisation=bouvier, status=Assessment.Status.DECIDED
    )
    objects.review = Review.objects.create(
        assessment=objects.decided,
        reviewer=objects.expert,
        reviewer_organisation=lacroix,
        visit_on=date(2025, 10, 1),
    )
    objects.decision = Decision.objects.create(
        assessment=objects.decided,
        outcome=Decision.Outcome.GRANTED,
        rationale="Démarche solide.",
        decided_on=date.today(),
        valid_until=date(date.today().year + 3, 1, 1),
        follow_up_on=date(date.today().year + 1, 6, 1),
    )
