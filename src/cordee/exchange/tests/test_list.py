"""The list of offers and needs: who sees what, the filters, a constant number of queries;
the staff's activity figures; what the exchange holds about a person."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cordee.exchange.models import Listing, Match
from cordee.exchange.personal_data import erase_exchange, export_exchange
from cordee.exchange.services import contact_answer, contact_ask
from cordee.network.access import Access
from cordee.network.models import Skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(network, head, lacroix_head, post):
    today = timezone.localdate()
    return {
        "lathe": post(
            head,
            network.bouvier,
            "offer",
            "Tour multibroche 8 broches",
            skill=Skill.objects.get(slug="decolletage-multibroches"),
        ),
        "cmm": post(
            lacroix_head,
            network.lacroix,
            "need",
            "Machine à mesurer tridimensionnelle",
            kind="equipment",
            starts_on=today + timedelta(days=40),
            ends_on=today + timedelta(days=50),
        ),
        "local": post(
            lacroix_head,
            network.lacroix,
            "offer",
            "Régleur décolletage",
            kind="staff",
            unit="people",
            quantity=1,
            shared_staff=True,
            visibility="territory",
        ),
    }


def titles(response):
    return {listing.title for listing in response.context["page"].object_list}


def test_members_see_the_network_and_their_territory(client_as, listings):
    arve = client_as("member")
    assert titles(arve.get(reverse("exchange:list"))) == {
        "Tour multibroche 8 broches",
        "Machine à mesurer tridimensionnelle",
    }
    # A territory-only offer is not even reachable outside its territory.
    assert arve.get(listings["local"].get_absolute_url()).status_code == 404
    annecy = client_as("expert")
    assert "Régleur décolletage" in titles(annecy.get(reverse("exchange:list")))
    assert annecy.get(listings["local"].get_absolute_url()).status_code == 200


def test_funders_and_lapsed_members_do_not_see_the_exchange(client_as, listings):
    for persona in ("funder", "outsider"):
        client = client_as(persona)
        assert client.get(reverse("exchange:list")).status_code == 403
        assert client.get(listings["lathe"].get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "query, expected",
    [
        ("kind=equipment", {"Machine à mesurer tridimensionnelle"}),
        ("side=offer", {"Tour multibroche 8 broches"}),
        ("territory=annecy", {"Machine à mesurer tridimensionnelle"}),
        (
            "territory=haute-savoie",
            {"Tour multibroche 8 broches", "Machine à mesurer tridimensionnelle"},
        ),
        ("skill=decolletage-multibroches", {"Tour multibroche 8 broches"}),
        ("q=tridimensionnelle", {"Machine à mesurer tridimensionnelle"}),
        (
            "available_until=" + (timezone.localdate() + timedelta(days=35)).isoformat(),
            {"Tour multibroche 8 broches"},
        ),
        (
            "available_from=" + (timezone.localdate() + timedelta(days=45)).isoformat(),
            {"Machine à mesurer tridimensionnelle"},
        ),
    ],
)
def test_filters_narrow_the_list(client_as, listings, query, expected):
    assert titles(client_as("member").get(reverse("exchange:list") + "?" + query)) == expected


def test_a_bad_filter_is_named_and_the_good_ones_still_apply(client_as, listings):
    response = client_as("member").get(
        reverse("exchange:list") + "?kind=equipment&territory=atlantis&available_from=31/02"
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"territory", "available_from"}
    assert titles(response) == {"Machine à mesurer tridimensionnelle"}


def test_the_results_alone_answer_htmx(client_as, listings):
    response = client_as("member").get(reverse("exchange:list"), HTTP_HX_REQUEST="true")
    assert next(t.name for t in response.templates) == "exchange/_results.html"


def test_the_list_takes_the_same_number_of_queries_whatever_its_length(
    client_as, network, head, post
):
    client = client_as("member")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("exchange:list")).status_code == 200
        return len(queries)

    post(head, network.bouvier, "offer", "Tour 1")
    few = count()
    for number in range(2, 15):
        post(head, network.bouvier, "offer", f"Tour {number}", skill=Skill.objects.first())
    assert count() == few


def test_staff_see_the_activity_of_their_territory(
    client_as, network, listings, head, lacroix_head, post
):
    need = post(head, network.bouvier, "need", "Rectifieuse")
    offer = post(lacroix_head, network.lacroix, "offer", "Rectifieuse plane")
    contact = contact_ask(
        match=Match.objects.get(need=need, offer=offer),
        asked_from=need,
        by=head,
        access=Access.for_user(head),
    )
    contact_answer(
        contact=contact, accept=True, by=lacroix_head, access=Access.for_user(lacroix_head)
    )
    coordinator = client_as("coordinator")
    response = coordinator.get(reverse("exchange:activity"))
    assert response.context["territory"] == network.arve
    figures = response.context["figures"]
    # Bouvier's offer and need are in the Arve valley; Lacroix's are not, but its match is.
    assert (figures["offers"], figures["needs"], figures["matches"]) == (1, 1, 1)
    assert (figures["contacts_asked"], figures["contacts_made"]) == (1, 1)
    assert "Contacts made (accepted)" in response.content.decode()
    # The whole network's staff see the region by default: everything.
    figures = client_as("staff").get(reverse("exchange:activity")).context["figures"]
    assert (figures["offers"], figures["needs"], figures["matches"]) == (3, 2, 1)
    # The Arve coordinator cannot ask for another territory.
    today = timezone.localdate().isoformat()
    response = coordinator.get(
        reverse("exchange:activity") + f"?territory=annecy&start={today}&end={today}"
    )
    assert "territory" in response.context["form"].errors and response.context["figures"] is None


def test_personal_data_is_exported_and_erased(network, head, lacroix_head, listings, post):
    need = post(head, network.bouvier, "need", "Rectifieuse")
    offer = post(lacroix_head, network.lacroix, "offer", "Rectifieuse plane")
    made = Match.objects.get(need=need, offer=offer)
    contact = contact_ask(
        match=made, asked_from=need, message="Bonjour", by=head, access=Access.for_user(head)
    )
    contact_answer(
        contact=contact, accept=True, by=lacroix_head, access=Access.for_user(lacroix_head)
    )
    data = export_exchange(head)
    assert {item["title"] for item in data["posted"]} == {
        "Tour multibroche 8 broches",
        "Rectifieuse",
    }
    assert data["contacts"][0]["message"] == "Bonjour"
    assert export_exchange(lacroix_head)["contacts"][0]["message"] == ""
    erase_exchange(head)
    assert not Listing.objects.filter(created_by=head).exists()
    contact.refresh_from_db()
    assert contact.asked_by is None and contact.message == ""
    # The offers and needs stay: they belong to the organisation.
    assert Listing.objects.filter(organisation=network.bouvier).count() == 2


def test_a_hidden_listing_leaves_the_list_and_its_organisation_sees_why(
    client_as, network, listings, staff
):
    from cordee.moderation.models import Moderated

    lathe = listings["lathe"]
    member_page = client_as("member").get(lathe.get_absolute_url()).content.decode()
    assert "Report" in member_page
    Listing.objects.filter(pk=lathe.pk).update(
        hidden_at=timezone.now(), hidden_reason="Annonce commerciale", hidden_by=staff
    )
    assert isinstance(lathe, Moderated)
    member = client_as("member")
    assert "Tour multibroche 8 broches" not in titles(member.get(reverse("exchange:list")))
    assert member.get(lathe.get_absolute_url()).status_code == 404
    page = client_as("head").get(lathe.get_absolute_url()).content.decode()
    assert "Hidden by the moderators: Annonce commerciale" in page
