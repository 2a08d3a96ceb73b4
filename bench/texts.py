"""How fast a large co-written text answers: its page, a paragraph's amendments, a
comparison of two versions.

    .venv/bin/python bench/texts.py [--scale 1] [--requests 200]

Builds, in a fresh database, the small test network and a charter of 200 paragraphs
with 1,000 amendments (20 of them accepted one by one, so 21 versions; the others
waiting or rejected) and 500 comments, times ``--scale`` (2 gives 400 paragraphs and
2,000 amendments). Then asks, logged in as a member, with Django's test client, for
the text's page, the amendments of its busiest paragraphs (the htmx fragment and the
page without JavaScript) and the side-by-side comparison of the first and last
versions, and prints for each the median and 95th percentile of the server time and
the number of SQL queries.

The database: SQLite in a temporary folder by default; with DATABASE_URL set
(postgres://user:password@host:port/name), a new database "test_<name>" on that
server, created for the run and dropped after it (the user needs CREATEDB).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from _setup import fresh_database  # noqa: E402 (after the path to the project)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        type=float,
        default=1,
        help="1 (default): 200 paragraphs, 1,000 amendments, 500 comments",
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
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from cordee.core.testing.network import build_test_network
    from cordee.core.testing.personas import make_person
    from cordee.texts.large import build_large_text

    network = build_test_network()
    people = {name: make_person(name, network) for name in ("head", "member", "expert", "staff")}
    scale = arguments.scale
    started = time.perf_counter()
    text = build_large_text(
        author=people["head"],
        people=list(people.values()),
        paragraphs=round(200 * scale),
        amendments=round(1000 * scale),
        comments=round(500 * scale),
        accepted=20,
    )
    if connection.vendor in ("postgresql", "sqlite"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    text.refresh_from_db()
    print(
        f"Built in {time.perf_counter() - started:.1f} s: {text.paragraphs.count():,} "
        f"paragraphs, {text.amendments.count():,} amendments, {text.comments.count():,} "
        f"comments, {text.versions.count()} versions."
    )
    busiest = list(
        text.paragraphs.annotate(n=Count("amendments"))
        .order_by("-n")[:10]
        .values_list("public_id", "n")
    )
    print(f"Busiest paragraphs: {busiest[0][1]} to {busiest[-1][1]} amendments each.")
    paragraph_urls = [reverse("texts:paragraph", args=[text.public_id, pk]) for pk, _ in busiest]
    last = text.current_version.number
    pages = [
        ("text page", [text.get_absolute_url()], {}),
        ("paragraph amendments (htmx)", paragraph_urls, {"HX-Request": "true"}),
        ("paragraph page (no JS)", paragraph_urls, {}),
        (
            f"compare v1 / v{last}, side by side",
            [reverse("texts:compare", args=[text.public_id]) + f"?older=1&newer={last}"],
            {},
        ),
        (
            f"compare v{last - 1} / v{last}, one column",
            [
                reverse("texts:compare", args=[text.public_id])
                + f"?older={last - 1}&newer={last}&layout=inline"
            ],
            {},
        ),
    ]
    client = Client()
    client.force_login(people["member"])
    print()
    print(f"{'page':36} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for label, urls, headers in pages:
        count, p50, p95, queries = measure(
            client, urls, headers, arguments.requests, arguments.warm_up
        )
        print(f"{label:36} {count:>8} {p50:>8.1f} {p95:>8.1f} {queries:>8}", flush=True)


def measure(client, urls: list[str], headers: dict[str, str], requests: int, warm_up: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    queries = 0
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"HTTP {response.status_code} on {url}")
        queries = max(queries, len(captured))
    for index in range(warm_up):
        client.get(urls[index % len(urls)], headers=headers)
    timings = []
    for index in range(requests):
        started = time.perf_counter()
        client.get(urls[index % len(urls)], headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
    return requests, statistics.median(timings), statistics.quantiles(timings, n=20)[-1], queries


if __name__ == "__main__":
    sys.exit(main())
