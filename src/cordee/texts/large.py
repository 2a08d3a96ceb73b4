"""A large co-written text, for the benchmark and the query-count tests: many paragraphs,
amendments and comments, some amendments accepted through the real workflow."""

from __future__ import annotations

import random
from collections.abc import Sequence

from cordee.accounts.models import User
from cordee.texts.models import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    ParagraphComment,
    Text,
    TextKind,
)
from cordee.texts.services import amendment_answer, amendment_propose, text_create, version_blocks

WORDS = [
    "les",
    "entreprises",
    "signataires",
    "partagent",
    "leurs",
    "pratiques",
    "de",
    "décolletage",
    "et",
    "de",
    "maintenance",
    "préventive",
    "avec",
    "les",
    "adhérents",
    "du",
    "réseau",
    "dans",
    "un",
    "esprit",
    "de",
    "confiance",
    "et",
    "de",
    "réciprocité",
    "chaque",
    "commission",
    "rend",
    "compte",
    "de",
    "ses",
    "travaux",
    "au",
    "conseil",
    "une",
    "fois",
    "par",
    "an",
]


def _sentence(rng: random.Random, words: int = 30) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def build_large_text(
    *,
    author: User,
    people: Sequence[User],
    paragraphs: int = 200,
    amendments: int = 1000,
    comments: int = 500,
    accepted: int = 20,
    seed: int = 2026,
) -> Text:
    """A charter of ``paragraphs`` paragraphs with ``amendments`` amendments (``accepted``
    of them accepted one by one, each making a version) and ``comments`` comments."""
    rng = random.Random(seed)
    markdown = "\n\n".join(
        f"## Article {index // 4 + 1}" if index % 4 == 0 else _sentence(rng)
        for index in range(paragraphs)
    )
    text = text_create(
        text=Text(title=f"Charte de {paragraphs} paragraphes", kind=TextKind.CHARTER),
        markdown=markdown,
        by=author,
    )
    for _ in range(min(accepted, amendments)):
        text.refresh_from_db()
        state = rng.choice(version_blocks(text.current_version))
        amendment = amendment_propose(
            text=text,
            paragraph=state.paragraph,
            kind=AmendmentKind.REPLACE,
            proposed=state.body + " " + _sentence(rng, 5),
            justification=_sentence(rng, 10),
            base_version=text.current_version,
            by=rng.choice(people),
        )
        amendment_answer(amendment=amendment, accept=True, answer=_sentence(rng, 8), by=author)
    text.refresh_from_db()
    states = version_blocks(text.current_version)
    statuses = [AmendmentStatus.PENDING, AmendmentStatus.PENDING, AmendmentStatus.REJECTED]
    rows = []
    for _ in range(amendments - min(accepted, amendments)):
        state = rng.choice(states)
        status = rng.choice(statuses)
        rows.append(
            Amendment(
                text=text,
                paragraph=state.paragraph,
                kind=AmendmentKind.REPLACE,
                base_version=text.current_version,
                base_body=state.body,
                proposed=state.body.replace("réseau", "réseau régional", 1)
                + " "
                + _sentence(rng, 6),
                justification=_sentence(rng, 12),
                author=rng.choice(people),
                status=status,
                answer=_sentence(rng, 8) if status == AmendmentStatus.REJECTED else "",
                answered_by=author if status == AmendmentStatus.REJECTED else None,
            )
        )
    Amendment.objects.bulk_create(rows, batch_size=500)
    ParagraphComment.objects.bulk_create(
        (
            ParagraphComment(
                text=text,
                paragraph=rng.choice(states).paragraph,
                version=text.current_version,
                author=rng.choice(people),
                body=_sentence(rng, 20),
            )
            for _ in range(comments)
        ),
        batch_size=500,
    )
    return text
