"""Work done by the worker: moving consultations whose phase is over by date."""

from __future__ import annotations

from django_tasks import task

from cordee.consultations import services


@task()
def advance_due_consultations() -> int:
    """Move consultations to their next phase when its date has come; run often."""
    return services.consultations_advance_due()
