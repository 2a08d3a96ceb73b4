"""A small framework (one criterion per pillar) and a campaign on it."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from cordee.label.models import Answer, Assessment, Campaign, Criterion, Framework, Pillar

PILLARS = [Pillar.INNOVATION, Pillar.CSR, Pillar.MANAGEMENT, Pillar.STEERING]


def make_framework(name: str = "Référentiel test") -> Framework:
    framework = Framework.objects.create(name=name)
    for position, pillar in enumerate(PILLARS, start=1):
        Criterion.objects.create(
            framework=framework,
            pillar=pillar,
            code=f"C-{position}",
            title=f"Critère {position} sur la maîtrise",
            evidence="Documents",
            position=position,
            **{f"level_{level}": f"Niveau {level} du critère {position}" for level in range(1, 6)},
        )
    return framework


@pytest.fixture
def framework(db: None) -> Framework:
    return make_framework()


@pytest.fixture
def campaign(framework: Framework) -> Campaign:
    return Campaign.objects.create(
        name="Label 2026", year=2026, framework=framework, closes_on=date(2026, 12, 1)
    )


def fill(assessment: Assessment, levels: list[int | None]) -> None:
    for answer, level in zip(
        assessment.answers.order_by("criterion__position"), levels, strict=True
    ):
        answer.level = level
        answer.save()


def submitted(campaign: Campaign, organisation, levels: list[int]) -> Assessment:
    assessment = Assessment.objects.create(campaign=campaign, organisation=organisation)
    Answer.objects.bulk_create(
        Answer(assessment=assessment, criterion=criterion, level=level)
        for criterion, level in zip(
            campaign.framework.criteria.order_by("position"), levels, strict=True
        )
    )
    assessment.status = Assessment.Status.SUBMITTED
    assessment.save()
    return assessment


@pytest.fixture
def label(network: SimpleNamespace, campaign: Campaign, head, expert, member) -> SimpleNamespace:
    """Bouvier (head: the head persona) applied to the campaign, nothing answered yet."""
    from cordee.label.services import assessment_apply

    assessment = assessment_apply(campaign=campaign, organisation=network.bouvier, by=head)
    return SimpleNamespace(
        network=network, campaign=campaign, assessment=assessment, head=head, expert=expert
    )
