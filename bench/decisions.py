"""How fast the register of decisions and the funders' follow-up answer.

    .venv/bin/python bench/decisions.py [--decisions 2000] [--requests 100]

Loads the demo network and its governance into a fresh SQLite database (in a
temporary folder), adds ``--decisions`` decisions of its bodies (a third
public, a third for the whole network, a third for a territory), three
follow-up actions each in every status, indexed for search, then asks with
Django's test client for the register (first page, a far page, filtered, a
search), the funders' follow-up and a decision's page, and prints for each the
median and 95th percentile of the server time and the number of SQL queries.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from _setup import fresh_database  # noqa: E402 (after the path to the project)

WORDS = [
    "décolletage",
    "régleurs",
    "maintenance",
    "apprentissage",
    "cotisation",
    "énergie",
    "RSE",
    "carbone",
    "label",
    "qualité",
    "visite",
    "usine",
    "copeaux",
    "formation",
    "recrutement",
    "achats",
    "groupés",
    "machine",
    "mesure",
    "charte",
    "entraide",
    "territoire",
    "antenne",
    "lycée",
    "contrôle",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decisions", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page")
    parser.add_argument("--warm-up", type=int, default=5, help="untimed requests first")
    arguments = parser.parse_args()

    with fresh_database("cordee-bench-"):
        run(arguments)
    return 0


def build(count: int) -> None:
    """The decisions, written with bulk inserts (what the services would write)."""
    from django.db import transaction
    from django.utils import timezone

    from cordee.accounts.models import User
    from cordee.decisions.models import Action, ActionStatus, Decision
    from cordee.decisions.services import SEARCH_SOURCE
    from cordee.governance.models import Body
    from cordee.knowledge.search import index_object
    from cordee.network.models import Territory
    from cordee.network.scopes import Scope

    rng = random.Random(7)
    bodies = list(Body.objects.all())
    territories = list(Territory.objects.filter(slug__in=["arve", "annecy", "chablais"]))
    people = list(User.objects.filter(email__in=["member@example.org", "head@example.org"]))
    today = timezone.localdate()
    statuses = list(ActionStatus.values)
    with transaction.atomic():
        decisions = Decision.objects.bulk_create(
            Decision(
                title=" ".join(rng.sample(WORDS, 5)).capitalize(),
                text=" ".join(rng.choices(WORDS, k=80)),
                rationale=" ".join(rng.choices(WORDS, k=25)),
                decided_on=today - timedelta(days=rng.randrange(1, 1500)),
                body=rng.choice(bodies),
                scope=(scope := rng.choice([Scope.PUBLIC, Scope.NETWORK, Scope.TERRITORY])),
                scope_territory=rng.choice(territories) if scope == Scope.TERRITORY else None,
            )
            for _ in range(count)
        )
        Action.objects.bulk_create(
            Action(
                decision=decision,
                title=" ".join(rng.sample(WORDS, 4)),
                owner=rng.choice(people),
                status=rng.choice(statuses),
                due_on=decision.decided_on + timedelta(days=rng.randrange(10, 400)),
            )
            for decision in decisions
            for _ in range(3)
        )
        for decision in Decision.objects.select_related("body"):
            index_object(SEARCH_SOURCE, decision)


def run(arguments: argparse.Namespace) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cordee.accounts.models import User
    from cordee.decisions.demo import load_decisions_demo
    from cordee.decisions.models import Decision
    from cordee.governance.demo import load_governance_demo
    from cordee.network.demo import DEMO, load_demo

    started = time.perf_counter()
    load_demo(DEMO)
    load_governance_demo()
    load_decisions_demo()
    build(arguments.decisions)
    print(
        f"Loaded the demo network and {Decision.objects.count():,} decisions in "
        f"{time.perf_counter() - started:.1f} s."
    )
    member, funder = Client(), Client()
    member.force_login(User.objects.get(email="member@example.org"))
    funder.force_login(User.objects.get(email="funder@example.org"))
    sample = list(Decision.objects.public().order_by("?")[:20])
    pages = [
        ("register (member)", member, ["/decisions/"]),
        ("register far page (member)", member, ["/decisions/?page=40"]),
        ("register filtered (member)", member, ["/decisions/?actions=overdue&scope=members"]),
        ("register search (member)", member, ["/decisions/?q=régleurs+maintenance"]),
        ("register (funder)", funder, ["/decisions/"]),
        ("follow-up (funder)", funder, ["/decisions/follow-up/"]),
        ("decision page (funder)", funder, [d.get_absolute_url() for d in sample]),
    ]
    print(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for label, client, urls in pages:
        # Queries are counted untimed: recording them would be timed too.
        queries = set()
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            queries.add(len(captured))
        for index in range(arguments.warm_up):
            client.get(urls[index % len(urls)])
        timings = []
        for index in range(arguments.requests):
            start = time.perf_counter()
            client.get(urls[index % len(urls)])
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(
            f"{label:32} {statistics.median(timings):8.1f} {p95:8.1f} "
            f"{'/'.join(str(q) for q in sorted(queries)):>8}"
        )


if __name__ == "__main__":
    sys.exit(main())
