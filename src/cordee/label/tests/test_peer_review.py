from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cordee.label.models import Assessment, LabelProfile, Review
from cordee.label.services import review_assign, review_submit
from cordee.label.tests.conftest import fill, submitted

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
VISIT = date(2026, 10, 12)


@pytest.fixture
def bouvier(label) -> Assessment:
    fill(label.assessment, [4, 1, 3, 5])
    label.assessment.status = Assessment.Status.SUBMITTED
    label.assessment.save()
    return label.assessment


def _assign(client, assessment, reviewer):
    return client.post(
        reverse("label:review_assign", args=[assessment.public_id]),
        {"reviewer": reviewer.pk, "visit_on": "2026-10-12"},
        **EN,
    )


def test_staff_assign_a_reviewer_of_another_member_company(bouvier, client_as, expert):
    response = _assign(client_as("staff"), bouvier, expert)
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.reviewer_organisation.slug == "lacroix"
    assert review.visit_on == VISIT
    assert review.scores.count() == 4


def test_a_reviewer_of_the_same_company_is_refused_with_the_reason(bouvier, staff, head):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        review_assign(assessment=bouvier, reviewer=head, visit_on=VISIT, by=staff)
    assert "works for Décolletage Bouvier, the company under review" in str(refused.value)
    assert not Review.objects.exists()


def test_the_reviewer_list_offers_no_one_of_the_company_under_review(bouvier, client_as, head):
    response = _assign(client_as("staff"), bouvier, head)
    assert response.status_code == 200
    assert not Review.objects.exists()


def test_a_reviewer_of_the_same_group_is_refused(bouvier, network, client_as, expert):
    for organisation in (network.bouvier, network.lacroix):
        LabelProfile.objects.create(organisation=organisation, group_name="Groupe Aravis")
    response = _assign(client_as("staff"), bouvier, expert)
    assert "a company of the same group" in response.content.decode()
    assert not Review.objects.exists()


def test_a_reviewer_of_a_declared_competitor_is_refused(bouvier, network, client_as, member):
    LabelProfile.objects.create(organisation=network.bouvier).competitors.add(network.arvis)
    response = _assign(client_as("staff"), bouvier, member)
    assert "a declared competitor" in response.content.decode()
    assert not Review.objects.exists()


def test_reviews_are_never_reciprocal_in_a_campaign(bouvier, network, head, expert, staff):
    lacroix = submitted(bouvier.campaign, network.lacroix, [3, 3, 3, 3])
    review_assign(assessment=lacroix, reviewer=head, visit_on=VISIT, by=staff)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        review_assign(assessment=bouvier, reviewer=expert, visit_on=VISIT, by=staff)
    assert "reviews are never reciprocal" in str(refused.value)


def test_a_draft_cannot_be_reviewed_yet(label, staff, expert):
    with pytest.raises(ValidationError):
        review_assign(assessment=label.assessment, reviewer=expert, visit_on=VISIT, by=staff)


def test_the_reviewer_scores_each_criterion_with_a_comment_and_submits(
    bouvier, client_as, staff, expert
):
    review = review_assign(assessment=bouvier, reviewer=expert, visit_on=VISIT, by=staff)
    client = client_as("expert")
    data = {"summary": "Visite très ouverte.", "submit": "1"}
    for code, level in (("C-1", 4), ("C-2", 3), ("C-3", 3), ("C-4", 2)):
        data |= {f"{code}-level": str(level), f"{code}-comment": f"Vu {code}"}
    response = client.post(reverse("label:review", args=[review.public_id]), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.submitted_at is not None
    assert review.scores.get(criterion__code="C-2").comment == "Vu C-2"


def test_an_incomplete_review_is_not_submitted(bouvier, staff, expert):
    review = review_assign(assessment=bouvier, reviewer=expert, visit_on=VISIT, by=staff)
    with pytest.raises(ValidationError):
        review_submit(review=review, summary="", by=expert)


def test_a_crafted_level_in_a_review_is_refused(bouvier, client_as, staff, expert):
    review = review_assign(assessment=bouvier, reviewer=expert, visit_on=VISIT, by=staff)
    response = client_as("expert").post(
        reverse("label:review", args=[review.public_id]), {"C-1-level": "9"}, **EN
    )
    assert "Choose a level from 1 to 5." in response.content.decode()
    assert review.scores.get(criterion__code="C-1").level is None


def test_gaps_of_two_levels_or_more_are_highlighted_for_the_committee(
    bouvier, client_as, staff, expert
):
    review = review_assign(assessment=bouvier, reviewer=expert, visit_on=VISIT, by=staff)
    # Self levels 4, 1, 3, 5; peer levels 4, 3, 2, 2: C-2 and C-4 differ by 2 or more.
    for score, level in zip(
        review.scores.order_by("criterion__position"), [4, 3, 2, 2], strict=True
    ):
        score.level = level
        score.save()
    review_submit(review=review, summary="", by=expert)
    page = (
        client_as("staff")
        .get(reverse("label:committee", args=[bouvier.public_id]), **EN)
        .content.decode()
    )
    assert "2 criteria where self and peer levels differ by two or more" in page
    assert page.count('class="label-gap"') == 2


def test_the_head_declares_a_competitor_whose_people_then_never_review(
    bouvier, network, client_as, member, staff
):
    response = client_as("head").post(
        reverse("label:profile", args=["bouvier"]),
        {"group_name": "", "competitors": [network.arvis.pk]},
    )
    assert response.status_code == 302
    with pytest.raises(ValidationError):
        review_assign(assessment=bouvier, reviewer=member, visit_on=VISIT, by=staff)
