"""The label in the demo: the network's framework and this year's open campaign."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from cordee.label import framework_data
from cordee.label.models import Campaign, Criterion, Framework


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
    """The framework and this year's campaign, open to applications."""
    framework = load_framework()
    year = timezone.localdate().year
    campaign, _ = Campaign.objects.get_or_create(
        framework=framework,
        year=year,
        defaults={"name": f"Label Cordée {year}", "closes_on": date(year, 12, 15)},
    )
    return campaign
