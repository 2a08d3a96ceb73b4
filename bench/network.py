"""How fast the network's pages answer on a regional network.

    .venv/bin/python bench/network.py [--scale regional] [--requests 200]

Loads a regional network (10 territories, 5,000 companies, 30,000 people)
into a fresh database, then asks for the directory (with and without
filters) and for organisation pages with Django's test client, logged in as
the demo member, and prints for each page the median and 95th percentile of
the server time and the number of SQL queries.

The database: SQLite in a temporary folder by default; with DATABASE_URL set
(postgres://user:password@host:port/name), a new database "test_<name>" on
that server, created for the run and dropped after it (the user needs
CREATEDB). A page whose URL does not exist yet is skipped, with a message.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from _setup import fresh_database  # noqa: E402 (after the path to the project)


@dataclass
class Page:
    label: str
    url_name: str
    # Query strings (or slugs, for a page that takes one) cycled through.
    variants: Callable[[], list[str]]
    takes_slug: bool = False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", default="regional", help="regional (default), demo or a number of companies"
    )
    parser.add_argument(
        "--requests", type=int, default=200, help="timed requests per page (default 200)"
    )
    parser.add_argument("--warm-up", type=int, default=5, help="untimed requests first (default 5)")
    arguments = parser.parse_args()

    with fresh_database("cordee-bench-"):
        run(arguments)
    return 0


def run(arguments: argparse.Namespace) -> None:
    from django.test import Client

    from cordee.accounts.models import User
    from cordee.network.demo import load_demo, scale_named
    from cordee.network.models import Organisation

    scale = scale_named(arguments.scale)
    started = time.perf_counter()
    result = load_demo(scale)
    print(
        f"Loaded the {scale.name} network in {time.perf_counter() - started:.1f} s: "
        f"{result.organisations:,} organisations, {result.people:,} people."
    )

    def organisation_slugs() -> list[str]:
        return list(Organisation.objects.order_by("?").values_list("slug", flat=True)[:50])

    pages = [
        Page("directory", "network:directory", lambda: [""]),
        Page(
            "directory ?territory",
            "network:directory",
            lambda: ["?territory=arve", "?territory=annecy", "?territory=savoie"],
        ),
        Page(
            "directory ?activity&certification",
            "network:directory",
            lambda: [
                "?activity=decolletage",
                "?activity=decolletage&certification=iatf-16949",
                "?territory=arve&activity=traitement-de-surface&size_band=medium",
            ],
        ),
        Page(
            "directory ?q", "network:directory", lambda: ["?q=précision", "?q=Cluses", "?q=tornos"]
        ),
        Page("directory page 10", "network:directory", lambda: ["?page=10"]),
        Page("organisation", "network:organisation", organisation_slugs, takes_slug=True),
        Page(
            "people",
            "network:people",
            lambda: ["", "?territory=arve", "?expertise=lean", "?q=Martin"],
        ),
    ]
    client = Client()
    client.force_login(User.objects.get(email="member@example.org"))
    report(client, pages, arguments.requests, arguments.warm_up)


def report(client, pages: list[Page], requests: int, warm_up: int, heading: str = "page") -> None:
    """Time each page (see :func:`measure`) and print a line for it."""
    print(f"\n{heading:36} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  note")
    for page in pages:
        label, count, p50, p95, queries, note = measure(client, page, requests, warm_up)
        numbers = f"{count:>8} {p50:>8.1f} {p95:>8.1f} {queries:>8}" if count else " " * 35
        print(f"{label:36} {numbers}  {note}", flush=True)


def measure(client, page: Page, requests: int, warm_up: int) -> tuple:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(page.url_name, args=["x"] if page.takes_slug else [])
    except NoReverseMatch:
        return (page.label, 0, 0, 0, 0, f"skipped: no URL named {page.url_name} yet")
    urls = [
        reverse(page.url_name, args=[variant])
        if page.takes_slug
        else reverse(page.url_name) + variant
        for variant in page.variants()
    ]
    queries = 0
    for url in urls:
        try:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
        except Exception as error:  # a benchmark reports a broken page and goes on
            return (page.label, 0, 0, 0, 0, f"failed on {url}: {error!r}")
        if response.status_code != 200:
            return (page.label, 0, 0, 0, 0, f"HTTP {response.status_code} on {url}")
        queries = max(queries, len(captured))
    for index in range(warm_up):
        client.get(urls[index % len(urls)])
    timings = []
    for index in range(requests):
        url = urls[index % len(urls)]
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    p50 = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[-1]
    return (page.label, requests, p50, p95, queries, f"{len(urls)} URL(s)")


if __name__ == "__main__":
    sys.exit(main())
