"""Periodic work: which task to enqueue, and when.

django-tasks runs tasks but has no clock. Capabilities register their
periodic tasks in their ``AppConfig.ready()``::

    register_periodic("notifications.daily_digest", send_digests,
                      at=time(7, 0), kwargs={"frequency": "daily"})

and ``manage.py scheduler`` enqueues each one when it is due. It never runs
the work itself: the worker (``manage.py db_worker``) does. When each task
last ran is kept in the database (:class:`~cordee.core.models.PeriodicRun`),
so a restart neither repeats nor forgets a run; runs missed while the
scheduler was stopped are made up once, not once per missed occurrence. A new
interval schedule runs at once; a new time-of-day schedule waits for its time.
Times of day are in the site's time zone (``TIME_ZONE``, Europe/Paris by
default).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django_tasks.base import Task

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    """A task and its schedule: every ``every``, or each day (or ``weekday``) at ``at``."""

    name: str
    task: Task[Any, Any]
    every: timedelta | None = None
    at: time | None = None
    weekday: int | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)

    def latest_slot(self, now: datetime) -> datetime:
        """The last moment at or before ``now`` when a time-of-day schedule was due."""
        assert self.at is not None
        local = timezone.localtime(now)
        slot = local.replace(
            hour=self.at.hour, minute=self.at.minute, second=self.at.second, microsecond=0
        )
        if self.weekday is None:
            if slot > local:
                slot -= timedelta(days=1)
        else:
            slot -= timedelta(days=(local.weekday() - self.weekday) % 7)
            if slot > local:
                slot -= timedelta(days=7)
        return slot

    def is_due(self, last_run_at: datetime | None, now: datetime) -> bool:
        if last_run_at is None:
            return True
        if self.every is not None:
            return now >= last_run_at + self.every
        return last_run_at < self.latest_slot(now)


_periodics: dict[str, Periodic] = {}


def register_periodic(
    name: str,
    task: Task[Any, Any],
    *,
    every: timedelta | None = None,
    at: time | None = None,
    weekday: int | None = None,
    kwargs: dict[str, Any] | None = None,
) -> Periodic:
    """Have the scheduler enqueue ``task(**kwargs)`` every ``every``, or daily ``at`` a time.

    With ``weekday`` (0 is Monday), the time-of-day schedule is weekly. ``name``
    identifies the schedule in the database: keep it stable.
    """
    if (every is None) == (at is None):
        raise ImproperlyConfigured(f"Periodic task {name!r}: give either every= or at=.")
    if every is not None and every <= timedelta(0):
        raise ImproperlyConfigured(f"Periodic task {name!r}: every= must be positive.")
    if weekday is not None and (at is None or weekday not in range(7)):
        raise ImproperlyConfigured(
            f"Periodic task {name!r}: weekday= (0 for Monday to 6 for Sunday) goes with at=."
        )
    if name in _periodics:
        raise ImproperlyConfigured(f"Periodic task {name!r} is registered twice.")
    periodic = Periodic(
        name=name, task=task, every=every, at=at, weekday=weekday, kwargs=dict(kwargs or {})
    )
    _periodics[name] = periodic
    return periodic


def periodics() -> list[Periodic]:
    return list(_periodics.values())


def enqueue_due(*, now: datetime | None = None) -> list[str]:
    """Enqueue every registered task that is due; returns the names of those enqueued.

    Two schedulers running at once do not enqueue a task twice: each claims a
    run by moving its ``last_run_at`` from the value it read, and only one can.
    """
    from cordee.core.models import PeriodicRun

    now = now or timezone.now()
    enqueued = []
    for periodic in periodics():
        try:
            with transaction.atomic():
                run, _created = PeriodicRun.objects.get_or_create(name=periodic.name)
                if run.last_run_at is None and periodic.at is not None:
                    # A new time-of-day schedule starts at its next slot: a daily
                    # digest goes out at 7 the next morning, not when first deployed.
                    PeriodicRun.objects.filter(pk=run.pk, last_run_at=None).update(last_run_at=now)
                    continue
                if not periodic.is_due(run.last_run_at, now):
                    continue
                claimed = PeriodicRun.objects.filter(pk=run.pk, last_run_at=run.last_run_at).update(
                    last_run_at=now
                )
                if not claimed:
                    continue
                # In the same transaction: if enqueuing fails, the run is not marked done.
                periodic.task.enqueue(**periodic.kwargs)
        except Exception:
            # One broken task must not stop the others; it is tried again next time.
            logger.exception("Could not enqueue the periodic task %s", periodic.name)
            continue
        enqueued.append(periodic.name)
    return enqueued
