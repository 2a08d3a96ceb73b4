"""Query building blocks shared by the apps."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(related: QuerySet, field: str) -> Coalesce:
    """How many rows of ``related`` point at the outer row through ``field``, for
    ``annotate``: ``count_of(Reaction.objects.all(), "article")``.

    A correlated subquery, not ``Count`` over a join: a join makes the database group
    every row of a list before it can sort it and keep one page, so a long list got
    slower with its length. The subquery counts for the rows of the page only.
    """
    rows = related.filter(**{field: OuterRef("pk")}).order_by()
    return Coalesce(Subquery(rows.values(field).annotate(n=Count("pk")).values("n")[:1]), 0)
