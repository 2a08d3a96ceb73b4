"""Work done by the worker: sending the convocations whose time has come."""

from __future__ import annotations

from django_tasks import task

from cordee.meetings import services


@task()
def send_due_convocations() -> int:
    """Send each convocation once, its notice period before the meeting."""
    return services.convocations_send_due()
