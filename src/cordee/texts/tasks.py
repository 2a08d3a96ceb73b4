"""Work done by the worker: recording whether the votes on texts adopted them."""

from __future__ import annotations

from django_tasks import task

from cordee.texts import services


@task()
def record_vote_outcomes() -> int:
    """Mark texts adopted (or not) once their vote's results are published."""
    return services.texts_record_outcomes()
