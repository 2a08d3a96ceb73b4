from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cordee.label.models import Assessment
from cordee.label.tests.conftest import fill, submitted
from cordee.network.identifiers import make_siret
from cordee.network.models import Organisation

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _peers(campaign, network, count: int, levels=(2, 3, 4, 5)) -> None:
    for number in range(count):
        siret = make_siret(74100000 + number)
        organisation = Organisation.objects.create(
            slug=f"pair-{number}",
            legal_name=f"Pair {number}",
            siren=siret[:9],
            siret=siret,
            size_band="small",
            commune=network.cluses,
        )
        submitted(campaign, organisation, list(levels))


@pytest.fixture
def mine(label) -> Assessment:
    fill(label.assessment, [4, 1, 3, 5])
    label.assessment.status = Assessment.Status.SUBMITTED
    label.assessment.save()
    return label.assessment


def _page(client, assessment, **params) -> str:
    url = reverse("label:benchmark", args=[assessment.public_id])
    return client.get(url, params, **EN).content.decode()


def test_a_group_of_four_companies_never_shows_an_aggregate(mine, network, client_as):
    _peers(mine.campaign, network, 4)
    page = _page(client_as("head"), mine)
    assert "Not enough companies to compare (at least 5)" in page
    assert page.count("not enough companies to compare (at least 5)") == 4
    assert "Dashed line" not in page
    assert "stroke-dasharray" not in page


def test_a_group_of_five_companies_shows_the_median_on_the_radar_and_in_the_table(
    mine, network, client_as
):
    _peers(mine.campaign, network, 5)
    page = _page(client_as("head"), mine)
    assert 'role="img"' in page and "<title" in page
    assert "stroke-dasharray" in page
    assert "<td>2.0</td>" in page and "<td>5.0</td>" in page
    assert "Not enough companies" not in page


def test_the_company_is_not_counted_among_its_own_peers(mine, network, client_as):
    # Four others and the company itself make five, but its peers are only four.
    _peers(mine.campaign, network, 4)
    assert "Not enough companies" in _page(client_as("head"), mine)


def test_drafts_do_not_count_among_peers(mine, network, client_as):
    _peers(mine.campaign, network, 5)
    Assessment.objects.filter(organisation__slug="pair-0").update(status="draft")
    assert "Not enough companies" in _page(client_as("head"), mine)


def test_the_size_group_compares_with_companies_of_the_same_size(mine, network, client_as):
    _peers(mine.campaign, network, 5)
    Organisation.objects.filter(slug__startswith="pair-").update(size_band="medium")
    assert "Not enough companies" in _page(client_as("head"), mine, group="size")
    assert "Not enough companies" not in _page(client_as("head"), mine)


def test_the_progression_shows_each_campaign_of_the_company(mine, network, client_as):
    from cordee.label.models import Campaign

    earlier = Campaign.objects.create(
        name="Label 2025", year=2025, framework=mine.campaign.framework, closes_on=date(2025, 12, 1)
    )
    submitted(earlier, network.bouvier, [1, 1, 2, 2])
    page = _page(client_as("head"), mine)
    assert "Label 2025" in page and "Label 2026" in page
    assert page.index("Label 2025") < page.rindex("Label 2026")


def test_the_benchmark_page_costs_the_same_queries_whatever_the_group_size(
    mine, network, client_as, django_assert_max_num_queries
):
    client = client_as("head")
    _peers(mine.campaign, network, 5)
    _page(client, mine)
    with django_assert_max_num_queries(25) as few:
        _page(client, mine)
    _peers_more = 10
    for number in range(_peers_more):
        siret = make_siret(74200000 + number)
        organisation = Organisation.objects.create(
            slug=f"autre-{number}",
            legal_name=f"Autre {number}",
            siren=siret[:9],
            siret=siret,
            size_band="small",
            commune=network.cluses,
        )
        submitted(mine.campaign, organisation, [3, 3, 3, 3])
    with django_assert_max_num_queries(len(few.captured_queries)):
        _page(client, mine)


def test_the_export_of_a_group_of_four_holds_no_aggregate(mine, network, client_as):
    _peers(mine.campaign, network, 4)
    url = reverse("label:benchmark_export", args=[mine.public_id])
    text = client_as("head").get(url, **EN).content.decode("utf-8-sig")
    assert text.count("not enough companies to compare (at least 5)") == 4
    assert "2.0" not in text


def test_the_export_of_a_group_of_five_holds_the_medians(mine, network, client_as):
    _peers(mine.campaign, network, 5)
    url = reverse("label:benchmark_export", args=[mine.public_id])
    text = client_as("head").get(url, **EN).content.decode("utf-8-sig")
    assert "not enough" not in text
    assert "2,0" in text or "2.0" in text
