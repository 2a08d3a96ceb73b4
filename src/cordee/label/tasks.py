"""Work done by the worker: the daily reminder of mid-term follow-ups."""

from __future__ import annotations

from django_tasks import task

from cordee.label import notices


@task()
def remind_follow_ups() -> int:
    return notices.remind_follow_ups()
