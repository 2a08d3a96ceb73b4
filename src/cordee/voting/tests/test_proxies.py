"""Proxies: recorded, capped, never chained, revocable until voting starts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cordee.audit.models import AuditEvent
from cordee.network.models import Membership
from cordee.voting.models import Ballot, Elector, Proxy
from cordee.voting.services import proxy_record, proxy_revoke, vote_open
from cordee.voting.tests.factories import cast_as, grades, make_vote

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def draft(network, staff, head, lacroix_head):
    # Arvis pays its dues, so that three organisations can vote.
    Membership.objects.filter(organisation=network.arvis).update(status="paid")
    return make_vote(staff)


def test_a_proxy_lets_its_holder_cast_the_givers_ballot(draft, network, staff, head):
    proxy_record(vote=draft, giver=network.lacroix, holder=network.bouvier, by=staff)
    vote_open(vote=draft, by=staff)
    cast_as(draft, head, grades(draft, 6), organisation=network.bouvier)
    cast_as(draft, head, grades(draft, 5), organisation=network.lacroix)
    assert Ballot.objects.count() == 2
    assert AuditEvent.objects.filter(action="vote.proxy_given").exists()


def test_the_giver_cannot_vote_itself_once_its_proxy_is_given(draft, network, staff, lacroix_head):
    proxy_record(vote=draft, giver=network.lacroix, holder=network.bouvier, by=staff)
    vote_open(vote=draft, by=staff)
    with pytest.raises(IndexError):
        cast_as(draft, lacroix_head, grades(draft, 6))


def test_proxies_do_not_chain(draft, network, staff):
    proxy_record(vote=draft, giver=network.lacroix, holder=network.bouvier, by=staff)
    with pytest.raises(ValidationError, match="proxies do not pass on"):
        proxy_record(vote=draft, giver=network.bouvier, holder=network.arvis, by=staff)
    with pytest.raises(ValidationError, match="proxies do not pass on"):
        proxy_record(vote=draft, giver=network.arvis, holder=network.lacroix, by=staff)


def test_a_holder_cannot_hold_more_than_the_cap(draft, network, staff):
    draft.proxy_cap = 1
    draft.save()
    proxy_record(vote=draft, giver=network.lacroix, holder=network.bouvier, by=staff)
    with pytest.raises(ValidationError, match="already holds 1 proxy, the most allowed"):
        proxy_record(vote=draft, giver=network.arvis, holder=network.bouvier, by=staff)


def test_an_organisation_outside_the_electorate_neither_gives_nor_holds(draft, network, staff):
    with pytest.raises(ValidationError, match="Mécanique Dormante is not in this vote"):
        proxy_record(vote=draft, giver=network.dormant, holder=network.bouvier, by=staff)


def test_a_proxy_to_oneself_is_refused(draft, network, staff):
    with pytest.raises(ValidationError, match="to itself"):
        proxy_record(vote=draft, giver=network.bouvier, holder=network.bouvier, by=staff)


def test_a_proxy_is_revocable_until_voting_starts_then_fixed(draft, network, staff):
    proxy = proxy_record(vote=draft, giver=network.lacroix, holder=network.bouvier, by=staff)
    proxy_revoke(proxy=proxy, by=staff)
    again = proxy_record(vote=draft, giver=network.lacroix, holder=network.bouvier, by=staff)
    vote_open(vote=draft, by=staff)
    with pytest.raises(ValidationError, match="Voting has started"):
        proxy_revoke(proxy=again, by=staff)
    assert Elector.objects.get(vote=draft, organisation=network.lacroix).proxy_holder == (
        network.bouvier
    )


def test_a_head_gives_their_organisations_proxy_while_the_vote_is_upcoming(
    network, staff, head, client_as
):
    Membership.objects.filter(organisation=network.arvis).update(status="paid")
    vote = make_vote(staff, opens_at=timezone.now() + timedelta(hours=2), publish=True)
    url = reverse("voting:proxies", args=[vote.public_id])
    response = client_as("head").post(
        url, {"giver": network.bouvier.pk, "holder": network.arvis.pk}
    )
    assert response.status_code == 302
    assert Elector.objects.get(vote=vote, organisation=network.bouvier).proxy_holder == (
        network.arvis
    )
    # A head gives only their own organisation's proxy.
    response = client_as("head").post(
        url, {"giver": network.lacroix.pk, "holder": network.bouvier.pk}
    )
    assert response.status_code == 200
    assert Proxy.objects.filter(revoked_at__isnull=True).count() == 1
