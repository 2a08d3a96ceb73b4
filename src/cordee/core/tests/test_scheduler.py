"""The scheduler: periodic tasks enqueued when due, remembered across restarts."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django_tasks import task

from cordee.core import scheduling
from cordee.core.models import PeriodicRun
from cordee.core.scheduling import Periodic, enqueue_due, register_periodic

PARIS = ZoneInfo("Europe/Paris")
CALLS: list[str] = []


@task()
def remember(label: str) -> None:
    CALLS.append(label)


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(scheduling, "_periodics", {})
    CALLS.clear()
    yield
    CALLS.clear()


def test_a_daily_task_is_due_once_its_hour_has_come(settings):
    settings.TIME_ZONE = "Europe/Paris"
    daily = Periodic(name="d", task=remember, at=time(7))
    ran = paris(2026, 3, 10, 7, 0, 5)
    assert not daily.is_due(ran, paris(2026, 3, 10, 23, 59))
    assert not daily.is_due(ran, paris(2026, 3, 11, 6, 59))
    assert daily.is_due(ran, paris(2026, 3, 11, 7, 0))


def test_seven_oclock_stays_seven_oclock_across_summer_time(settings):
    settings.TIME_ZONE = "Europe/Paris"
    daily = Periodic(name="d", task=remember, at=time(7))
    # Clocks went forward on 29 March 2026.
    slot = daily.latest_slot(paris(2026, 3, 29, 9, 0))
    assert (slot.hour, slot.utcoffset()) == (7, timedelta(hours=2))


def test_a_weekly_task_waits_for_monday_morning(settings):
    settings.TIME_ZONE = "Europe/Paris"
    weekly = Periodic(name="w", task=remember, at=time(7), weekday=0)
    ran = paris(2026, 3, 9, 7, 0)  # a Monday
    assert not weekly.is_due(ran, paris(2026, 3, 15, 23, 0))  # Sunday
    assert not weekly.is_due(ran, paris(2026, 3, 16, 6, 59))
    assert weekly.is_due(ran, paris(2026, 3, 16, 7, 0))


def test_an_interval_task_is_due_after_its_interval():
    every = Periodic(name="e", task=remember, every=timedelta(minutes=15))
    ran = paris(2026, 3, 10, 12, 0)
    assert not every.is_due(ran, ran + timedelta(minutes=14))
    assert every.is_due(ran, ran + timedelta(minutes=15))
    assert every.is_due(None, ran)


@pytest.mark.django_db
def test_a_due_task_is_enqueued_once_and_remembered_across_restarts(registry):
    register_periodic("test.hourly", remember, every=timedelta(hours=1), kwargs={"label": "h"})
    now = paris(2026, 3, 10, 12, 0)
    assert enqueue_due(now=now) == ["test.hourly"]
    # A restarted scheduler reads the last run from the database.
    assert enqueue_due(now=now + timedelta(minutes=30)) == []
    assert PeriodicRun.objects.get(name="test.hourly").last_run_at == now
    assert enqueue_due(now=now + timedelta(hours=1)) == ["test.hourly"]
    assert CALLS == ["h", "h"]


@pytest.mark.django_db
def test_a_new_daily_task_waits_for_its_time_instead_of_running_at_once(registry, settings):
    settings.TIME_ZONE = "Europe/Paris"
    register_periodic("test.daily", remember, at=time(7), kwargs={"label": "d"})
    assert enqueue_due(now=paris(2026, 3, 10, 15, 0)) == []
    assert enqueue_due(now=paris(2026, 3, 11, 6, 59)) == []
    assert enqueue_due(now=paris(2026, 3, 11, 7, 0)) == ["test.daily"]
    assert CALLS == ["d"]


@pytest.mark.django_db
def test_days_missed_while_stopped_are_made_up_once(registry, settings):
    settings.TIME_ZONE = "Europe/Paris"
    register_periodic("test.daily", remember, at=time(7), kwargs={"label": "d"})
    PeriodicRun.objects.create(name="test.daily", last_run_at=paris(2026, 3, 1, 7, 0))
    assert enqueue_due(now=paris(2026, 3, 10, 9, 0)) == ["test.daily"]
    assert enqueue_due(now=paris(2026, 3, 10, 9, 1)) == []
    assert CALLS == ["d"]


@pytest.mark.django_db
def test_a_run_claimed_by_another_scheduler_is_not_enqueued_again(registry, monkeypatch):
    register_periodic("test.hourly", remember, every=timedelta(hours=1), kwargs={"label": "h"})
    now = paris(2026, 3, 10, 12, 0)
    PeriodicRun.objects.create(name="test.hourly", last_run_at=now - timedelta(hours=2))
    real_is_due = Periodic.is_due

    def is_due_then_claimed_elsewhere(self, last_run_at, when):
        PeriodicRun.objects.filter(name=self.name).update(last_run_at=when)
        return real_is_due(self, last_run_at, when)

    monkeypatch.setattr(Periodic, "is_due", is_due_then_claimed_elsewhere)
    assert enqueue_due(now=now) == []
    assert CALLS == []


@pytest.mark.django_db
def test_a_task_that_cannot_be_enqueued_is_tried_again_next_time(registry, monkeypatch):
    register_periodic("test.fine", remember, every=timedelta(hours=1), kwargs={"label": "f"})
    monkeypatch.setitem(
        scheduling._periodics,
        "test.broken",
        Periodic(name="test.broken", task=object(), every=timedelta(hours=1)),  # type: ignore[arg-type]
    )
    now = paris(2026, 3, 10, 12, 0)
    assert enqueue_due(now=now) == ["test.fine"]
    assert not PeriodicRun.objects.filter(name="test.broken", last_run_at__isnull=False).exists()
    assert CALLS == ["f"]


def test_a_schedule_needs_either_an_interval_or_a_time(registry):
    with pytest.raises(ImproperlyConfigured):
        register_periodic("test.none", remember)
    with pytest.raises(ImproperlyConfigured):
        register_periodic("test.both", remember, every=timedelta(hours=1), at=time(7))
    with pytest.raises(ImproperlyConfigured):
        register_periodic("test.weekday", remember, every=timedelta(hours=1), weekday=0)
