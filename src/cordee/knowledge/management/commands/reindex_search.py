"""Rebuild the search index from scratch: ``manage.py reindex_search [--embed]``."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cordee.knowledge.search import reindex


class Command(BaseCommand):
    help = "Rebuild the search index; embeddings are computed by the worker unless --embed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--embed",
            action="store_true",
            help="compute the embeddings here and now instead of queuing them for the worker",
        )

    def handle(self, *args: Any, embed: bool = False, **options: Any) -> None:
        started = time.monotonic()
        count = reindex(embed=embed)
        self.stdout.write(f"{count} documents indexed in {time.monotonic() - started:.1f} s.")
