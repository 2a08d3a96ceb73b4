"""Posting, changing, closing and withdrawing offers and needs; who may post for whom."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cordee.audit.models import AuditEvent
from cordee.exchange.models import Listing, PostingRights
from cordee.exchange.rights import posting_organisations
from cordee.exchange.services import posting_rights_save
from cordee.network.access import Access

pytestmark = pytest.mark.django_db


def form_data(**fields):
    today = timezone.localdate()
    return {
        "side": "need",
        "organisation": "bouvier",
        "kind": "machine",
        "title": "Tour multibroche 8 broches",
        "skill": "decolletage-multibroches",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=20)).isoformat(),
        "quantity": "60",
        "unit": "hours",
        "visibility": "network",
        "description": "Pic de commandes en mars.",
        **fields,
    }


def test_a_head_posts_a_need_for_their_organisation(client_as, network, head):
    client = client_as("head")
    response = client.get(reverse("exchange:create") + "?side=need")
    assert response.status_code == 200
    assert response.context["form"].initial["organisation"] == network.bouvier
    response = client.post(reverse("exchange:create"), form_data(skill=""))
    listing = Listing.objects.get()
    assert response.status_code == 302 and response.url == listing.get_absolute_url()
    assert (listing.organisation, listing.territory, listing.created_by) == (
        network.bouvier,
        network.arve,
        head,
    )
    assert listing.status == Listing.Status.OPEN
    assert AuditEvent.objects.filter(action="exchange.posted", actor=head).exists()
    page = client.get(listing.get_absolute_url())
    assert "Need: Tour multibroche 8 broches" in page.content.decode()


def test_an_end_before_the_start_is_refused_and_the_rest_kept(client_as, network, head):
    today = timezone.localdate()
    response = client_as("head").post(
        reverse("exchange:create"),
        form_data(
            skill="",
            starts_on=(today + timedelta(days=10)).isoformat(),
            ends_on=(today + timedelta(days=2)).isoformat(),
        ),
    )
    assert response.status_code == 200
    assert not Listing.objects.exists()
    errors = response.context["form"].errors
    assert errors["ends_on"] == ["The end comes before the start: choose an end on or after it."]
    assert 'value="Tour multibroche 8 broches"' in response.content.decode()


def test_a_past_end_and_shared_staff_of_a_machine_are_refused(client_as, network, head):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client_as("head").post(
        reverse("exchange:create"),
        form_data(
            starts_on=(yesterday - timedelta(days=3)).isoformat(),
            ends_on=yesterday.isoformat(),
            shared_staff="on",
        ),
    )
    errors = response.context["form"].errors
    assert errors["ends_on"] == ["This date is past: choose today or a later day."]
    assert "employers' group" in errors["shared_staff"][0]
    assert not Listing.objects.exists()


def test_bad_numbers_and_missing_fields_are_named(client_as, network, head):
    response = client_as("head").post(
        reverse("exchange:create"), form_data(quantity="0", title="", kind="rocket")
    )
    errors = response.context["form"].errors
    assert set(errors) == {"quantity", "title", "kind"}
    assert not Listing.objects.exists()


def test_a_crafted_request_cannot_post_for_another_organisation(client_as, network, head):
    response = client_as("head").post(reverse("exchange:create"), form_data(organisation="lacroix"))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Listing.objects.exists()


def test_the_service_refuses_an_organisation_outside_ones_rights(network, head):
    from django.core.exceptions import PermissionDenied

    from cordee.exchange.services import listing_save

    today = timezone.localdate()
    listing = Listing(
        organisation=network.lacroix,
        side="offer",
        kind="machine",
        title="Rectifieuse",
        starts_on=today,
        ends_on=today,
        quantity=1,
    )
    with pytest.raises(PermissionDenied):
        listing_save(listing=listing, by=head, access=Access.for_user(head))
    assert not Listing.objects.exists()


def test_a_colleague_posts_once_their_head_allows_it(client_as, network, head, member):
    arvis_member = client_as("member")
    assert arvis_member.get(reverse("exchange:create")).status_code == 403
    # Bouvier's head cannot choose for Arvis.
    assert client_as("head").get(reverse("exchange:rights", args=["arvis"])).status_code == 403
    posting_rights_save(
        organisation=network.arvis,
        every_colleague=True,
        people=[],
        by=head,
        access=Access.for_user(head).__class__(staff_paths=frozenset({"/"})),
    )
    assert list(posting_organisations(Access.for_user(member))) == [network.arvis]
    response = arvis_member.post(reverse("exchange:create"), form_data(organisation="arvis"))
    assert response.status_code == 302
    assert Listing.objects.get().organisation == network.arvis


def test_a_head_names_the_colleagues_who_may_post(client_as, network, head, person):
    from cordee.core.testing.personas import make_person
    from cordee.network.models import Affiliation

    colleague = make_person("member", network, email="bouvier-buyer@test.example.org")
    Affiliation.objects.filter(person=colleague).update(organisation=network.bouvier)
    client = client_as("head")
    page = client.get(reverse("exchange:rights", args=["bouvier"]))
    assert colleague.display_name in page.content.decode()
    response = client.post(reverse("exchange:rights", args=["bouvier"]), {"people": [colleague.pk]})
    assert response.status_code == 302
    rights = PostingRights.objects.get(organisation=network.bouvier)
    assert list(rights.people.all()) == [colleague] and not rights.every_colleague
    assert list(posting_organisations(Access.for_user(colleague))) == [network.bouvier]
    assert AuditEvent.objects.filter(action="exchange.rights_changed").exists()
    # Someone of another organisation cannot be named.
    response = client.post(
        reverse("exchange:rights", args=["bouvier"]), {"people": [person("expert").pk]}
    )
    assert response.status_code == 200 and "people" in response.context["form"].errors


def test_lapsed_members_and_funders_cannot_post(network, outsider, funder):
    assert not posting_organisations(Access.for_user(outsider)).exists()
    assert not posting_organisations(Access.for_user(funder)).exists()


def test_staff_post_for_the_organisations_of_their_territory_only(network, coordinator):
    assert set(posting_organisations(Access.for_user(coordinator))) == {
        network.bouvier,
        network.arvis,
    }


def test_a_listing_is_changed_closed_and_withdrawn_by_its_side_only(client_as, network, head, post):
    need = post(head, network.bouvier, "need", "Rectifieuse")
    client = client_as("head")
    response = client.post(
        reverse("exchange:edit", args=[need.public_id]),
        form_data(title="Rectifieuse plane", organisation="lacroix", side="offer"),
    )
    assert response.status_code == 302
    need.refresh_from_db()
    # Side and organisation stay what they were.
    assert (need.title, need.side, need.organisation) == (
        "Rectifieuse plane",
        "need",
        network.bouvier,
    )
    assert (
        client_as("expert").post(reverse("exchange:close", args=[need.public_id])).status_code
        == 403
    )
    assert client.post(reverse("exchange:close", args=[need.public_id])).status_code == 302
    need.refresh_from_db()
    assert need.status == Listing.Status.CLOSED and need.ended_at is not None
    # Ended: neither changed nor ended again.
    response = client.post(reverse("exchange:withdraw", args=[need.public_id]), follow=True)
    assert "already ended" in response.content.decode()
    response = client.get(reverse("exchange:edit", args=[need.public_id]), follow=True)
    assert "no longer open" in response.content.decode()
    other = post(head, network.bouvier, "offer", "Machine de lavage")
    client.post(reverse("exchange:withdraw", args=[other.public_id]))
    other.refresh_from_db()
    assert other.status == Listing.Status.WITHDRAWN
    assert AuditEvent.objects.filter(action="exchange.withdrawn").count() == 1


def test_my_organisation_page_lists_open_and_ended(client_as, network, head, post):
    post(head, network.bouvier, "need", "Rectifieuse")
    ended = post(head, network.bouvier, "offer", "Machine de lavage")
    ended.end(Listing.Status.WITHDRAWN)
    response = client_as("head").get(reverse("exchange:mine"))
    assert [listing.title for listing in response.context["open"]] == ["Rectifieuse"]
    assert [listing.title for listing in response.context["ended"]] == ["Machine de lavage"]
    assert response.context["managed"] == [network.bouvier]
    # A colleague sees them, without the right to post or choose who posts.
    response = client_as("member").get(reverse("exchange:mine"))
    assert response.context["open"] == [] and response.context["managed"] == []
    assert not response.context["can_post"]
