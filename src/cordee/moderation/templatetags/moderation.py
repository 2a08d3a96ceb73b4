from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.text import Truncator

from cordee.moderation.registry import kind_of

register = template.Library()


@register.inclusion_tag("moderation/_report_link.html", takes_context=True)
def report_link(context: dict[str, Any], obj: Any) -> dict[str, Any]:
    """A "Report" link under a contribution, for logged-in people other than its author."""
    request = context.get("request")
    user = getattr(request, "user", None)
    kind = kind_of(obj)
    shown = bool(
        kind
        and user is not None
        and user.is_authenticated
        and not obj.is_hidden
        and kind.author(obj) != user
    )
    if not shown or kind is None:
        return {"shown": False}
    return {
        "shown": True,
        "url": reverse("moderation:report", args=[kind.label, obj.pk]),
        # Said to screen readers: which of the many "Report" links of a page this is.
        "what": _hint(obj),
    }


def _hint(obj: Any) -> str:
    """The start of the contribution's own text, read from its loaded fields only (the
    tag runs once per contribution of a list: it must not query)."""
    for name in ("title", "body", "text", "justification"):
        value = vars(obj).get(name)
        if isinstance(value, str) and value.strip():
            return Truncator(value).words(8)
    return ""
