"""How fast help requests are routed on a regional network.

    .venv/bin/python bench/routing.py [--scale regional] [--articles 20000]
                                      [--requests 20000] [--rounds 3] [--list-requests 60]

Loads a regional network (10 territories, 5,000 companies, 30,000 people,
see ``cordee.network.demo``) into a fresh database, then adds what routing
reads at that scale: ``--articles`` published articles (the demo articles
repeated, each copy by other people of the network, with its technical
themes), ``--requests`` past help requests with about five answers each
(100,000 messages by default; one accepted answer on most), people away or
opted out, and recent solicitations. It indexes the articles, then routes
the requests of the evaluation set (``mutualaid/tests/routing_eval.json``),
each asked by the head of a company drawn at random, ``--rounds`` times, and
prints the median and 95th percentile of the time to propose five people,
to propose three articles, and the number of SQL queries of each. Last, the list
pages this data fills (help requests, knowledge base), as ``bench/network.py``
times its pages.

The database: SQLite in a temporary folder by default; with DATABASE_URL set
(postgres://user:password@host:port/name), a new database "test_<name>" on
that server, created for the run and dropped after it (the user needs CREATEDB).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from _setup import fresh_database  # noqa: E402 (after the path to the project)

EVAL_SET = ROOT / "src/cordee/mutualaid/tests/routing_eval.json"
BATCH = 2000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="regional", help="regional (default) or a number")
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=20_000, help="past help requests")
    parser.add_argument("--rounds", type=int, default=3, help="times each request is routed")
    parser.add_argument(
        "--list-requests", type=int, default=60, help="timed requests per list page"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the data and reuse it when run again: the SQLite database in this folder; "
        "with DATABASE_URL, its database itself (no test database is made nor dropped)",
    )
    arguments = parser.parse_args()

    with fresh_database("cordee-bench-routing-", keep=arguments.keep, CORDEE_EMBEDDINGS_LOCAL="0"):
        run(arguments)
    return 0


def make_articles(count: int, rng: random.Random) -> None:
    """The demo articles repeated, each copy by a person who declares its author's
    expertise (or anyone), from that person's company, at another date."""
    from django.utils import timezone

    from cordee.accounts.models import User
    from cordee.knowledge.demo import demo_articles
    from cordee.knowledge.models import Article, ArticleStatus, Theme
    from cordee.network.models import Affiliation, Skill
    from cordee.network.scopes import Scope

    now = timezone.now()
    demo = demo_articles()
    themes = dict(Theme.objects.values_list("slug", "pk"))
    skills = dict(Skill.objects.values_list("slug", "pk"))
    people = list(User.objects.values_list("pk", flat=True))
    by_expertise: dict[str, list[int]] = {}
    for user_id, name in User.expertise.through.objects.values_list("user_id", "expertise__name"):
        by_expertise.setdefault(name, []).append(user_id)
    organisation_of = dict(
        Affiliation.objects.current().values_list("person_id", "organisation_id")
    )
    rows, authors = [], []
    for number in range(count):
        item = demo[number % len(demo)]
        pool = next((by_expertise[a] for a in item.authors if a in by_expertise), people)
        author = rng.choice(pool)
        authors.append(author)
        rows.append(
            Article(
                slug=f"{item.slug}-{number}",
                kind=item.kind,
                title=item.title,
                summary=item.summary,
                body=item.body,
                status=ArticleStatus.PUBLISHED,
                scope=Scope.NETWORK if rng.random() < 0.9 else Scope.PUBLIC,
                organisation_id=organisation_of.get(author),
                published_at=now - timedelta(days=rng.randint(0, 8 * 365)),
            )
        )
    created = Article.objects.bulk_create(rows, batch_size=BATCH)
    if any(article.pk is None for article in created):
        ids = dict(Article.objects.values_list("slug", "pk"))
        for article in created:
            article.pk = ids[article.slug]
    Authors, Themes, Skills = (
        Article.authors.through,
        Article.themes.through,
        Article.skills.through,
    )
    Authors.objects.bulk_create(
        [Authors(article_id=a.pk, user_id=u) for a, u in zip(created, authors, strict=True)],
        batch_size=BATCH,
    )
    themed, skilled = [], []
    for number, article in enumerate(created):
        item = demo[number % len(demo)]
        themed += [
            Themes(article_id=article.pk, theme_id=themes[s]) for s in item.themes if s in themes
        ]
        skilled += [
            Skills(article_id=article.pk, skill_id=skills[s]) for s in item.skills if s in skills
        ]
    Themes.objects.bulk_create(themed, batch_size=BATCH)
    Skills.objects.bulk_create(skilled, batch_size=BATCH)


