"""The demo's capacity exchange."""

from __future__ import annotations

import pytest

from cordee.exchange.demo import DEMO, load_exchange_demo
from cordee.exchange.models import Contact, Listing, Match
from cordee.network.demo import load_demo


@pytest.mark.django_db
def test_the_demo_posts_offers_and_needs_some_matching_once():
    from cordee.accounts.models import User

    load_demo()
    load_exchange_demo()
    load_exchange_demo()
    assert Listing.objects.count() == len(DEMO) >= 20
    assert Match.objects.count() >= 5
    head = User.objects.get(email="head@example.org")
    contacts = Contact.objects.filter(match__need__organisation__affiliations__person=head) | (
        Contact.objects.filter(match__offer__organisation__affiliations__person=head)
    )
    assert set(contacts.values_list("status", flat=True)) == {"accepted", "pending"}
