"""Work done by the worker: telling the staff about requests nobody has answered."""

from __future__ import annotations

from django_tasks import task

from cordee.mutualaid import solicitations


@task()
def alert_unanswered_requests() -> int:
    """Tell the territory's staff about requests unanswered for 48 hours (once each)."""
    return solicitations.unanswered_alert()
