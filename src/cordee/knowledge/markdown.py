"""Articles are written in Markdown; what reaches the page is rendered, then sanitised.

Raw HTML in the Markdown is rendered as text by markdown-it, and nh3 then keeps
only a safe subset of tags: no script, style, event handler or ``javascript:``
link can reach a reader, whatever an author (or an imported archive) wrote.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "caption",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "ins",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"style"},
    "th": {"style", "scope"},
    "ol": {"start"},
}
# markdown-it aligns table cells with a style attribute: keep that and only that.
ALLOWED_STYLES = {"text-align"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# "html": False renders raw HTML as text; the article's title is its only <h1>.
_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_parser.enable(["table", "strikethrough"])


def render_markdown(text: str) -> SafeString:
    """The HTML of ``text`` (Markdown), safe to put in a page."""
    html = _parser.render(text or "")
    # Headings move one level down: the page's <h1> is the article's title.
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    return mark_safe(sanitise_html(html))  # noqa: S308 - sanitised just above


def sanitise_html(html: str) -> str:
    """Keep only the allowed tags and attributes; links open nothing and pass no rank."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        filter_style_properties=ALLOWED_STYLES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    )


def plain_text(text: str) -> str:
    """The words of ``text`` (Markdown) without any markup, e.g. for a summary or search."""
    return nh3.clean(_parser.render(text or ""), tags=set()).strip()


# Comparing two revisions


def diff_html(older: str, newer: str) -> SafeString:
    """``newer`` against ``older``, word by word, line breaks kept: added words in <ins>,
    removed ones in <del>, each announced in words so that colour is never the only sign."""
    import difflib
    import re

    from django.utils.html import escape
    from django.utils.translation import gettext as _

    def tokens(text: str) -> list[str]:
        return re.findall(r"\s+|[^\s]+", text or "")

    before, after = tokens(older), tokens(newer)
    added, removed = escape(_("added:")), escape(_("removed:"))
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation == "equal":
            parts.append(escape("".join(after[b_start:b_end])))
            continue
        if operation in ("delete", "replace"):
            text = escape("".join(before[a_start:a_end]))
            parts.append(f'<del><span class="visually-hidden">[{removed}] </span>{text}</del>')
        if operation in ("insert", "replace"):
            text = escape("".join(after[b_start:b_end]))
            parts.append(f'<ins><span class="visually-hidden">[{added}] </span>{text}</ins>')
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped
