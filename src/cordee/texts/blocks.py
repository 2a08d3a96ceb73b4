"""Pure functions over a text's paragraphs: splitting Markdown into blocks, applying an
amendment, comparing two wordings word by word and two versions paragraph by paragraph.

Nothing here touches the database; a paragraph is a ``(key, body)`` pair whose key
stays the same from one version to the next.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

from markdown_it import MarkdownIt

_parser = MarkdownIt("commonmark", {"html": False})
_parser.enable(["table", "strikethrough"])

# More would be a book, not a text to amend paragraph by paragraph.
MAX_PARAGRAPHS = 1000

Block = tuple[Hashable, str]


def split_blocks(markdown: str) -> list[str]:
    """The top-level Markdown blocks of ``markdown`` (headings, paragraphs, whole lists,
    tables, quotes), each as its source lines, trailing spaces removed."""
    text = (markdown or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    blocks = []
    for token in _parser.parse(text):
        if token.level == 0 and token.map and token.nesting in (0, 1):
            start, end = token.map
            block = "\n".join(line.rstrip() for line in lines[start:end]).strip("\n")
            if block.strip():
                blocks.append(block)
    return blocks


def normalise(body: str) -> str:
    """A paragraph's wording as stored: line endings unified, blank edges removed."""
    return "\n".join(
        line.rstrip() for line in (body or "").replace("\r\n", "\n").split("\n")
    ).strip()


Kind = Literal["replace", "insert", "delete"]


def apply_change(
    blocks: Sequence[Block],
    *,
    kind: Kind,
    anchor: Hashable,
    proposed: str = "",
    new_key: Hashable = None,
) -> list[Block]:
    """``blocks`` with one amendment applied: the ``anchor`` paragraph replaced by
    ``proposed``, deleted, or followed by a new paragraph ``new_key`` saying ``proposed``.

    ``KeyError`` if the anchor is not in ``blocks``.
    """
    keys = [key for key, _body in blocks]
    index = keys.index(anchor) if anchor in keys else None
    if index is None:
        raise KeyError(anchor)
    result = list(blocks)
    if kind == "replace":
        result[index] = (anchor, proposed)
    elif kind == "delete":
        del result[index]
    elif kind == "insert":
        result.insert(index + 1, (new_key, proposed))
    else:
        raise ValueError(f"Unknown kind of amendment: {kind!r}")
    return result


# Word by word.

Operation = Literal["equal", "delete", "insert"]


def _tokens(text: str) -> list[str]:
    return re.findall(r"\s+|[^\s]+", text or "")


def word_diff(older: str, newer: str) -> list[tuple[Operation, str]]:
    """``newer`` against ``older`` as runs of equal, deleted and inserted text: the equal
    and deleted runs make ``older``, the equal and inserted runs make ``newer``."""
    before, after = _tokens(older), _tokens(newer)
    runs: list[tuple[Operation, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation == "equal":
            runs.append(("equal", "".join(after[b_start:b_end])))
            continue
        if operation in ("delete", "replace"):
            runs.append(("delete", "".join(before[a_start:a_end])))
        if operation in ("insert", "replace"):
            runs.append(("insert", "".join(after[b_start:b_end])))
    return runs


# Version against version.

RowStatus = Literal["same", "changed", "added", "removed"]


@dataclass(frozen=True)
class Row:
    key: Hashable
    older: str | None
    newer: str | None

    @property
    def status(self) -> RowStatus:
        if self.older is None:
            return "added"
        if self.newer is None:
            return "removed"
        return "same" if self.older == self.newer else "changed"


def align(older: Sequence[Block], newer: Sequence[Block]) -> list[Row]:
    """Both versions paragraph by paragraph, in the newer one's order, with the paragraphs
    it removed where they stood in the older one.

    Every paragraph of either version appears once; the rows' ``older`` texts make the
    older version and their ``newer`` texts the newer one, in order (amendments never
    move a paragraph; one that moved would show where it now stands).
    """
    old_keys = [key for key, _body in older]
    new_keys = [key for key, _body in newer]
    old_bodies = dict(older)
    new_bodies = dict(newer)
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation == "equal":
            rows.extend(
                Row(key, old_bodies[key], new_bodies[key]) for key in new_keys[b_start:b_end]
            )
            continue
        # A paragraph that moved shows where it now stands; where it stood, nothing.
        rows.extend(
            Row(key, None, None) if key in new_bodies else Row(key, old_bodies[key], None)
            for key in old_keys[a_start:a_end]
        )
        rows.extend(
            Row(key, old_bodies.get(key), new_bodies[key]) for key in new_keys[b_start:b_end]
        )
    return [row for row in rows if not (row.older is None and row.newer is None)]
