"""Work done by the worker: closing the votes whose time is up."""

from __future__ import annotations

from django_tasks import task

from cordee.voting import services


@task()
def close_due_votes() -> int:
    """Publish the results of votes past their closing time; the scheduler runs it often."""
    return services.votes_close_due()
