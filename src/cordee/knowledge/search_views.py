"""The search page: ``/search/?q=...``, with htmx updating the results in place."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from cordee.knowledge.search import Facet, Filters, Results, search
from cordee.knowledge.search_forms import SearchForm
from cordee.knowledge.search_text import MAX_QUERY_CHARS
from cordee.network.access import get_access


def _partial(request: HttpRequest) -> bool:
    htmx: HtmxDetails = request.htmx  # type: ignore[attr-defined]
    return bool(htmx) and not htmx.history_restore_request


def _page_number(value: str | None) -> int:
    try:
        return min(max(1, int(value or 1)), 500)
    except ValueError:
        return 1


def _facet_links(request: HttpRequest, name: str, facets: list[Facet]) -> list[dict[str, Any]]:
    """Each value of a facet as a link that sets it (or clears it, when it is the one in use)."""
    links = []
    current = request.GET.get(name, "")
    for facet in facets:
        query = request.GET.copy()
        query.pop("page", None)
        if facet.value == current:
            query.pop(name, None)
        else:
            query[name] = facet.value
        links.append(
            {
                "label": facet.label,
                "count": facet.count,
                "url": f"?{query.urlencode()}",
                "current": facet.value == current,
            }
        )
    return links


@vary_on_headers("HX-Request")
def search_page(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if len(data.get("q", "")) > MAX_QUERY_CHARS:
        # A pasted page is cut, in the box too.
        data["q"] = data["q"][:MAX_QUERY_CHARS]
    form = SearchForm(data or None)
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if form.is_bound and not cleaned:
        # One bad filter (a wrong date) must not lose the words: search without the filters.
        cleaned = {"q": str(data.get("q", "")).strip()}
    results: Results | None = None
    if cleaned.get("q"):
        results = search(
            access=get_access(request),
            query=cleaned["q"],
            filters=Filters(
                kind=cleaned.get("kind") or "",
                theme=cleaned.get("theme") or "",
                territory=cleaned.get("territory") or "",
                since=cleaned.get("since"),
                until=cleaned.get("until"),
            ),
            page=_page_number(request.GET.get("page")),
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "results": results,
        "query": query.urlencode(),
        "kind_links": _facet_links(request, "kind", results.facets.get("kind", []))
        if results
        else [],
        "theme_links": _facet_links(request, "theme", results.facets.get("theme", []))
        if results
        else [],
        "active_filters": sum(
            1 for name in ("kind", "theme", "territory", "since", "until") if request.GET.get(name)
        ),
    }
    if _partial(request):
        return render(request, "knowledge/_search_results.html", context)
    return render(request, "knowledge/search.html", context)
