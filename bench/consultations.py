"""How fast a large consultation's pages answer.

    .venv/bin/python bench/consultations.py [--contributions 2000] [--comments 10000]
        [--network demo] [--requests 200]

Loads the demo network (or ``--network regional``) into a fresh database, adds
a whole-network consultation with ``--contributions`` contributions, about
five supports each and ``--comments`` comments (a third of them replies), by
the network's people, then asks with Django's test client for the
consultation page (first page, most supported, a far page), a contribution
page and the participation page, and prints for each the median and 95th
percentile of the server time (wall clock, and the process's CPU time, which
a busy machine disturbs less) and the number of SQL queries.

The database: SQLite in a temporary folder by default; with DATABASE_URL set
(postgres://user:password@host:port/name), a new database "test_<name>" on
that server, created for the run and dropped after it (the user needs
CREATEDB).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from _setup import fresh_database  # noqa: E402 (after the path to the project)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contributions", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=10000)
    parser.add_argument("--network", default="demo", help="demo (default) or regional")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warm-up", type=int, default=5, help="untimed requests first")
    arguments = parser.parse_args()

    with fresh_database("cordee-bench-"):
        run(arguments)
    return 0


def build(arguments: argparse.Namespace):
    """The large consultation, written with bulk inserts (what the services would write)."""
    from django.db import transaction

    from cordee.accounts.models import User
    from cordee.consultations.models import Comment, Contribution, Support
    from cordee.consultations.tests.factories import make_consultation
    from cordee.network.models import Affiliation

    rng = random.Random(2027)
    staff = User.objects.get(email="staff@example.org")
    people = list(
        Affiliation.objects.current()
        .filter(person__is_active=True)
        .values_list("person_id", "organisation_id")
    )
    consultation = make_consultation(staff, title="Feuille de route 2027", announce=False)
    with transaction.atomic():
        contributions = Contribution.objects.bulk_create(
            [
                Contribution(
                    consultation=consultation,
                    kind=rng.choice(["idea", "proposal"]),
                    title=f"Proposition {index}: mutualiser les régleurs de la zone {index % 40}",
                    body="Partager des régleurs multibroches entre entreprises voisines. " * 4,
                    author_id=person,
                    organisation_id=organisation,
                )
                for index, (person, organisation) in enumerate(
                    rng.choice(people) for _ in range(arguments.contributions)
                )
            ],
            batch_size=500,
        )
        ids = [c.pk for c in Contribution.objects.filter(consultation=consultation)]
        supports = {
            (contribution, person, organisation)
            for contribution in ids
            for person, organisation in rng.sample(people, rng.randint(0, 10))
        }
        Support.objects.bulk_create(
            [Support(contribution_id=c, person_id=p, organisation_id=o) for c, p, o in supports],
            batch_size=1000,
        )
        top = arguments.comments * 2 // 3
        Comment.objects.bulk_create(
            [
                Comment(
                    contribution_id=rng.choice(ids),
                    author_id=person,
                    organisation_id=organisation,
                    body="Bonne idée ; chez nous, le prêt de personnel passe par une convention.",
                )
                for person, organisation in (rng.choice(people) for _ in range(top))
            ],
            batch_size=1000,
        )
        parents = list(
            Comment.objects.filter(contribution__consultation=consultation).values_list(
                "pk", "contribution_id"
            )
        )
        Comment.objects.bulk_create(
            [
                Comment(
                    contribution_id=contribution,
                    parent_id=parent,
                    author_id=person,
                    organisation_id=organisation,
                    body="D'accord, et l'assurance de l'entreprise d'accueil couvre le salarié.",
                )
                for (parent, contribution), (person, organisation) in (
                    (rng.choice(parents), rng.choice(people))
                    for _ in range(arguments.comments - top)
                )
            ],
            batch_size=1000,
        )
    print(
        f"Consultation: {len(contributions):,} contributions, {len(supports):,} supports, "
        f"{arguments.comments:,} comments."
    )
    return consultation, contributions


def run(arguments: argparse.Namespace) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from cordee.accounts.models import User
    from cordee.network.demo import load_demo, scale_named

    scale = scale_named(arguments.network)
    started = time.perf_counter()
    result = load_demo(scale)
    print(
        f"Loaded the {scale.name} network in {time.perf_counter() - started:.1f} s: "
        f"{result.organisations:,} organisations, {result.people:,} people."
    )
    consultation, contributions = build(arguments)

    member, staff = Client(), Client()
    member.force_login(User.objects.get(email="member@example.org"))
    staff.force_login(User.objects.get(email="staff@example.org"))
    base = consultation.get_absolute_url()
    last_page = (len(contributions) + 19) // 20
    sample = random.Random(1).sample(contributions, min(50, len(contributions)))
    pages = [
        ("consultations list (small)", member, [reverse("consultations:list")]),
        ("consultation page", member, [base]),
        ("consultation ?sort=supported", member, [base + "?sort=supported"]),
        (
            "consultation far pages",
            member,
            [f"{base}?page={n}" for n in (50, last_page // 2, last_page)],
        ),
        ("contribution page", member, [c.get_absolute_url() for c in sample]),
        ("participation page", staff, [base + "participation/"]),
    ]
    print(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8} {'queries':>8}")
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
        timings, cpu = [], []
        for index in range(arguments.requests):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(urls[index % len(urls)])
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        print(
            f"{label:32} {statistics.median(timings):8.1f} {p95(timings):8.1f} "
            f"{statistics.median(cpu):8.1f} {p95(cpu):8.1f} "
            f"{'/'.join(str(q) for q in sorted(queries)):>8}"
        )


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


if __name__ == "__main__":
    raise SystemExit(main())
