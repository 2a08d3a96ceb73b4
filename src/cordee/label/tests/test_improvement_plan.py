from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from cordee.label.models import Assessment, ImprovementAction
from cordee.label.tests.conftest import fill, submitted

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def weak(label) -> Assessment:
    # C-2 (CSR) is weak at level 1; the others are not.
    fill(label.assessment, [4, 1, 3, 5])
    label.assessment.status = Assessment.Status.SUBMITTED
    label.assessment.save()
    return label.assessment


def _plan(client, assessment) -> str:
    return client.get(reverse("label:plan", args=[assessment.public_id]), **EN).content.decode()


def test_the_plan_lists_the_weak_criteria_with_the_next_level_to_reach(weak, client_as):
    page = _plan(client_as("head"), weak)
    assert "C-2 · Critère 2" in page
    assert "Niveau 2 du critère 2" in page
    assert "C-1 · Critère 1" not in page


def test_the_head_adds_an_action_with_owner_due_date_and_status(weak, client_as):
    criterion = weak.campaign.framework.criteria.get(code="C-2")
    response = client_as("head").post(
        reverse("label:plan", args=[weak.public_id]),
        {
            "criterion": criterion.pk,
            "title": "Mettre à jour le document unique",
            "owner": "Responsable QSE",
            "due_on": "2027-03-31",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    action = ImprovementAction.objects.get()
    assert (action.owner, action.due_on) == ("Responsable QSE", date(2027, 3, 31))
    assert "Mettre à jour le document unique" in _plan(client_as("head"), weak)


def test_a_reviewer_reads_the_plan_but_cannot_add_to_it(weak, client_as, expert, staff):
    from cordee.label.services import review_assign

    review_assign(assessment=weak, reviewer=expert, visit_on=date(2026, 10, 1), by=staff)
    client = client_as("expert")
    assert "Add an action" not in _plan(client, weak)
    response = client.post(reverse("label:plan", args=[weak.public_id]), {"title": "x"})
    assert response.status_code == 404


def test_companies_strong_on_a_weak_criterion_are_suggested_only_if_they_agreed(
    weak, network, client_as
):
    strong = submitted(weak.campaign, network.lacroix, [3, 5, 3, 3])
    assert "Lacroix Traitements" not in _plan(client_as("head"), weak)
    strong.shares_practices = True
    strong.save()
    assert "Lacroix Traitements" in _plan(client_as("head"), weak)


def test_published_practice_sheets_of_the_criterion_pillar_are_suggested(weak, client_as):
    knowledge = pytest.importorskip("cordee.knowledge.models")
    from cordee.network.scopes import Scope

    theme, _ = knowledge.Theme.objects.get_or_create(
        slug="rse", defaults={"name_fr": "RSE", "is_pillar": True}
    )
    for slug, status in (("sheet-published", "published"), ("sheet-draft", "draft")):
        article = knowledge.Article.objects.create(
            slug=slug,
            title=f"Fiche {slug} sur la maîtrise",
            status=status,
            scope=Scope.NETWORK,
            published_at=timezone.now(),
        )
        article.themes.set([theme])
    page = _plan(client_as("head"), weak)
    assert "Fiche sheet-published" in page
    assert "Fiche sheet-draft" not in page


def test_the_head_changes_the_status_of_an_action(weak, client_as):
    action = ImprovementAction.objects.create(
        assessment=weak,
        criterion=weak.campaign.framework.criteria.get(code="C-2"),
        title="Former les régleurs",
        owner="Chef d'atelier",
        due_on=date(2027, 1, 31),
    )
    url = reverse("label:action_status", args=[weak.public_id, action.public_id])
    client_as("head").post(url, {"status": "done"})
    action.refresh_from_db()
    assert action.status == "done"
    client_as("head").post(url, {"status": "abandoned"})
    action.refresh_from_db()
    assert action.status == "done"
    assert client_as("expert").post(url, {"status": "planned"}).status_code == 404


def test_the_plan_costs_the_same_queries_whatever_the_number_of_weak_criteria(
    label, client_as, django_assert_max_num_queries
):
    fill(label.assessment, [1, 4, 4, 4])
    label.assessment.status = Assessment.Status.SUBMITTED
    label.assessment.save()
    client = client_as("head")
    _plan(client, label.assessment)
    with django_assert_max_num_queries(40) as few:
        _plan(client, label.assessment)
    fill(label.assessment, [1, 1, 2, 1])
    with django_assert_max_num_queries(len(few.captured_queries)):
        _plan(client, label.assessment)


def test_a_target_level_adds_the_criteria_below_it_to_the_plan(weak, client_as):
    # Levels 4, 1, 3, 5: with a target of 4, C-3 (level 3) joins C-2.
    client = client_as("head")
    assert "C-3 · Critère 3" not in _plan(client, weak)
    client.post(reverse("label:plan_target", args=[weak.public_id]), {"target_level": "4"})
    page = _plan(client, weak)
    assert "C-3 · Critère 3" in page and "C-2 · Critère 2" in page
    assert "C-1 · Critère 1" not in page
    client.post(reverse("label:plan_target", args=[weak.public_id]), {"target_level": "9"})
    weak.refresh_from_db()
    assert weak.target_level == 4
