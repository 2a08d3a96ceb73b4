"""How mutual aid is doing over a period: median time to first answer, share answered
within 48 hours, share solved, share capitalised, by territory and by theme.

Two queries read the period's requests, whatever their number: one aggregate
query counts them by territory and theme, one reads the delays of those that
got an answer. Pure functions then add the cells up by territory, by theme
and overall. Nothing here reads a request's text or its asker.

For funders, :func:`suppress_small_groups` keeps only groups of at least
``MIN_GROUP`` requests (the others are pooled, or left out when even the pool
is too small): a handful of requests in one territory could point at a
discreet asker.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from cordee.knowledge.models import Theme
from cordee.mutualaid.models import UNANSWERED_AFTER, HelpRequest, HelpRequestStatus
from cordee.network.access import WHOLE_NETWORK, Access
from cordee.network.models import Territory

# Funders see no group of fewer requests than this.
MIN_GROUP = 5
ANSWERED_WITHIN_HOURS = UNANSWERED_AFTER.total_seconds() / 3600


# The pure half: cells in, figures out.


@dataclass(frozen=True)
class Cell:
    """The requests of one territory and one theme over the period."""

    territory_id: int | None
    theme_id: int | None
    requests: int
    solved: int
    capitalised: int
    # Hours from asking to the first answer, one per request that got an answer.
    hours_to_first_answer: tuple[float, ...] = ()


@dataclass(frozen=True)
class Figures:
    """The measures of a group of requests (a territory, a theme, all of them)."""

    key: Hashable
    label: str
    requests: int
    answered: int
    answered_within_48h: int
    solved: int
    capitalised: int
    median_hours_to_first_answer: float | None

    @property
    def share_answered_within_48h(self) -> float | None:
        return self.answered_within_48h / self.requests if self.requests else None

    @property
    def share_solved(self) -> float | None:
        return self.solved / self.requests if self.requests else None

    @property
    def share_capitalised(self) -> float | None:
        """Of the solved requests, those turned into a practice sheet."""
        return self.capitalised / self.solved if self.solved else None


def figures_of(key: Hashable, label: str, cells: Iterable[Cell]) -> Figures:
    """The measures of ``cells`` taken together. The median delay is over the requests
    that got an answer; those still waiting count as not answered within 48 hours."""
    cells = list(cells)
    hours = [h for cell in cells for h in cell.hours_to_first_answer]
    return Figures(
        key=key,
        label=label,
        requests=sum(cell.requests for cell in cells),
        answered=len(hours),
        answered_within_48h=sum(1 for h in hours if h <= ANSWERED_WITHIN_HOURS),
        solved=sum(cell.solved for cell in cells),
        capitalised=sum(cell.capitalised for cell in cells),
        median_hours_to_first_answer=statistics.median(hours) if hours else None,
    )


def group_by(
    cells: Iterable[Cell], key: Callable[[Cell], Hashable], label: Callable[[Hashable], str]
) -> list[Figures]:
    """The measures of each group of cells sharing ``key``, most requests first
    (then by label, so the order is stable)."""
    groups: dict[Hashable, list[Cell]] = defaultdict(list)
    for cell in cells:
        groups[key(cell)].append(cell)
    rows = [figures_of(value, label(value), members) for value, members in groups.items()]
    return sorted(rows, key=lambda row: (-row.requests, row.label))


@dataclass(frozen=True)
class Suppressed:
    """Groups as funders see them: those large enough, the small ones pooled."""

    shown: list[Figures]
    pooled: Figures | None
    # Small groups left out altogether (their pool too was too small to show).
    left_out: int

    @property
    def rows(self) -> list[Figures]:
        return self.shown + ([self.pooled] if self.pooled else [])


def suppress_small_groups(
    rows: list[Figures],
    cells_of: Callable[[Hashable], list[Cell]],
    *,
    pooled_label: str,
    minimum: int = MIN_GROUP,
) -> Suppressed:
    """Keep the groups of at least ``minimum`` requests; pool the others into one
    row when the pool reaches ``minimum``, else leave them out."""
    shown = [row for row in rows if row.requests >= minimum]
    small = [row for row in rows if row.requests < minimum]
    pool = [cell for row in small for cell in cells_of(row.key)]
    pooled = figures_of("pooled", pooled_label, pool) if small else None
    if pooled is not None and pooled.requests < minimum:
        return Suppressed(shown, None, left_out=len(small))
    return Suppressed(shown, pooled, left_out=0)


# The Django half: the period's requests, read in a fixed number of queries.


@dataclass(frozen=True)
class Period:
    since: date
    until: date

    @classmethod
    def last_year(cls, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(since=today - timedelta(days=365), until=today)

    def bounds(self) -> tuple[datetime, datetime]:
        start = timezone.make_aware(datetime.combine(self.since, time.min))
        end = timezone.make_aware(datetime.combine(self.until + timedelta(days=1), time.min))
        return start, end


@dataclass
class Measures:
    period: Period
    overall: Figures
    by_territory: list[Figures] = field(default_factory=list)
    by_theme: list[Figures] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)

    def cells_of_territory(self, territory_id: Hashable) -> list[Cell]:
        return [cell for cell in self.cells if cell.territory_id == territory_id]

    def cells_of_theme(self, theme_id: Hashable) -> list[Cell]:
        return [cell for cell in self.cells if cell.theme_id == theme_id]


def funded_requests(access: Access) -> QuerySet[HelpRequest]:
    """Requests whose aggregated measures ``access`` may read as a funder: those of the
    territories they fund, and, for the staff, those they follow."""
    query = Q(pk__in=HelpRequest.objects.managed_by(access).values("pk"))
    for path in access.funder_paths:
        if path == WHOLE_NETWORK:
            return HelpRequest.objects.all()
        query |= Q(territory__path__startswith=path)
    return HelpRequest.objects.filter(query)


def read_cells(requests: QuerySet[HelpRequest], period: Period) -> list[Cell]:
    """The cells of ``requests`` asked within ``period``: two queries."""
    start, end = period.bounds()
    asked = requests.filter(created_at__gte=start, created_at__lt=end).order_by()
    hours: dict[tuple[int | None, int | None], list[float]] = defaultdict(list)
    for territory_id, theme_id, created_at, first_answer_at in asked.filter(
        first_answer_at__isnull=False
    ).values_list("territory_id", "theme_id", "created_at", "first_answer_at"):
        delay = max(timedelta(0), first_answer_at - created_at)
        hours[(territory_id, theme_id)].append(delay.total_seconds() / 3600)
    counts = (
        asked.values("territory_id", "theme_id")
        .annotate(
            requests=Count("pk"),
            solved=Count(
                "pk", filter=Q(status=HelpRequestStatus.SOLVED) | Q(solved_at__isnull=False)
            ),
            capitalised=Count("pk", filter=Q(capitalised_as__isnull=False)),
        )
        .values_list("territory_id", "theme_id", "requests", "solved", "capitalised")
    )
    return [
        Cell(
            territory_id=territory_id,
            theme_id=theme_id,
            requests=requests_count,
            solved=solved,
            capitalised=capitalised,
            hours_to_first_answer=tuple(sorted(hours[(territory_id, theme_id)])),
        )
        for territory_id, theme_id, requests_count, solved, capitalised in counts
    ]


def measure(requests: QuerySet[HelpRequest], period: Period) -> Measures:
    """The measures of ``requests`` (already narrowed to what the reader may measure)
    over ``period``: four queries, whatever the number of requests."""
    cells = read_cells(requests, period)
    territories = dict(
        Territory.objects.filter(pk__in={c.territory_id for c in cells}).values_list("pk", "name")
    )
    themes = {
        theme.pk: theme.name for theme in Theme.objects.filter(pk__in={c.theme_id for c in cells})
    }
    return Measures(
        period=period,
        overall=figures_of("all", gettext("All requests"), cells),
        by_territory=group_by(
            cells,
            lambda cell: cell.territory_id,
            lambda pk: territories.get(pk, gettext("No territory")),
        ),
        by_theme=group_by(
            cells, lambda cell: cell.theme_id, lambda pk: themes.get(pk, gettext("No theme"))
        ),
        cells=cells,
    )
