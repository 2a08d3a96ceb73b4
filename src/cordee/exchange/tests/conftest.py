from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from cordee.accounts.models import User
from cordee.core.testing.personas import make_person
from cordee.exchange.models import Listing
from cordee.exchange.services import listing_save
from cordee.network.access import Access
from cordee.network.models import Affiliation, Organisation


@pytest.fixture(autouse=True)
def in_english(settings):
    """These tests read English wording, whatever the default language says."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def lacroix_head(network, person) -> User:
    """A company head for Lacroix (Bassin annécien), besides the expert who works there."""
    user = make_person(
        "member", network, email="lacroix-head@test.example.org", phone="04 50 00 00 01"
    )
    Affiliation.objects.filter(person=user).update(organisation=network.lacroix, is_head=True)
    return user


@pytest.fixture
def arvis_head(network) -> User:
    user = make_person("member", network, email="arvis-head@test.example.org")
    Affiliation.objects.filter(person=user).update(is_head=True)
    return user


@pytest.fixture
def post(network) -> Callable[..., Listing]:
    """``post(by, organisation, side, title, **fields)`` posts a listing through the service."""

    def make(by: User, organisation: Organisation, side: str, title: str, **fields: Any) -> Listing:
        today = timezone.localdate()
        values: dict[str, Any] = {
            "kind": Listing.Kind.MACHINE,
            "starts_on": today,
            "ends_on": today + timedelta(days=30),
            "quantity": Decimal(40),
            "unit": Listing.Unit.HOURS,
            **fields,
        }
        listing = Listing(organisation=organisation, side=side, title=title, **values)
        listing_save(listing=listing, by=by, access=Access.for_user(by))
        return listing

    return make
