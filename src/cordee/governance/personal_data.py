"""What the bodies hold about a person: their mandates and candidacies.

Mandates are a public record of who decided: erasure ends the current ones
(an erased account sits nowhere) and keeps the past ones, which the public
page then shows as held by "a member of <organisation>".
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from cordee.accounts.models import User
from cordee.governance.models import Candidate, Mandate


def export_mandates(user: User) -> dict[str, Any]:
    return {
        "mandates": [
            {
                "body": str(m.body),
                "role": m.role,
                "source": m.source,
                "representing": str(m.organisation or ""),
                "from": m.starts_on.isoformat(),
                "until": m.ends_on.isoformat() if m.ends_on else None,
            }
            for m in Mandate.objects.filter(person=user).select_related("body", "organisation")
        ],
        "candidacies": [
            {"election": c.election.vote.title, "as": c.option.label}
            for c in Candidate.objects.filter(person=user).select_related(
                "election__vote", "option"
            )
        ],
    }


def erase_mandates(user: User) -> None:
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    mandates = Mandate.objects.filter(person=user)
    # Not started yet: never held, nothing to keep.
    mandates.filter(starts_on__gte=today).delete()
    mandates.filter(ends_on__isnull=True).update(ends_on=yesterday)
    mandates.filter(ends_on__gte=today).update(ends_on=yesterday)
    # The candidate's name was the vote's option: it keeps only their organisation.
    for candidate in Candidate.objects.filter(person=user).select_related("option", "organisation"):
        organisation = candidate.organisation.name if candidate.organisation else ""
        candidate.option.label = f"{_('Former member')} ({organisation}) #{candidate.pk}"
        candidate.option.save(update_fields=["label"])
