from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cordee.label.models import Assessment, Decision
from cordee.label.services import decision_record, review_assign, review_submit
from cordee.label.tests.conftest import fill

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def reviewed(label, staff, expert) -> Assessment:
    fill(label.assessment, [4, 2, 3, 5])
    label.assessment.status = Assessment.Status.SUBMITTED
    label.assessment.save()
    review = review_assign(
        assessment=label.assessment, reviewer=expert, visit_on=date(2026, 10, 1), by=staff
    )
    for score in review.scores.all():
        score.level = 3
        score.save()
    review_submit(review=review, summary="RAS", by=expert)
    return label.assessment


def _decide(client, assessment, **data):
    return client.post(
        reverse("label:committee", args=[assessment.public_id]),
        {"outcome": "conditions", "rationale": "Démarche solide.", "decided_on": "2026-11-20"}
        | data,
        **EN,
    )


def test_the_committee_grants_with_conditions_for_three_years_with_a_mid_term_follow_up(
    reviewed, client_as
):
    response = _decide(client_as("staff"), reviewed, conditions="Plan RSE sous 6 mois.")
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.outcome == Decision.Outcome.CONDITIONS
    assert decision.valid_until == date(2029, 11, 19)
    assert decision.follow_up_on == date(2028, 5, 20)
    reviewed.refresh_from_db()
    assert reviewed.status == Assessment.Status.DECIDED


def test_granting_with_conditions_needs_the_conditions(reviewed, client_as):
    response = _decide(client_as("staff"), reviewed)
    assert "Write the conditions" in response.content.decode()
    assert not Decision.objects.exists()


def test_the_committee_decides_only_after_a_peer_review(label, staff):
    fill(label.assessment, [4, 2, 3, 5])
    label.assessment.status = Assessment.Status.SUBMITTED
    label.assessment.save()
    with pytest.raises(ValidationError):
        decision_record(
            assessment=label.assessment,
            outcome="granted",
            rationale="Oui",
            conditions="",
            decided_on=date(2026, 11, 20),
            by=staff,
        )


def test_a_refusal_gives_no_validity_and_no_certificate(reviewed, client_as):
    _decide(client_as("staff"), reviewed, outcome="refused")
    decision = Decision.objects.get()
    assert decision.valid_until is None
    url = reverse("label:certificate", args=[reviewed.public_id])
    assert client_as("head").get(url).status_code == 404


def test_the_company_downloads_its_certificate_as_a_pdf(reviewed, client_as):
    _decide(client_as("staff"), reviewed, conditions="Plan RSE.", decided_on=date.today())
    response = client_as("head").get(reverse("label:certificate", args=[reviewed.public_id]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Décolletage Bouvier" in text
    decision = Decision.objects.get()
    assert str(decision.public_id) in text.replace("\n", "")


def test_the_verification_page_confirms_the_label(reviewed, client_as):
    _decide(client_as("staff"), reviewed, conditions="Plan RSE.", decided_on=date.today())
    decision = Decision.objects.get()
    page = client_as("visitor").get(reverse("label:verify", args=[decision.public_id]), **EN)
    assert "Décolletage Bouvier was granted the label" in page.content.decode()


def test_the_public_register_shows_only_companies_that_agreed(reviewed, client_as):
    _decide(client_as("staff"), reviewed, conditions="Plan RSE.", decided_on=date.today())
    register = reverse("label:register")
    assert "Décolletage Bouvier" not in client_as("visitor").get(register).content.decode()
    client_as("head").post(
        reverse("label:consent", args=[reviewed.public_id]), {"in_public_register": "on"}
    )
    assert "Décolletage Bouvier" in client_as("visitor").get(register).content.decode()


def test_the_directory_filters_labelled_companies(reviewed, client_as, network):
    _decide(client_as("staff"), reviewed, conditions="Plan RSE.", decided_on=date.today())
    page = client_as("member").get(reverse("network:directory"), {"label": "labelled"})
    names = page.content.decode()
    assert "Décolletage Bouvier" in names
    assert "Arvis Usinage" not in names


def test_the_showcase_label_filter_shows_only_the_public_register(reviewed, client_as, network):
    _decide(client_as("staff"), reviewed, conditions="Plan RSE.", decided_on=date.today())
    network.bouvier.showcase = True
    network.bouvier.save()
    url = reverse("network:showcase")
    assert (
        "Décolletage Bouvier"
        not in client_as("visitor").get(url, {"label": "register"}).content.decode()
    )
    reviewed.in_public_register = True
    reviewed.save()
    assert (
        "Décolletage Bouvier"
        in client_as("visitor").get(url, {"label": "register"}).content.decode()
    )


def test_the_campaign_page_costs_the_same_queries_whatever_its_size(
    reviewed, client_as, network, django_assert_max_num_queries
):
    from cordee.label.tests.conftest import submitted

    client = client_as("staff")
    url = reverse("label:campaign", args=[reviewed.campaign.public_id])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    submitted(reviewed.campaign, network.arvis, [1, 2, 3, 4])
    submitted(reviewed.campaign, network.lacroix, [1, 2, 3, 4])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_register_costs_the_same_queries_whatever_its_size(
    reviewed, client_as, django_assert_max_num_queries
):
    client = client_as("visitor")
    with django_assert_max_num_queries(6):
        client.get(reverse("label:register"))


def test_the_reviewer_and_the_company_head_are_notified(reviewed, client_as, expert, head):
    from cordee.notifications.models import Notification

    assert Notification.objects.filter(recipient=expert, kind="label.review_assigned").exists()
    _decide(client_as("staff"), reviewed, conditions="Plan RSE.", decided_on=date.today())
    assert Notification.objects.filter(recipient=head, kind="label.decided").exists()


def test_heads_are_reminded_of_the_mid_term_follow_up_on_its_day(reviewed, client_as, head):
    from cordee.label.notices import remind_follow_ups
    from cordee.notifications.models import Notification

    _decide(client_as("staff"), reviewed, conditions="Plan RSE.", decided_on=date.today())
    assert remind_follow_ups() == 0
    Decision.objects.update(follow_up_on=date.today())
    assert remind_follow_ups() == 1
    assert Notification.objects.filter(recipient=head, kind="label.follow_up").exists()
