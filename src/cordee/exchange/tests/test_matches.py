"""Needs matched to offers in the database, both sides told, and getting in touch only by
mutual consent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cordee.audit.models import AuditEvent
from cordee.exchange.models import Contact, Listing, Match
from cordee.exchange.services import listings_expire_due
from cordee.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(network, lacroix_head, post):
    return post(
        lacroix_head,
        network.lacroix,
        "offer",
        "Rectifieuse cylindrique Studer",
        description="Disponible en équipe de nuit.",
    )


@pytest.fixture
def need(network, head, offer, post, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return post(head, network.bouvier, "need", "Rectifieuse cylindrique")


def test_a_need_posted_finds_the_offer_and_both_sides_are_told(need, offer, head, lacroix_head):
    made = Match.objects.get()
    assert (made.need, made.offer) == (need, offer)
    assert [reason["code"] for reason in made.reasons] == [
        "words",
        "dates",
        "quantity_full",
        "territory",
    ]
    told_head = Notification.objects.get(recipient=head, kind="exchange.matched")
    assert told_head.title == "1 offer matches your need: Rectifieuse cylindrique"
    assert told_head.url == need.get_absolute_url()
    told_offer = Notification.objects.get(recipient=lacroix_head, kind="exchange.matched")
    assert told_offer.title == "A need matches your offer: Rectifieuse cylindrique Studer"
    assert "Décolletage Bouvier needs Rectifieuse cylindrique" in told_offer.body
    assert told_offer.url == offer.get_absolute_url()


def test_the_page_of_a_need_shows_its_matches_with_reasons(client_as, need, offer):
    page = client_as("head").get(need.get_absolute_url()).content.decode()
    assert "Offers that match (1)" in page
    assert "Rectifieuse cylindrique Studer" in page
    assert "Same words: cylindrique, rectifieuse" in page
    assert "Neighbouring territory: Bassin annécien" in page
    assert "The offer covers the whole need: 40 hours" in page


def test_a_closed_offer_no_longer_shows_nor_matches_again(
    client_as, need, offer, head, post, network
):
    offer.end(Listing.Status.CLOSED)
    page = client_as("head").get(need.get_absolute_url()).content.decode()
    assert "Offers that match (0)" in page
    post(head, network.bouvier, "need", "Rectifieuse cylindrique, 2e poste")
    assert Match.objects.count() == 1


def test_changing_a_listing_drops_matches_no_longer_true(network, need, offer, head):
    from cordee.exchange.services import listing_save
    from cordee.network.access import Access

    need.kind = Listing.Kind.EQUIPMENT
    listing_save(listing=need, by=head, access=Access.for_user(head))
    assert not Match.objects.exists()


def test_a_territory_only_offer_is_not_matched_outside_its_territory(
    network, head, lacroix_head, post
):
    post(lacroix_head, network.lacroix, "offer", "Rectifieuse plane", visibility="territory")
    post(head, network.bouvier, "need", "Rectifieuse plane")
    assert not Match.objects.exists()


def contact_url(need):
    return reverse("exchange:contact", args=[Match.objects.get(need=need).public_id])


def test_getting_in_touch_reveals_details_only_once_the_other_side_accepts(
    client_as, client, need, offer, head, lacroix_head, django_capture_on_commit_callbacks
):
    asker = client_as("head")
    client.force_login(lacroix_head)
    with django_capture_on_commit_callbacks(execute=True):
        response = asker.post(
            contact_url(need), {"from": need.public_id, "message": "On peut passer jeudi ?"}
        )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.asked_from, contact.asked_by, contact.status) == (need, head, "pending")
    told = Notification.objects.get(recipient=lacroix_head, kind="exchange.contact")
    assert told.title == "Décolletage Bouvier would like to get in touch"
    # Before the answer nobody sees an address.
    for viewer, listing in ((asker, need), (client, offer)):
        page = viewer.get(listing.get_absolute_url()).content.decode()
        assert head.email not in page and lacroix_head.email not in page
    assert "On peut passer jeudi ?" in client.get(offer.get_absolute_url()).content.decode()
    # The asking side cannot answer its own request.
    answer_url = reverse("exchange:contact_answer", args=[contact.public_id])
    assert asker.post(answer_url, {"answer": "accept"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(answer_url, {"answer": "accept"}).status_code == 302
    contact.refresh_from_db()
    assert contact.status == "accepted" and contact.answered_by == lacroix_head
    assert Notification.objects.filter(recipient=head, kind="exchange.contact").exists()
    for viewer, listing in ((asker, need), (client, offer)):
        page = viewer.get(listing.get_absolute_url()).content.decode()
        assert head.email in page and lacroix_head.email in page
        assert "04 50 00 00 01" in page
    # Third parties never see them.
    page = client_as("member").get(offer.get_absolute_url()).content.decode()
    assert head.email not in page and lacroix_head.email not in page
    assert AuditEvent.objects.filter(action="exchange.contact_accepted").exists()


def test_a_declined_request_reveals_nothing_and_cannot_be_repeated(
    client_as, client, need, offer, head, lacroix_head
):
    asker = client_as("head")
    asker.post(contact_url(need), {"from": need.public_id})
    client.force_login(lacroix_head)
    contact = Contact.objects.get()
    client.post(reverse("exchange:contact_answer", args=[contact.public_id]), {"answer": "decline"})
    contact.refresh_from_db()
    assert contact.status == "declined"
    page = asker.get(need.get_absolute_url()).content.decode()
    assert "Getting in touch was declined." in page and lacroix_head.email not in page
    response = asker.post(contact_url(need), {"from": need.public_id}, follow=True)
    assert "Someone already asked" in response.content.decode()
    assert Contact.objects.count() == 1


def test_a_crafted_request_cannot_ask_for_another_organisation(client_as, need, offer):
    # Arvis's member sees both listings but answers for neither.
    member = client_as("member")
    assert member.post(contact_url(need), {"from": need.public_id}).status_code == 403
    assert member.post(contact_url(need), {"from": "not-a-listing"}).status_code == 403
    # The funder and the lapsed member do not even learn the match exists.
    assert client_as("funder").post(contact_url(need), {"from": need.public_id}).status_code == 404
    assert not Contact.objects.exists()


def test_a_listing_past_its_end_date_expires_and_its_people_are_told(
    network, head, post, django_capture_on_commit_callbacks
):
    need = post(head, network.bouvier, "need", "Banc d'essai")
    Listing.objects.filter(pk=need.pk).update(ends_on=timezone.localdate() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert listings_expire_due() == 1
    need.refresh_from_db()
    assert need.status == Listing.Status.EXPIRED
    assert Notification.objects.get(kind="exchange.expired").title == (
        "Your need has expired: Banc d'essai"
    )
    assert listings_expire_due() == 0


def test_the_expiry_runs_periodically():
    from cordee.core.scheduling import periodics

    assert "exchange.expire_due_listings" in {p.name for p in periodics()}


def test_the_page_of_a_need_takes_the_same_number_of_queries_whatever_its_matches(
    client_as, network, head, lacroix_head, post
):
    need = post(head, network.bouvier, "need", "Rectifieuse cylindrique", unit="days")
    client = client_as("head")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(need.get_absolute_url()).status_code == 200
        return len(queries)

    def offer(number: int) -> None:
        post(lacroix_head, network.lacroix, "offer", f"Rectifieuse cylindrique n°{number}")

    offer(1)
    few = count()
    for number in range(2, 8):
        offer(number)
    assert Match.objects.filter(need=need).count() == 7
    assert count() == few


def test_a_lapsed_members_listing_is_neither_matched_nor_told_of_offers(
    network, head, lacroix_head, post, django_capture_on_commit_callbacks
):
    """Bouvier's membership lapsed after it posted a need: the offers of members are
    member content, which its people no longer see, not even in a notification."""
    from cordee.network.models import Membership

    need = post(head, network.bouvier, "need", "Rectifieuse cylindrique")
    Membership.objects.filter(organisation=network.bouvier).update(status="lapsed")
    with django_capture_on_commit_callbacks(execute=True):
        post(lacroix_head, network.lacroix, "offer", "Rectifieuse cylindrique Studer")
    assert not Match.objects.filter(need=need).exists()
    assert not Notification.objects.filter(recipient=head, kind="exchange.matched").exists()
