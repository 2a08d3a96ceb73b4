"""Work done by the worker: telling owners their actions are overdue."""

from __future__ import annotations

from django_tasks import task

from cordee.decisions import services


@task()
def notify_overdue_actions() -> int:
    """Tell each owner once that an action is past its due date; the scheduler runs it daily."""
    return services.actions_notify_overdue()