def make_requests(count: int, rng: random.Random) -> int:
    """Past help requests on the demo articles' topics, about five answers each, most
    solved; returns the number of answers."""
    from django.utils import timezone

    from cordee.accounts.models import User
    from cordee.knowledge.demo import demo_articles
    from cordee.knowledge.models import Theme
    from cordee.mutualaid.models import (
        Answer,
        HelperAvailability,
        HelpRequest,
        HelpRequestStatus,
        Solicitation,
    )
    from cordee.network.models import Affiliation, Skill

    now = timezone.now()
    demo = demo_articles()
    themes = dict(Theme.objects.values_list("slug", "pk"))
    skills = dict(Skill.objects.values_list("slug", "pk"))
    affiliations = list(
        Affiliation.objects.current().values_list(
            "person_id", "organisation_id", "organisation__territory_id"
        )
    )
    # A fifth of the people answer; some of them much more than others.
    helpers = rng.sample(affiliations, len(affiliations) // 5)
    weights = [1 / (rank + 1) ** 0.5 for rank in range(len(helpers))]
    requests, topics = [], []
    for _ in range(count):
        item = rng.choice(demo)
        person, organisation, territory = rng.choice(affiliations)
        asked = now - timedelta(days=rng.randint(0, 4 * 365), hours=rng.randint(0, 23))
        status = rng.choices(
            [HelpRequestStatus.SOLVED, HelpRequestStatus.CLOSED, HelpRequestStatus.OPEN],
            [6, 2, 2],
        )[0]
        requests.append(
            HelpRequest(
                title=item.title[:200],
                description=item.summary,
                theme_id=themes.get(item.themes[0]) if item.themes else None,
                asker_id=person,
                organisation_id=organisation,
                territory_id=territory,
                is_discreet=rng.random() < 0.2,
                status=status,
                created_at=asked,
                first_answer_at=asked + timedelta(hours=rng.randint(1, 120)),
                solved_at=asked + timedelta(days=rng.randint(1, 20))
                if status == HelpRequestStatus.SOLVED
                else None,
            )
        )
        topics.append(item)
    created = HelpRequest.objects.bulk_create(requests, batch_size=BATCH)
    if any(request.pk is None for request in created):
        ids = list(HelpRequest.objects.order_by("pk").values_list("pk", flat=True))
        for request, pk in zip(created, ids, strict=True):
            request.pk = pk
    Skills = HelpRequest.skills.through
    Skills.objects.bulk_create(
        [
            Skills(helprequest_id=request.pk, skill_id=skills[slug])
            for request, item in zip(created, topics, strict=True)
            for slug in item.skills[:2]
            if slug in skills
        ],
        batch_size=BATCH,
    )
    answers = []
    for request in created:
        for number in range(rng.randint(2, 8)):
            person, organisation, _territory = rng.choices(helpers, weights)[0]
            answers.append(
                Answer(
                    help_request_id=request.pk,
                    author_id=person,
                    organisation_id=organisation,
                    body="Nous avons eu le même problème : voici ce qui a marché chez nous.",
                    is_solution=number == 0 and request.status == HelpRequestStatus.SOLVED,
                    created_at=request.first_answer_at + timedelta(hours=number),
                )
            )
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    people = [person for person, _o, _t in rng.sample(affiliations, 1500)]
    HelperAvailability.objects.bulk_create(
        [
            HelperAvailability(
                person_id=person,
                accepts_requests=rng.random() < 0.5,
                away_until=(now + timedelta(days=10)).date() if rng.random() < 0.5 else None,
            )
            for person in people
        ],
        batch_size=BATCH,
    )
    recent = created[-3000:]
    Solicitation.objects.bulk_create(
        [
            Solicitation(
                help_request_id=request.pk,
                person_id=person,
                score=1.0,
                notified_at=now - timedelta(days=rng.randint(0, 40)),
            )
            for request in recent
            for person, _o, _t in rng.sample(helpers, 5)
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    User.objects.filter(pk__in=[p for p, _o, _t in rng.sample(affiliations, 300)]).update(
        listed_in_directory=False
    )
    return len(answers)


def percentiles(timings: list[float]) -> str:
    cuts = statistics.quantiles(timings, n=100)
    return f"p50 {statistics.median(timings):6.1f} ms   p95 {cuts[94]:6.1f} ms   max {max(timings):6.1f} ms"


def run(arguments: argparse.Namespace) -> None:
    from cordee.accounts.models import User

    rng = random.Random(74300)
    if not (arguments.keep and User.objects.exists()):
        load(arguments, rng)
    time_routing(arguments, rng)
    time_lists(arguments.list_requests)


def load(arguments: argparse.Namespace, rng: random.Random) -> None:
    from django.db import connection

    from cordee.knowledge.search import reindex
    from cordee.network.demo import load_demo, scale_named

    started = time.perf_counter()
    result = load_demo(scale_named(arguments.scale))
    print(
        f"Network: {result.organisations:,} organisations, {result.people:,} people "
        f"in {time.perf_counter() - started:.0f} s"
    )
    started = time.perf_counter()
    make_articles(arguments.articles, rng)
    count = reindex()
    print(f"Articles: {count:,} indexed in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    answers = make_requests(arguments.requests, rng)
    print(
        f"Mutual aid: {arguments.requests:,} past requests, {answers:,} answers "
        f"in {time.perf_counter() - started:.0f} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def time_routing(arguments: argparse.Namespace, rng: random.Random) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cordee.accounts.models import User
    from cordee.knowledge.models import Theme
    from cordee.mutualaid.routing import RoutingQuery, propose_articles, propose_people
    from cordee.network.access import Access
    from cordee.network.models import Affiliation, Skill

    items = json.loads(EVAL_SET.read_text(encoding="utf-8"))
    themes = dict(Theme.objects.values_list("slug", "pk"))
    skills = dict(Skill.objects.values_list("slug", "pk"))
    heads = list(
        Affiliation.objects.current()
        .filter(is_head=True)
        .values_list("person_id", "organisation_id", "organisation__territory_id")
    )
    queries = []
    for item in items:
        person, organisation, territory = rng.choice(heads)
        queries.append(
            RoutingQuery(
                text=f"{item['title']}\n{item['description']}",
                theme_id=themes.get(item["theme"] or ""),
                skill_ids=tuple(skills[slug] for slug in item["skills"]),
                territory_id=territory,
                asker_id=person,
                asker_organisation_id=organisation,
            )
        )
    accesses = {
        query.asker_id: Access.for_user(User.objects.get(pk=query.asker_id)) for query in queries
    }
    # A warm-up, untimed, that counts the SQL queries: recording them inside the timed
    # region would time the recording too.
    people_queries, article_queries = [], []
    for query in queries:
        with CaptureQueriesContext(connection) as captured:
            propose_people(query)
        people_queries.append(len(captured))
        with CaptureQueriesContext(connection) as captured:
            propose_articles(query, access=accesses[query.asker_id])
        article_queries.append(len(captured))
    people_times, article_times, people_cpu, article_cpu = [], [], [], []
    found = 0
    for _ in range(arguments.rounds):
        for query in queries:
            begin, cpu = time.perf_counter(), time.process_time()
            proposals = propose_people(query)
            people_times.append((time.perf_counter() - begin) * 1000)
            people_cpu.append((time.process_time() - cpu) * 1000)
            found += len(proposals)
            begin, cpu = time.perf_counter(), time.process_time()
            propose_articles(query, access=accesses[query.asker_id])
            article_times.append((time.perf_counter() - begin) * 1000)
            article_cpu.append((time.process_time() - cpu) * 1000)
    runs = len(people_times)
    load = os.getloadavg()[0]
    print(
        f"\n{len(queries)} requests × {arguments.rounds} rounds on {connection.vendor}, "
        f"load average {load:.1f} on {os.cpu_count()} CPUs"
    )
    print(
        f"propose_people   wall {percentiles(people_times)}   "
        f"SQL {min(people_queries)}–{max(people_queries)}   "
        f"{found / runs:.1f} people proposed on average"
    )
    # The process's CPU time (SQLite runs in it; PostgreSQL's share is not counted):
    # what a request costs when the machine is not shared.
    print(f"                 CPU  {percentiles(people_cpu)}")
    print(
        f"propose_articles wall {percentiles(article_times)}   "
        f"SQL {min(article_queries)}–{max(article_queries)}"
    )
    print(f"                 CPU  {percentiles(article_cpu)}")


def time_lists(requests: int) -> None:
    """The list pages this data fills, read by a member of the network: they must not
    slow down as the requests, answers and articles pile up."""
    from django.test import Client
    from network import Page, report

    from cordee.accounts.models import User

    pages = [
        Page("help requests", "mutualaid:list", lambda: ["", "?status=solved", "?page=10"]),
        Page("knowledge base", "knowledge:articles", lambda: ["", "?kind=practice", "?page=10"]),
    ]
    client = Client()
    client.force_login(User.objects.get(email="member@example.org"))
    report(client, pages, requests, warm_up=10, heading="list page")


if __name__ == "__main__":
    raise SystemExit(main())
