"""What the network holds about a person: affiliations and roles."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cordee.accounts.models import User
from cordee.network.models import Affiliation, RoleAssignment


def export_network(user: User) -> dict[str, Any]:
    return {
        "affiliations": [
            {
                "organisation": affiliation.organisation.name,
                "job_title": affiliation.job_title,
                "company_head": affiliation.is_head,
                "since": affiliation.started_on.isoformat(),
                "until": affiliation.ended_on.isoformat() if affiliation.ended_on else None,
            }
            for affiliation in Affiliation.objects.filter(person=user).select_related(
                "organisation"
            )
        ],
        "roles": [
            {"role": assignment.role, "territory": str(assignment.territory or "")}
            for assignment in RoleAssignment.objects.filter(person=user).select_related("territory")
        ],
        "working_groups": [group.name for group in user.working_groups.all()],
    }


def erase_network(user: User) -> None:
    # The organisation keeps its history of who worked there, anonymised through the account.
    Affiliation.objects.filter(person=user, ended_on__isnull=True).update(
        ended_on=timezone.localdate(), is_head=False
    )
    RoleAssignment.objects.filter(person=user).delete()
    user.working_groups.clear()
