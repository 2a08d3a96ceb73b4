"""The label in the demo: the network's framework, last year's campaign decided (a dozen
companies of the Arve valley, the demo head's among them, reviewed by the demo expert)
and this year's campaign open to applications."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from cordee.label import framework_data
from cordee.label.models import (
    Answer,
    Assessment,
    Campaign,
    Criterion,
    Decision,
    Framework,
    ImprovementAction,
    Review,
    ReviewScore,
)
from cordee.label.services import LABEL_YEARS, add_years
from cordee.network.models import Affiliation, Organisation

HEAD_COMPANY = "decolletage-bouvier"
DEMO_COMPANIES = 12


@transaction.atomic
def load_framework() -> Framework:
    """The network's framework, version 1; safe to run again (nothing changes then)."""
    framework, created = Framework.objects.get_or_create(
        name=framework_data.NAME,
        version=1,
        defaults={"description": framework_data.DESCRIPTION},
    )
    if created:
        Criterion.objects.bulk_create(
            Criterion(
                framework=framework,
                pillar=pillar,
                code=code,
                title=title,
                guidance=guidance,
                evidence=evidence,
                weight=weight,
                position=position,
                **{f"level_{number}": text for number, text in enumerate(levels, start=1)},
            )
            for position, (pillar, code, title, guidance, evidence, weight, levels) in enumerate(
                framework_data.CRITERIA, start=1
            )
        )
    return framework


@transaction.atomic
def load_label_demo() -> Campaign:
    """The framework, last year's decided campaign and this year's open one."""
    framework = load_framework()
    year = timezone.localdate().year
    last, created = Campaign.objects.get_or_create(
        framework=framework,
        year=year - 1,
        defaults={
            "name": f"Label Cordée {year - 1}",
            "closes_on": date(year - 1, 6, 30),
            "status": Campaign.Status.CLOSED,
        },
    )
    if created:
        _decided_campaign(last)
    campaign, _ = Campaign.objects.get_or_create(
        framework=framework,
        year=year,
        defaults={"name": f"Label Cordée {year}", "closes_on": date(year, 12, 15)},
    )
    return campaign


def _decided_campaign(campaign: Campaign) -> None:
    # Seeded: the same demo every time.
    rng = random.Random(2026)
    criteria = list(campaign.framework.criteria.all())
    head_company = Organisation.objects.filter(slug=HEAD_COMPANY).first()
    if head_company is None:
        return
    others = list(
        Organisation.objects.filter(territory=head_company.territory)
        .exclude(pk=head_company.pk)
        .order_by("slug")[: DEMO_COMPANIES - 1]
    )
    decided_on = date(campaign.year, 10, 15)
    expert = (
        Affiliation.objects.current()
        .filter(person__email__startswith="expert@")
        .select_related("person", "organisation")
        .first()
    )
    for index, organisation in enumerate([head_company, *others]):
        skill = rng.uniform(1.8, 4.2)
        assessment = Assessment.objects.create(
            campaign=campaign,
            organisation=organisation,
            status=Assessment.Status.DECIDED,
            submitted_at=timezone.make_aware(datetime(campaign.year, 6, 20 + index % 8, 10)),
            in_public_register=index % 3 != 2,
            shares_practices=index % 2 == 1,
        )
        levels = {
            criterion.pk: max(1, min(5, round(rng.gauss(skill, 0.9)))) for criterion in criteria
        }
        Answer.objects.bulk_create(
            Answer(
                assessment=assessment,
                criterion=criterion,
                level=levels[criterion.pk],
                evidence="Voir le classeur qualité et les comptes rendus de revue de direction.",
            )
            for criterion in criteria
        )
        if organisation == head_company and expert is not None:
            review = Review.objects.create(
                assessment=assessment,
                reviewer=expert.person,
                reviewer_organisation=expert.organisation,
                visit_on=date(campaign.year, 9, 12),
                submitted_at=timezone.make_aware(datetime(campaign.year, 9, 14, 18)),
                summary="Visite ouverte et bien préparée ; la RSE reste à structurer.",
            )
            ReviewScore.objects.bulk_create(
                ReviewScore(
                    review=review,
                    criterion=criterion,
                    level=max(1, levels[criterion.pk] - (2 if criterion.pillar == "rse" else 0)),
                    comment="Constaté lors de la visite.",
                )
                for criterion in criteria
            )
        outcome = (
            Decision.Outcome.CONDITIONS
            if organisation == head_company or index % 5 == 4
            else Decision.Outcome.POSTPONED
            if skill < 2.2
            else Decision.Outcome.GRANTED
        )
        granted = outcome in Decision.GRANTED
        valid_until = add_years(decided_on, LABEL_YEARS) - timedelta(days=1) if granted else None
        Decision.objects.create(
            assessment=assessment,
            outcome=outcome,
            rationale="Démarche de progrès engagée, pilotage par indicateurs en place.",
            conditions="Mettre à jour le document unique et le plan de prévention sous six mois."
            if outcome == Decision.Outcome.CONDITIONS
            else "",
            decided_on=decided_on,
            valid_until=valid_until,
            follow_up_on=decided_on + (valid_until - decided_on) / 2 if valid_until else None,
        )
        if organisation == head_company:
            weak = [c for c in criteria if levels[c.pk] <= 2][:2]
            for number, criterion in enumerate(weak):
                ImprovementAction.objects.create(
                    assessment=assessment,
                    criterion=criterion,
                    title=f"Plan d'action « {criterion.title} »",
                    owner="Responsable QSE",
                    due_on=date(campaign.year + 1, 3 + number * 3, 31 - number),
                    status=ImprovementAction.Status.ONGOING,
                )
