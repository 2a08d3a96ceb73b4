"""French text for search: normalisation, stemming, typo correction and snippets.

Pure functions, no Django import. The same normalisation feeds the index and
the query, so "Décolletage", "decolletage" and "DÉCOLLETAGES" meet on one
term, and "usinage" and "usiner" on one stem.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# Beyond this a query is not a search but a paste: cut it, never fail on it.
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 12

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})

# Frequent French words that say nothing about the topic (written without accents,
# as they are compared after normalisation).
_STOP_WORDS = """
    a ai au aux avec c ce ces cet cette d dans de des du elle en et est etre il ils j je l la le
    les leur leurs lui m ma mais me meme mes moi mon n ne nos notre nous on ou par pas pour qu que
    qui s sa se ses son sont sur t ta te tes toi ton tu un une vos votre vous y comment quoi quel
    quelle quels quelles faire fait peut plus tres sans sous entre chez donc car si
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_stemmer = snowballstemmer.stemmer("french")


def normalise(text: str) -> str:
    """Lowercase, without accents or ligatures: the form every comparison uses."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES).lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The normalised words of ``text`` ("l'usure" gives "l" and "usure")."""
    return _WORD.findall(normalise(text))


# Snowball leaves the nouns of action and of agent apart from their verb
# ("usinage" gives "usinag", "usiner" gives "usin"); these endings are taken
# off its stems so that they meet. Longest first.
_DERIVATIONS = ("ateur", "atric", "eur", "eus", "ag")
_SHORTEST_ROOT = 3


def derive(snowball_stem: str) -> str:
    """The root of a Snowball stem: "usinag" and "usin" both give "usin"."""
    for ending in _DERIVATIONS:
        if snowball_stem.endswith(ending) and len(snowball_stem) - len(ending) >= _SHORTEST_ROOT:
            return snowball_stem[: -len(ending)]
    return snowball_stem


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The French stem of a normalised word: Snowball, then :func:`derive`."""
    return derive(str(_stemmer.stemWord(word)))


def index_text(text: str) -> str:
    """What the index stores for ``text``: its stems, space-separated, stop words kept out."""
    return " ".join(stem(word) for word in words(text) if word not in STOP_WORDS)


@dataclass(frozen=True)
class QueryTerm:
    word: str  # normalised, as typed (or as corrected)
    stem: str


def parse_query(query: str) -> list[QueryTerm]:
    """The terms worth searching for in what a person typed.

    Operators, quotes and punctuation are dropped: only words remain, so no
    input reaches the database as syntax. Long input is cut.
    """
    terms: list[QueryTerm] = []
    seen: set[str] = set()
    for word in words(query[:MAX_QUERY_CHARS]):
        if word in STOP_WORDS or len(word) > 40:
            continue
        term_stem = stem(word)
        if term_stem in seen:
            continue
        seen.add(term_stem)
        terms.append(QueryTerm(word, term_stem))
        if len(terms) == MAX_QUERY_TERMS:
            break
    return terms


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count once), or ``limit + 1``
    as soon as it is known to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def allowed_typos(word: str) -> int:
    """Short words are too easily mistaken for others: 1 typo from 4 letters, 2 from 8."""
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


def closest_word(word: str, vocabulary: Iterable[str]) -> str | None:
    """The vocabulary word nearest to ``word`` within its allowed typos; ties go to
    the word of closest length, then alphabetical order (so the answer is stable)."""
    limit = allowed_typos(word)
    if limit == 0:
        return None
    best: tuple[int, int, str] | None = None
    letters = set(word)
    for candidate in vocabulary:
        if candidate == word:
            return candidate
        # Each typo changes at most two of the letters the words do not share: a cheap
        # bound that spares most of the vocabulary the full distance.
        if len(letters.symmetric_difference(candidate)) > 2 * limit:
            continue
        distance = edit_distance(word, candidate, limit)
        if distance > limit:
            continue
        key = (distance, abs(len(candidate) - len(word)), candidate)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def candidate_bounds(word: str) -> tuple[str, int, int]:
    """The cheap prefilter for :func:`closest_word`: same first letter, length within
    the allowed typos. Returns (first letter, shortest, longest)."""
    limit = allowed_typos(word)
    return word[:1], max(1, len(word) - limit), len(word) + limit


# Snippets are looked for in the first 300 words or so of a text: a snippet is a few
# lines, and reading more cost search about 2 ms a page.
SNIPPET_SCAN_CHARS = 2_000


@lru_cache(maxsize=65536)
def _token_stem(token: str) -> str:
    """The stem of a word as written in a text; empty for a stop word."""
    word = normalise(token)
    return "" if word in STOP_WORDS else stem(word)


def highlight(text: str, stems: Iterable[str], *, length: int = 240) -> str:
    """An HTML snippet of ``text``: the passage with the most matching words, escaped,
    with the matches wrapped in ``<mark>``.

    Everything from ``text`` is escaped first; the only markup in the result is
    the ``<mark>`` this function adds.
    """
    wanted = set(stems)
    # The passage is looked for in the beginning of long texts only: snippets stay fast.
    text = " ".join(text[:SNIPPET_SCAN_CHARS].split())
    # The words of the text that match, each looked at once; then where they are.
    matching = {token for token in set(_WORD.findall(text)) if _token_stem(token) in wanted}
    matches = (
        [m.span() for m in _occurrences(frozenset(matching)).finditer(text)] if matching else []
    )
    start = 0
    if matches:
        # The window of ``length`` characters that covers the most matches.
        best_count, best_start, last = 0, matches[0][0], 0
        for index, (first, _) in enumerate(matches):
            # ``last`` only moves forward: the window ends where the matches stop fitting.
            last = max(last, index)
            while last < len(matches) and matches[last][0] < first + length:
                last += 1
            if last - index > best_count:
                best_count, best_start = last - index, first
        start = max(0, best_start - length // 4)
        # Begin at a word boundary.
        if start:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space != -1 else 0
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    pieces = ["…" if start else ""]
    cursor = start
    for first, last in matches:
        if first < start or last > end:
            continue
        pieces.append(html.escape(text[cursor:first]))
        pieces.append(f"<mark>{html.escape(text[first:last])}</mark>")
        cursor = last
    pieces.append(html.escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return "".join(pieces)


@lru_cache(maxsize=1024)
def _occurrences(tokens: frozenset[str]) -> re.Pattern[str]:
    """Where ``tokens`` stand as whole words (as :data:`_WORD` cuts them): one regular
    expression finds them all, faster than looking at every word of the text."""
    alternatives = "|".join(re.escape(token) for token in sorted(tokens, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


def plain_text(markdown: str) -> str:
    """Markdown as plain text for snippets: markup characters dropped, words kept."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(?m)^\s*>+", " ", text)
    text = re.sub(r"[#*_`|~]+", " ", text)
    return " ".join(text.split())
