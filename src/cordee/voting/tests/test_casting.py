"""Casting a ballot: the happy path, receipts, changing a ballot, and each refusal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cordee.network.access import Access
from cordee.voting.models import Ballot, Elector, Participation
from cordee.voting.services import ballot_cast, ballot_check, electors_for
from cordee.voting.tests.factories import cast_as, grades, make_vote
from cordee.voting.views import RECEIPT_COOKIE

pytestmark = pytest.mark.usefixtures("in_english")


def test_a_company_head_casts_a_ballot_and_gets_a_receipt_only_they_hold(assembly, head):
    token = cast_as(assembly, head, grades(assembly, 6, 3, 0))
    ballot = Ballot.objects.get()
    assert ballot.receipt_hash == assembly.receipt_hash(token)
    assert token not in str(ballot.choices) and ballot.receipt_hash != token
    assert ballot_check(vote=assembly, token=token) == ballot
    assert Participation.objects.get().elector.organisation.slug == "bouvier"


def test_the_ballot_page_says_an_ungraded_option_counts_as_to_reject(assembly, client_as):
    response = client_as("head").get(assembly.get_absolute_url())
    assert "An option you leave ungraded counts as “To reject”" in response.content.decode()


def test_casting_through_the_page_sets_the_receipt_cookie_on_the_vote_path_only(
    assembly, client_as
):
    client = client_as("head")
    data = {f"grade_{o.pk}": "5" for o in assembly.option_list}
    elector = Elector.objects.get(vote=assembly, organisation__slug="bouvier")
    data["elector"] = str(elector.public_id)
    response = client.post(reverse("voting:cast", args=[assembly.public_id]), data)
    assert response.status_code == 200
    cookie = response.cookies[RECEIPT_COOKIE + str(elector.public_id)]
    assert cookie["path"] == assembly.get_absolute_url()
    assert cookie["httponly"]
    token = cookie.value
    assert token in response.content.decode()
    # The server keeps no copy: not in the session, only the hash in the ballot.
    assert token not in str(dict(client.session))
    assert Ballot.objects.get().receipt_hash == assembly.receipt_hash(token)


def test_a_voter_changes_their_ballot_with_the_receipt_and_gets_a_new_one(assembly, head):
    first = cast_as(assembly, head, grades(assembly, 6, 3, 0))
    second = cast_as(assembly, head, grades(assembly, 0, 3, 6), token=first)
    assert Ballot.objects.count() == 1
    assert ballot_check(vote=assembly, token=first) is None
    assert ballot_check(vote=assembly, token=second).choices == grades(assembly, 0, 3, 6)
    assert Participation.objects.count() == 1


def test_a_second_ballot_without_the_receipt_is_refused(assembly, head):
    cast_as(assembly, head, grades(assembly, 6))
    with pytest.raises(ValidationError, match=r"already cast for Décolletage Bouvier.*receipt"):
        cast_as(assembly, head, grades(assembly, 0))
    assert Ballot.objects.count() == 1


def test_a_wrong_receipt_replaces_nothing(assembly, head):
    cast_as(assembly, head, grades(assembly, 6))
    with pytest.raises(ValidationError, match="matches no ballot"):
        cast_as(assembly, head, grades(assembly, 0), token="not-my-receipt")
    assert Ballot.objects.get().choices == grades(assembly, 6)


def test_a_ballot_after_the_close_is_refused(assembly, head):
    assembly.closes_at = timezone.now() - timedelta(seconds=1)
    assembly.save()
    with pytest.raises(ValidationError, match="closed: ballots are no longer accepted"):
        cast_as(assembly, head, grades(assembly, 6))


def test_a_ballot_before_the_opening_is_refused(network, staff, head, lacroix_head):
    vote = make_vote(staff, publish=True, opens_at=timezone.now() + timedelta(hours=1))
    elector = Elector.objects.get(vote=vote, organisation=network.bouvier)
    with pytest.raises(ValidationError, match="not open yet"):
        ballot_cast(vote=vote, elector=elector, choices={}, by=head, access=Access.for_user(head))


def test_someone_outside_the_electorate_cannot_vote(assembly, member, outsider, client_as):
    # Arvis's dues are invoiced, not paid: it is not in the electorate.
    assert electors_for(assembly, Access.for_user(member)) == []
    response = client_as("member").post(reverse("voting:cast", args=[assembly.public_id]), {})
    assert response.status_code == 403


def test_nobody_votes_for_another_organisation_without_its_proxy(assembly, network, head):
    lacroix = Elector.objects.get(vote=assembly, organisation=network.lacroix)
    with pytest.raises(ValidationError, match="cannot vote for Lacroix Traitements"):
        ballot_cast(
            vote=assembly,
            elector=lacroix,
            choices=grades(assembly, 1),
            by=head,
            access=Access.for_user(head),
        )


def test_a_crafted_grade_or_option_is_refused_by_the_ballot_form(assembly, client_as):
    elector = Elector.objects.get(vote=assembly, organisation__slug="bouvier")
    url = reverse("voting:cast", args=[assembly.public_id])
    first = assembly.option_list[0]
    for crafted in (
        {f"grade_{first.pk}": "9"},
        {f"grade_{first.pk}": "-1"},
        {f"grade_{first.pk}": "excellent"},
        {"elector": "00000000-0000-0000-0000-000000000000"},
    ):
        response = client_as("head").post(url, {"elector": str(elector.public_id), **crafted})
        assert response.status_code == 400, crafted
    assert not Ballot.objects.exists()


def test_an_option_of_another_vote_is_ignored_not_stored(assembly, network, staff, client_as):
    other = make_vote(staff, options=["A", "B"])
    elector = Elector.objects.get(vote=assembly, organisation__slug="bouvier")
    data = {"elector": str(elector.public_id), f"grade_{other.option_list[0].pk}": "6"}
    client_as("head").post(reverse("voting:cast", args=[assembly.public_id]), data)
    # The unknown field is dropped: every option of this vote counts as "To reject".
    assert Ballot.objects.get().choices == {"grades": {}}


def test_ranked_single_approval_yes_no_and_consent_ballots_validate(
    network, staff, head, lacroix_head, client_as
):
    cases = {
        "ranked": ({"rank_{0}": "1", "rank_{1}": "1"}, {"rank_{0}": "0"}),
        "single": ({"option": "{0}"}, {"option": "999999"}),
        "approval": ({"options": ["{0}", "{2}"]}, {"options": ["999999"]}),
        "yes_no": ({"answer": "yes"}, {"answer": "maybe"}),
        "consent": ({"position": "consent"}, {"position": "object", "objection": " "}),
    }
    for method, (good, bad) in cases.items():
        vote = make_vote(staff, method=method, publish=True)
        pks = [o.pk for o in vote.option_list]
        elector = Elector.objects.get(vote=vote, organisation=network.bouvier)
        url = reverse("voting:cast", args=[vote.public_id])

        def fill(data, pks=pks, elector=elector):
            filled = {"elector": str(elector.public_id)}
            for key, value in data.items():
                if isinstance(value, list):
                    filled[key.format(*pks)] = [v.format(*pks) for v in value]
                else:
                    filled[key.format(*pks)] = value.format(*pks)
            return filled

        assert client_as("head").post(url, fill(bad)).status_code == 400, method
        assert client_as("head").post(url, fill(good)).status_code == 200, method
    assert Ballot.objects.count() == len(cases)


def test_a_person_electorate_gives_each_member_one_vote(network, staff, member, head):
    vote = make_vote(staff, electorate="people", publish=True)
    cast_as(vote, member, grades(vote, 4, 4, 4))
    assert Participation.objects.get().elector.person == member


def test_a_named_delegate_votes_instead_of_the_head(assembly, network, head, expert):
    from cordee.network.models import Affiliation
    from cordee.voting.services import delegate_name

    Affiliation.objects.create(person=expert, organisation=network.bouvier)
    delegate_name(vote=assembly, organisation=network.bouvier, person=expert, by=head)
    assert [e.organisation for e in electors_for(assembly, Access.for_user(expert))] == [
        network.bouvier
    ]
    assert electors_for(assembly, Access.for_user(head)) == []


def test_a_proxy_holder_changes_either_ballot_with_the_receipts_their_browser_kept(
    assembly, network, staff, head, lacroix_head, client_as
):
    from cordee.voting.models import Elector

    client = client_as("head")
    Elector.objects.filter(vote=assembly, organisation=network.lacroix).update(
        proxy_holder=network.bouvier
    )
    url = reverse("voting:cast", args=[assembly.public_id])
    for organisation in (network.bouvier, network.lacroix, network.bouvier):
        elector = Elector.objects.get(vote=assembly, organisation=organisation)
        data = {"elector": str(elector.public_id), f"grade_{assembly.option_list[0].pk}": "3"}
        assert client.post(url, data).status_code == 200
    assert Ballot.objects.count() == 2 and Participation.objects.count() == 2


def test_staff_delete_a_draft_but_never_a_published_vote(assembly, network, staff, client_as):
    from cordee.audit.models import AuditEvent
    from cordee.voting.models import Vote

    draft = make_vote(staff)
    client = client_as("staff")
    client.post(reverse("voting:delete", args=[draft.public_id]))
    client.post(reverse("voting:delete", args=[assembly.public_id]))
    assert list(Vote.objects.all()) == [assembly]
    assert AuditEvent.objects.filter(action="vote.deleted").count() == 1


def test_a_member_who_cannot_vote_is_told_who_votes_for_their_organisation(assembly, client_as):
    page = client_as("expert").get(assembly.get_absolute_url())
    assert "cast by its company head" in page.content.decode()
    assert "Cast my ballot" not in page.content.decode()
