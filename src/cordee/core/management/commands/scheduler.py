"""Enqueue periodic tasks when they are due; the worker runs them."""

from __future__ import annotations

import signal
import threading
from calendar import day_name
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from cordee.core.scheduling import enqueue_due, periodics


class Command(BaseCommand):
    help = (
        "Enqueue the periodic tasks (digests...) when they are due, for db_worker to run. "
        "Runs until stopped; with --once, checks once and exits (for cron)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=30.0,
            help="Seconds between two checks (default: 30).",
        )

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        if interval <= 0:
            self.stderr.write("--interval must be a positive number of seconds.")
            raise SystemExit(2)
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda *_: stop.set())
            for periodic in periodics():
                when = (
                    f"every {periodic.every}"
                    if periodic.every
                    else f"at {periodic.at:%H:%M}"
                    + (f" on {day_name[periodic.weekday]}s" if periodic.weekday is not None else "")
                )
                self.stdout.write(f"Scheduling {periodic.name} {when}")
        while True:
            # A long-running process must not keep a connection the database has
            # dropped; a single run (cron, tests) keeps the connection it was given.
            if not once:
                close_old_connections()
            for name in enqueue_due():
                self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M:%S} enqueued {name}")
            if once or stop.wait(interval):
                return
