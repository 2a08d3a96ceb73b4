"""Results after the close: turnout and quorum, each method, breakdown, exports, lists."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from cordee.network.models import Membership
from cordee.voting.models import Vote
from cordee.voting.results import Turnout, vote_results
from cordee.voting.services import vote_close, votes_close_due
from cordee.voting.tests.factories import cast_as, grades, make_vote

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.mark.parametrize(
    ("quorum", "reached"), [("33.33", True), ("33.34", False), ("0", True), ("100", False)]
)
def test_the_quorum_is_compared_exactly(quorum, reached):
    turnout = Turnout(electors=3, weight=3, voted=1, voted_weight=1, quorum_percent=Decimal(quorum))
    assert turnout.quorum_reached is reached


def test_majority_judgment_results_show_winner_profiles_and_median(
    assembly, head, lacroix_head, client_as
):
    cast_as(assembly, head, grades(assembly, 6, 4, 0))
    cast_as(assembly, lacroix_head, grades(assembly, 5, 4))  # Marnaz ungraded: "To reject"
    vote_close(vote=assembly)
    results = vote_results(assembly)
    assert results.total.winners == ["Cluses"]
    assert results.total.ranking == [["Cluses"], ["Scionzier"], ["Marnaz"]]
    profiles = {p["option"].label: p for p in results.total.details["profiles"]}
    assert profiles["Marnaz"]["profile"].counts == (2, 0, 0, 0, 0, 0, 0)
    assert profiles["Cluses"]["median_label"] == "Very good"  # lower median of 6 and 5
    html = client_as("member").get(reverse("voting:results", args=[assembly.public_id]))
    text = html.content.decode()
    assert "Winner: <strong>Cluses</strong>" in text
    assert "median grade: <strong>Very good</strong>" in text
    assert "Grades of Cluses as a table" in text


def test_a_vote_without_quorum_is_shown_as_such(network, staff, head, lacroix_head, client_as):
    vote = make_vote(staff, quorum_percent=Decimal(75), publish=True)
    cast_as(vote, head, grades(vote, 6))
    vote_close(vote=vote)
    assert not vote_results(vote).turnout.quorum_reached
    text = client_as("head").get(reverse("voting:results", args=[vote.public_id])).content
    assert b"Quorum not reached (75 % needed): this result does not stand." in text


def test_results_wait_for_the_close(assembly, client_as):
    response = client_as("head").get(reverse("voting:results", args=[assembly.public_id]))
    assert response.status_code == 404


def test_ranked_choice_shows_the_pairwise_matrix(network, staff, head, lacroix_head, client_as):
    vote = make_vote(staff, method="ranked", publish=True)
    a, b, c = (str(o.pk) for o in vote.option_list)
    cast_as(vote, head, {"ranks": {a: 1, b: 2, c: 3}})
    cast_as(vote, lacroix_head, {"ranks": {b: 1, a: 1}})
    vote_close(vote=vote)
    results = vote_results(vote)
    assert results.total.ranking == [["Cluses"], ["Scionzier"], ["Marnaz"]]
    text = client_as("head").get(reverse("voting:results", args=[vote.public_id])).content
    assert b"Pairwise matrix" in text


def test_yes_no_needs_two_thirds_when_statutes_say_so(network, staff, head, lacroix_head):
    Membership.objects.filter(organisation=network.arvis).update(status="paid")
    vote = make_vote(staff, method="yes_no", threshold="two_thirds", options=[], publish=True)
    cast_as(vote, head, {"answer": "yes"})
    cast_as(vote, lacroix_head, {"answer": "no"})
    vote_close(vote=vote)
    result = vote_results(vote).total.details["result"]
    assert not result.passed and result.needed == 2


def test_consent_fails_while_a_reasoned_objection_stands(network, staff, head, lacroix_head):
    vote = make_vote(staff, method="consent", options=[], publish=True)
    cast_as(vote, head, {"objection": ""})
    cast_as(vote, lacroix_head, {"objection": "Le coût n'est pas chiffré."})
    vote_close(vote=vote)
    details = vote_results(vote).total.details
    assert not details["result"].passed and details["objections"] == ["Le coût n'est pas chiffré."]


def test_small_territories_are_left_out_of_the_breakdown(assembly, head, lacroix_head):
    cast_as(assembly, head, grades(assembly, 6))
    cast_as(assembly, lacroix_head, grades(assembly, 1))
    vote_close(vote=assembly)
    results = vote_results(assembly)
    assert results.territories == [] and results.hidden_territories == 2


def test_the_anonymised_ballots_export_lets_anyone_recount(assembly, head, lacroix_head, client_as):
    cast_as(assembly, head, grades(assembly, 6, 4, 0))
    cast_as(assembly, lacroix_head, grades(assembly, 5, 4))
    vote_close(vote=assembly)
    client = client_as("member")
    data = json.loads(
        client.get(reverse("voting:export", args=[assembly.public_id, "json"])).content
    )
    assert sorted(b["ballot"]["Cluses"] for b in data["ballots"]) == ["Excellent", "Very good"]
    assert all(b["territory"] == "" for b in data["ballots"])  # fewer than 5 per territory
    response = client.get(reverse("voting:export", args=[assembly.public_id, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["weight", "territory", "Cluses", "Scionzier", "Marnaz"]
    assert len(rows) == 3


def test_the_receipts_page_lists_every_counted_ballot(assembly, head, client_as):
    token = cast_as(assembly, head, grades(assembly, 6))
    vote_close(vote=assembly)
    page = client_as("member").get(reverse("voting:receipts", args=[assembly.public_id]))
    assert assembly.receipt_hash(token) in page.content.decode()


def test_a_voter_checks_their_receipt_and_sees_their_ballot(assembly, head, client_as):
    token = cast_as(assembly, head, grades(assembly, 6, 2))
    vote_close(vote=assembly)
    url = reverse("voting:receipt", args=[assembly.public_id])
    text = client_as("head").post(url, {"token": token}).content.decode()
    assert "This ballot is counted as cast" in text and "Excellent" in text
    text = client_as("head").post(url, {"token": "made-up"}).content.decode()
    assert "No ballot of this vote matches this receipt" in text


def test_the_electorate_is_told_when_a_vote_opens_and_when_it_closes_by_itself(
    network, staff, head, lacroix_head, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from cordee.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        vote = make_vote(staff, publish=True)
    assert Notification.objects.filter(kind="voting.opened", recipient=head).exists()
    Vote.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert votes_close_due() == 1
    assert Notification.objects.filter(kind="voting.results", recipient=lacroix_head).exists()
    assert votes_close_due() == 0


def test_the_list_shows_open_and_closed_votes_in_constant_queries(
    network, staff, head, lacroix_head, client_as, django_assert_max_num_queries
):
    for _ in range(3):
        vote_close(vote=make_vote(staff, publish=True))
        make_vote(staff, publish=True)
    client = client_as("member")
    client.get(reverse("voting:list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("voting:list"))
    assert response.content.decode().count('class="card"') == 6
    for _ in range(5):
        make_vote(staff, publish=True)
    with django_assert_max_num_queries(12):
        client.get(reverse("voting:list"))


def test_funders_and_lapsed_members_see_no_vote(assembly, client_as):
    for persona in ("funder", "outsider"):
        response = client_as(persona).get(reverse("voting:list"))
        assert assembly.title not in response.content.decode()


def test_weights_by_company_size_count_in_the_tallies_and_the_quorum(
    network, staff, head, lacroix_head
):
    network.lacroix.size_band = "medium"
    network.lacroix.save()
    vote = make_vote(staff, weighting="size", quorum_percent=Decimal(50), publish=True)
    cast_as(vote, lacroix_head, grades(vote, 6))
    vote_close(vote=vote)
    results = vote_results(vote)
    # Bouvier (small) weighs 2, Lacroix (medium) 3: 3 of 5 voted.
    assert (results.turnout.voted_weight, results.turnout.weight) == (3, 5)
    assert results.turnout.quorum_reached
    cluses = results.total.details["profiles"][0]
    assert cluses["option"].label == "Cluses" and cluses["profile"].counts[6] == 3


def test_a_vote_over_several_territories_is_broken_down_by_territory(network, staff, client_as):
    from cordee.accounts.models import User
    from cordee.network.models import Affiliation

    voters = []
    for index in range(10):
        user = User.objects.create_user(f"voter{index}@test.example.org", "x" * 20)
        organisation = network.bouvier if index < 5 else network.lacroix
        Affiliation.objects.create(person=user, organisation=organisation)
        voters.append(user)
    vote = make_vote(staff, electorate="people", publish=True)
    for index, user in enumerate(voters):
        # The Arve valley prefers Cluses, the Bassin annécien Scionzier.
        cast_as(vote, user, grades(vote, 6, 1) if index < 5 else grades(vote, 1, 6))
    vote_close(vote=vote)
    results = vote_results(vote)
    breakdown = {str(territory): count.winners for territory, count in results.territories}
    assert breakdown == {"Vallée de l'Arve": ["Cluses"], "Bassin annécien": ["Scionzier"]}
    page = client_as("staff").get(reverse("voting:results", args=[vote.public_id]))
    assert "By territory" in page.content.decode()
    exported = json.loads(
        client_as("staff").get(reverse("voting:export", args=[vote.public_id, "json"])).content
    )
    assert {b["territory"] for b in exported["ballots"]} == {"Vallée de l'Arve", "Bassin annécien"}


def test_with_htmx_the_receipt_check_returns_only_the_answer(assembly, head, client_as):
    token = cast_as(assembly, head, grades(assembly, 6, 2))
    url = reverse("voting:receipt", args=[assembly.public_id])
    response = client_as("head").post(url, {"token": token}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "This ballot is counted as cast" in text and "<html" not in text
