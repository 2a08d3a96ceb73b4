"""Measures of mutual aid: the arithmetic on its own, then the pages of the staff and funders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from cordee.knowledge.models import Article, Theme
from cordee.mutualaid.measures import (
    MIN_GROUP,
    Cell,
    Period,
    figures_of,
    group_by,
    measure,
    suppress_small_groups,
)
from cordee.mutualaid.models import HelpRequest, HelpRequestStatus

# The arithmetic.


def test_figures_of_a_group_of_requests():
    cells = [
        Cell(1, None, requests=3, solved=2, capitalised=1, hours_to_first_answer=(2.0, 50.0)),
        Cell(1, 7, requests=1, solved=0, capitalised=0, hours_to_first_answer=(10.0,)),
    ]
    figures = figures_of("arve", "Arve", cells)
    assert figures.requests == 4
    assert figures.answered == 3
    assert figures.median_hours_to_first_answer == 10.0
    # The request never answered counts as not answered within 48 hours.
    assert figures.share_answered_within_48h == 2 / 4
    assert figures.share_solved == 2 / 4
    assert figures.share_capitalised == 1 / 2


def test_nothing_to_measure_gives_no_share_rather_than_zero():
    figures = figures_of("all", "All", [])
    assert figures.requests == 0
    assert figures.median_hours_to_first_answer is None
    assert figures.share_solved is None
    assert figures.share_capitalised is None


cells = st.lists(
    st.builds(
        Cell,
        territory_id=st.sampled_from([1, 2, 3, None]),
        theme_id=st.sampled_from([10, 11, None]),
        requests=st.integers(1, 9),
        solved=st.just(0),
        capitalised=st.just(0),
    ),
    max_size=12,
)


@given(cells)
def test_groups_add_up_to_the_whole(cells):
    rows = group_by(cells, lambda cell: cell.territory_id, str)
    assert sum(row.requests for row in rows) == sum(cell.requests for cell in cells)
    assert [row.requests for row in rows] == sorted((row.requests for row in rows), reverse=True)


@given(cells)
def test_funders_never_see_a_group_of_fewer_than_five_requests(cells):
    rows = group_by(cells, lambda cell: cell.territory_id, str)
    kept = suppress_small_groups(
        rows, lambda key: [c for c in cells if c.territory_id == key], pooled_label="Other"
    )
    assert all(row.requests >= MIN_GROUP for row in kept.rows)
    small = [row for row in rows if row.requests < MIN_GROUP]
    pooled = kept.pooled.requests if kept.pooled else 0
    assert pooled == (sum(row.requests for row in small) if not kept.left_out else 0)
    assert kept.left_out in (0, len(small))


# The network's requests.


def ask(organisation, *, title="Demande", theme=None, hours=None, days_ago=10, **fields):
    asked = timezone.now() - timedelta(days=days_ago)
    return HelpRequest.objects.create(
        title=title,
        description="Un texte qui ne doit jamais apparaître dans les mesures.",
        organisation=organisation,
        territory=organisation.territory,
        theme=theme,
        created_at=asked,
        first_answer_at=asked + timedelta(hours=hours) if hours is not None else None,
        **fields,
    )


@pytest.fixture
def requests(network, staff):
    innovation = Theme.objects.get(slug="innovation")
    sheet = Article.objects.create(slug="fiche", title="Fiche")
    made = [
        ask(network.bouvier, title="Secret de Bouvier", theme=innovation, hours=5),
        ask(
            network.bouvier,
            theme=innovation,
            hours=30,
            status=HelpRequestStatus.SOLVED,
            solved_at=timezone.now(),
            capitalised_as=sheet,
        ),
        ask(network.arvis, hours=60, status=HelpRequestStatus.SOLVED, solved_at=timezone.now()),
        ask(network.arvis),
        ask(network.arvis, hours=1),
        ask(network.arvis, hours=2, days_ago=400),  # before the period
        ask(network.lacroix, title="Secret de Lacroix", hours=3, is_discreet=True),
    ]
    return made


def test_measures_of_the_period_by_territory_and_theme(network, requests):
    found = measure(HelpRequest.objects.all(), Period.last_year())
    assert found.overall.requests == 6
    assert found.overall.median_hours_to_first_answer == 5.0
    assert found.overall.answered_within_48h == 4
    assert (found.overall.solved, found.overall.capitalised) == (2, 1)
    assert [(row.label, row.requests) for row in found.by_territory] == [
        ("Vallée de l'Arve", 5),
        ("Bassin annécien", 1),
    ]
    assert [(row.label, row.requests) for row in found.by_theme] == [
        ("No theme", 4),
        ("Innovation", 2),
    ]


def test_measures_take_as_many_queries_for_many_requests_as_for_few(network, requests):
    def count():
        with CaptureQueriesContext(connection) as captured:
            measure(HelpRequest.objects.all(), Period.last_year())
        return len(captured)

    few = count()
    theme = Theme.objects.get(slug="rse")
    for number in range(20):
        ask(network.dormant, theme=theme, hours=number)
    assert count() == few


# The pages.


def test_coordinator_sees_the_measures_of_their_territory_only(client_as, requests):
    response = client_as("coordinator").get(reverse("mutualaid:measures"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vallée de l&#x27;Arve" in page
    assert "Bassin annécien" not in page
    assert "<td>5</td>" in page
    assert "Secret de Bouvier" not in page


def test_staff_choose_the_period(client_as, requests):
    today = timezone.localdate()
    url = reverse("mutualaid:measures")
    response = client_as("staff").get(
        url, {"since": (today - timedelta(days=500)).isoformat(), "until": today.isoformat()}
    )
    assert "<td>7</td>" in response.content.decode()


def test_a_period_ending_before_it_starts_is_refused_with_a_message(client_as, requests):
    response = client_as("staff").get(
        reverse("mutualaid:measures"), {"since": "2026-05-01", "until": "2026-04-01"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The period ends before it starts: choose an end date after 01/05/2026." in page
    assert 'value="2026-04-01"' in page


def test_funders_see_no_small_group_and_nothing_of_a_request(client_as, network, requests):
    response = client_as("funder").get(reverse("mutualaid:measures_funders"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vallée de l&#x27;Arve" in page
    # One request in the Bassin annécien: left out, and the whole with it.
    assert "Bassin annécien" not in page
    assert "1 group with too few requests is not shown." in page
    assert "All requests" not in page
    for text in ("Secret", "Lacroix", "Bouvier", "ne doit jamais"):
        assert text not in page


def test_funders_see_small_groups_pooled_when_the_pool_is_large_enough(
    client_as, network, requests
):
    innovation = Theme.objects.get(slug="innovation")
    for _ in range(3):
        ask(network.dormant, hours=4)  # the Chablais: 3 requests, with the Bassin annécien's 2
    ask(network.lacroix, hours=2, theme=innovation)
    ask(network.arvis, hours=1, theme=innovation)
    ask(network.arvis, hours=1, theme=innovation)
    page = client_as("funder").get(reverse("mutualaid:measures_funders")).content.decode()
    assert "<em>Other territories</em>" in page
    assert "Bassin annécien" not in page
    assert "Chablais" not in page
    assert "All requests" in page


def test_funder_page_takes_as_many_queries_for_many_requests(
    client_as, network, requests, django_assert_max_num_queries
):
    client = client_as("funder")
    url = reverse("mutualaid:measures_funders")
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    for number in range(15):
        ask(network.dormant, hours=number, theme=Theme.objects.get(slug="management"))
    with django_assert_max_num_queries(len(captured)):
        client.get(url)
