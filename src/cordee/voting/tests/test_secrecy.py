"""Secret ballots: nothing stored links a voter to what they chose."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.db import models
from django.urls import reverse

from cordee.audit.models import AuditEvent
from cordee.voting.models import Ballot, Elector, Participation
from cordee.voting.tests.factories import cast_as, grades, make_vote

pytestmark = pytest.mark.usefixtures("in_english")


def test_a_ballot_has_no_path_to_a_voter_in_the_schema():
    forbidden = {
        settings.AUTH_USER_MODEL.lower(),
        "network.organisation",
        "voting.elector",
        "voting.participation",
    }
    for field in Ballot._meta.get_fields():
        related = field.related_model
        if related is not None and field.concrete:
            assert related._meta.label_lower not in forbidden, field.name
        assert not isinstance(field, models.DateField | models.DateTimeField), field.name
    # The only way back is Participation.public_ballot, which public votes alone fill.
    reverse_links = [f for f in Ballot._meta.get_fields() if f.auto_created and not f.concrete]
    assert {f.related_model for f in reverse_links} <= {Participation}


def test_a_ballot_id_is_random_so_row_order_says_nothing(assembly, head, lacroix_head):
    cast_as(assembly, head, grades(assembly, 6))
    cast_as(assembly, lacroix_head, grades(assembly, 1))
    ids = list(Ballot.objects.values_list("pk", flat=True))
    assert all(pk > 2**20 for pk in ids)
    assert Ballot._meta.pk.get_default() != Ballot._meta.pk.get_default()


def test_a_secret_participation_does_not_point_at_its_ballot(assembly, head):
    cast_as(assembly, head, grades(assembly, 6))
    assert Participation.objects.get().public_ballot is None


def test_a_public_vote_links_each_ballot_to_its_elector(network, staff, head, lacroix_head):
    vote = make_vote(staff, secret=False, publish=True)
    cast_as(vote, head, grades(vote, 6, 0, 0))
    participation = Participation.objects.get()
    assert participation.public_ballot.choices == grades(vote, 6, 0, 0)


def test_the_audit_log_records_participation_and_never_ballot_content(assembly, head, client_as):
    elector = Elector.objects.get(vote=assembly, organisation__slug="bouvier")
    data = {"elector": str(elector.public_id)}
    data.update({f"grade_{o.pk}": "4" for o in assembly.option_list})
    response = client_as("head").post(reverse("voting:cast", args=[assembly.public_id]), data)
    token = response.cookies[f"receipt-{elector.public_id}"].value
    events = list(AuditEvent.objects.values("action", "details", "target_label"))
    assert "vote.participated" in {event["action"] for event in events}
    dumped = json.dumps(events, default=str)
    assert token not in dumped
    assert assembly.receipt_hash(token) not in dumped
    assert "grade" not in dumped and '"4"' not in dumped


def test_a_staff_member_voting_leaves_only_path_and_status_in_the_staff_log(
    network, staff, admin, head, lacroix_head, client_as, person
):
    # Staff who are also electors: the generic "staff.write" entry must carry no ballot.
    vote = make_vote(staff, electorate="people", publish=False)
    from cordee.network.models import Affiliation

    Affiliation.objects.create(person=staff, organisation=network.bouvier)
    from cordee.voting.services import vote_open

    vote_open(vote=vote, by=staff)
    elector = Elector.objects.get(vote=vote, person=staff)
    data = {"elector": str(elector.public_id), **{f"grade_{o.pk}": "6" for o in vote.option_list}}
    client_as("staff").post(reverse("voting:cast", args=[vote.public_id]), data)
    write = AuditEvent.objects.get(action="staff.write")
    assert set(write.details) == {"method", "path", "view", "status"}
    assert write.details["path"] == reverse("voting:cast", args=[vote.public_id])


def test_organisers_see_who_voted_but_not_what(assembly, head, client_as):
    cast_as(assembly, head, grades(assembly, 6, 2, 0))
    page = client_as("staff").get(reverse("voting:participation", args=[assembly.public_id]))
    html = page.content.decode()
    assert "Décolletage Bouvier" in html
    for label in ("Excellent", "Insufficient", "To reject"):
        assert label not in html


def test_the_results_of_a_secret_vote_name_no_voter(assembly, head, lacroix_head, client_as):
    from cordee.voting.services import vote_close

    cast_as(assembly, head, grades(assembly, 6, 2, 0))
    cast_as(assembly, lacroix_head, grades(assembly, 3, 2, 1))
    vote_close(vote=assembly)
    html = client_as("staff").get(reverse("voting:results", args=[assembly.public_id])).content
    assert b"Bouvier" not in html and b"Lacroix" not in html
    exported = client_as("head").get(reverse("voting:export", args=[assembly.public_id, "json"]))
    assert b"Bouvier" not in exported.content and b"Lacroix" not in exported.content


def test_a_persons_data_export_lists_their_votes_but_no_choice(assembly, head):
    from cordee.voting.personal_data import erase_votes, export_votes

    cast_as(assembly, head, grades(assembly, 6, 2, 0))
    exported = export_votes(head)
    assert exported["ballots_cast"][0]["for"] == "Décolletage Bouvier"
    assert "grades" not in json.dumps(exported)
    erase_votes(head)
    assert Participation.objects.get().cast_by is None


def test_error_reports_hide_every_posted_ballot_value():
    from cordee.voting import views

    for view in (views.cast, views.receipt):
        # Django's marker for sensitive_post_parameters() without names: hide all.
        assert "__ALL__" in _sensitive_marker(view)


def _sensitive_marker(view):
    from django.test import RequestFactory

    request = RequestFactory().post("/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    view(request, public_id="00000000-0000-0000-0000-000000000000")
    return request.sensitive_post_parameters
