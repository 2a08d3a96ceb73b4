"""``{% load decisions %}{% decisions_from obj %}``: the decisions taken from a meeting,
a consultation, a text or a vote, as its page shows them. One query."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models

from cordee.decisions.models import Decision
from cordee.decisions.origins import origin_key
from cordee.network.access import Access, get_access

register = template.Library()


@register.inclusion_tag("decisions/_decisions_from.html", takes_context=True)
def decisions_from(
    context: dict[str, Any], obj: models.Model, record: bool = True
) -> dict[str, Any]:
    """The decisions the person may see that come from ``obj``; with ``record`` (the
    default), a link for the staff to record one."""
    request = context.get("request")
    access = get_access(request) if request is not None else Access.anonymous()
    decisions = list(Decision.objects.visible_to(access).for_origin(obj).select_related("body"))
    return {
        "decisions": decisions,
        "origin_key": origin_key(obj),
        "may_record": record and access.is_staff,
    }
