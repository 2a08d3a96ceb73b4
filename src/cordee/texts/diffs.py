"""Word-level differences as HTML: every piece of text escaped, every change announced in
words (colour is never the only sign)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cordee.texts.blocks import word_diff


def _deleted(text: str) -> str:
    label = escape(_("removed:"))
    return f'<del><span class="visually-hidden">[{label}] </span>{escape(text)}</del>'


def _inserted(text: str) -> str:
    label = escape(_("added:"))
    return f'<ins><span class="visually-hidden">[{label}] </span>{escape(text)}</ins>'


def inline_diff(older: str, newer: str) -> SafeString:
    """One wording: removed words struck through, added ones underlined, in place."""
    parts = []
    for operation, text in word_diff(older, newer):
        if operation == "equal":
            parts.append(escape(text))
        elif operation == "delete":
            parts.append(_deleted(text))
        else:
            parts.append(_inserted(text))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped


def side_by_side(older: str, newer: str) -> tuple[SafeString, SafeString]:
    """The older wording with its removed words marked, and the newer with its added ones."""
    left, right = [], []
    for operation, text in word_diff(older, newer):
        if operation == "equal":
            left.append(escape(text))
            right.append(escape(text))
        elif operation == "delete":
            left.append(_deleted(text))
        else:
            right.append(_inserted(text))
    return (
        mark_safe("".join(left)),  # noqa: S308 - every piece of text is escaped
        mark_safe("".join(right)),  # noqa: S308
    )
