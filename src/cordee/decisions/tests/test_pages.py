"""Recording a decision through its form, its page, editing, and the follow-up of actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cordee.audit.models import AuditEvent
from cordee.decisions.models import Action, ActionStatus, Decision
from cordee.decisions.tests.conftest import make_decision
from cordee.notifications.models import Notification
from cordee.voting.services import vote_close
from cordee.voting.tests.factories import make_vote

pytestmark = pytest.mark.django_db


def form_data(**fields):
    today = timezone.localdate()
    data = {
        "title": "Créer un club maintenance",
        "decided_on": (today - timedelta(days=3)).isoformat(),
        "text": "Le conseil crée un club maintenance ouvert à tous les adhérents.",
        "rationale": "Six entreprises ont demandé un échange sur la GMAO.",
        "scope": "public",
        "actions-TOTAL_FORMS": "3",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "20",
    }
    data.update(fields)
    return data


def test_staff_record_a_decision_with_two_actions_and_the_owners_are_told(
    client_as, board, member, head, django_capture_on_commit_callbacks
):
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    data = form_data(
        body=str(board.pk),
        **{
            "actions-0-title": "Réunir le premier club",
            "actions-0-owner": str(member.pk),
            "actions-0-due_on": due,
            "actions-1-title": "Recenser les logiciels de GMAO",
            "actions-1-owner": str(head.pk),
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("staff").post(reverse("decisions:create"), data)
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response.url == decision.get_absolute_url()
    assert decision.body == board
    assert [a.title for a in decision.actions.order_by("pk")] == [
        "Réunir le premier club",
        "Recenser les logiciels de GMAO",
    ]
    assert set(
        Notification.objects.filter(kind="decisions.action_assigned").values_list(
            "recipient", flat=True
        )
    ) == {member.pk, head.pk}
    page = client_as("member").get(decision.get_absolute_url())
    assert "Réunir le premier club" in page.text
    assert "0 of 2 actions done" in page.text


def test_an_action_due_before_the_decision_is_refused_on_its_row_and_nothing_is_lost(
    client_as, member
):
    early = (timezone.localdate() - timedelta(days=10)).isoformat()
    data = form_data(
        **{
            "actions-0-title": "Trop tôt",
            "actions-0-owner": str(member.pk),
            "actions-0-due_on": early,
        }
    )
    response = client_as("staff").post(reverse("decisions:create"), data)
    assert response.status_code == 200
    assert not Decision.objects.exists()
    assert "Action 1 needs fixing" in response.text
    assert "The due date is before the decision" in response.text
    # What was right is still in the form.
    assert "Six entreprises ont demandé un échange sur la GMAO." in response.text
    assert 'value="Trop tôt"' in response.text


def test_an_action_owner_outside_the_network_cannot_be_chosen(client_as, outsider):
    data = form_data(**{"actions-0-title": "Relancer", "actions-0-owner": str(outsider.pk)})
    response = client_as("staff").post(reverse("decisions:create"), data)
    assert response.status_code == 200
    assert not Decision.objects.exists()
    assert "Action 1 needs fixing" in response.text


def test_a_decision_dated_in_the_future_is_refused_with_a_message(client_as):
    later = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client_as("staff").post(reverse("decisions:create"), form_data(decided_on=later))
    assert "cannot be in the future" in response.text
    assert not Decision.objects.exists()


def test_a_member_without_a_mandate_may_not_record(client_as):
    assert client_as("member").get(reverse("decisions:create")).status_code == 403


def test_the_secretary_records_only_for_their_body(client_as, secretary, board, arve_branch):
    client = client_as("head")
    form = client.get(reverse("decisions:create"))
    assert escape(board.name) in form.text and escape(arve_branch.name) not in form.text
    refused = client.post(reverse("decisions:create"), form_data(scope="network"))
    assert refused.status_code == 200 and not Decision.objects.exists()
    done = client.post(reverse("decisions:create"), form_data(scope="network", body=str(board.pk)))
    assert done.status_code == 302
    assert Decision.objects.get().created_by == secretary


@pytest.mark.parametrize(
    "origin",
    [
        "accounts.user:1",  # not an origin a decision can have
        "governance.body:1",
        "voting.vote:999999",  # does not exist
        "voting.vote:abc",
        "voting.vote:1 OR 1=1",
        "../../etc:1",
    ],
)
def test_a_crafted_origin_is_not_found(client_as, origin, board):
    client = client_as("staff")
    assert client.get(reverse("decisions:create"), {"origin": origin}).status_code == 404
    assert client.post(reverse("decisions:create"), form_data(origin=origin)).status_code == 404
    assert not Decision.objects.exists()


def test_an_origin_the_person_may_not_see_is_not_found(client_as, staff, secretary, network):
    draft = make_vote(staff, territory=network.annecy)  # a draft: organisers only
    client = client_as("head")
    assert (
        client.get(reverse("decisions:create"), {"origin": f"voting.vote:{draft.pk}"}).status_code
        == 404
    )


def test_a_decision_taken_from_a_closed_vote_links_it_with_its_result(client_as, staff, board):
    vote = make_vote(staff, publish=True, title="Lieu de l'assemblée générale 2027")
    vote_close(vote=vote, by=staff)
    client = client_as("staff")
    key = f"voting.vote:{vote.pk}"
    form = client.get(reverse("decisions:create"), {"origin": key})
    assert form.status_code == 200
    assert "Lieu de l&#x27;assemblée générale 2027" in form.text
    response = client.post(
        reverse("decisions:create"), form_data(origin=key, body=str(board.pk), scope="network")
    )
    decision = Decision.objects.get()
    assert decision.origin == vote and decision.vote == vote
    page = client_as("member").get(response.url)
    assert vote.get_absolute_url() in page.text
    assert "Full results" in page.text
    # The funder sees neither this members-only decision nor the vote.
    assert client_as("funder").get(response.url).status_code == 404


def test_the_decisions_taken_from_an_origin_are_listed_in_one_query(
    rf, staff, member, django_assert_num_queries
):
    from django.template import Context, Template

    from cordee.network.access import Access

    vote = make_vote(staff, publish=True)
    make_decision(staff, title="Retenir Cluses", origin=vote)
    make_decision(staff, title="Retenir Marnaz", origin=vote)
    request = rf.get("/")
    request.user = member
    request.access = Access.for_user(member)
    template = Template("{% load decisions %}{% decisions_from vote %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"request": request, "vote": vote}))
    assert "Retenir Cluses" in html and "Retenir Marnaz" in html


def test_the_owner_records_progress_and_others_may_not(client_as, public_decision, member, expert):
    action = public_decision.actions.order_by("pk").first()
    url = reverse("decisions:action_progress", args=[public_decision.public_id, action.public_id])
    assert client_as("expert").get(url).status_code == 403
    response = client_as("member").post(
        url, {"status": "done", "progress_note": "Bilan rédigé et relu par le bureau."}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.done_on == timezone.localdate()
    assert AuditEvent.objects.filter(action="decision.action_progress").exists()


def test_a_bad_status_is_refused(client_as, public_decision):
    action = public_decision.actions.first()
    url = reverse("decisions:action_progress", args=[public_decision.public_id, action.public_id])
    response = client_as("member").post(url, {"status": "finished", "progress_note": "note"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED


def test_the_secretary_edits_the_boards_decision_a_member_may_not(
    client_as, members_decision, secretary, board
):
    url = reverse("decisions:edit", args=[members_decision.public_id])
    assert client_as("member").get(url).status_code == 403
    data = {
        "title": "Augmenter la cotisation de 3 %",
        "decided_on": members_decision.decided_on.isoformat(),
        "body": str(board.pk),
        "text": members_decision.text,
        "scope": "network",
    }
    assert client_as("head").post(url, data).status_code == 302
    members_decision.refresh_from_db()
    assert members_decision.title == "Augmenter la cotisation de 3 %"
    assert AuditEvent.objects.filter(action="decision.updated").exists()


def test_moving_the_decision_after_its_actions_due_dates_is_refused(
    client_as, public_decision, board
):
    url = reverse("decisions:edit", args=[public_decision.public_id])
    data = {
        "title": public_decision.title,
        "decided_on": timezone.localdate().isoformat(),
        "body": str(board.pk),
        "text": public_decision.text,
        "scope": "public",
    }
    response = client_as("staff").post(url, data)
    assert response.status_code == 200
    assert "change its due date first" in response.text


def test_managers_add_change_and_remove_actions(client_as, members_decision, member, outsider):
    client = client_as("staff")
    add = reverse("decisions:action_add", args=[members_decision.public_id])
    early = (members_decision.decided_on - timedelta(days=1)).isoformat()
    refused = client.post(add, {"title": "Simuler le barème", "due_on": early})
    assert "before the decision" in refused.text
    assert (
        client.post(add, {"title": "Simuler le barème", "owner": str(member.pk)}).status_code == 302
    )
    action = members_decision.actions.get()
    change = reverse("decisions:action_edit", args=[members_decision.public_id, action.public_id])
    client.post(change, {"title": "Simuler deux barèmes", "owner": str(member.pk)})
    action.refresh_from_db()
    assert action.title == "Simuler deux barèmes"
    remove = reverse("decisions:action_remove", args=[members_decision.public_id, action.public_id])
    assert client.post(remove).status_code == 302
    assert not Action.objects.exists()


def test_a_decision_taken_from_a_consultation_links_back_to_it(client_as, staff, network):
    from cordee.consultations.tests.factories import make_consultation
    from cordee.network.scopes import Scope

    consultation = make_consultation(staff, announce=False)
    annecy_only = make_consultation(
        staff,
        title="Permanence à Annecy",
        scope=Scope.TERRITORY,
        scope_territory=network.annecy,
        announce=False,
    )
    key = f"consultations.consultation:{consultation.pk}"
    client = client_as("staff")
    form = client.get(reverse("decisions:create"), {"origin": key})
    assert "Feuille de route 2027" in form.text
    response = client.post(reverse("decisions:create"), form_data(origin=key))
    decision = Decision.objects.get()
    assert decision.origin == consultation
    assert consultation.get_absolute_url() in client_as("member").get(response.url).text
    # The Arve coordinator may record, but not from a consultation they cannot see.
    hidden = f"consultations.consultation:{annecy_only.pk}"
    assert (
        client_as("coordinator").get(reverse("decisions:create"), {"origin": hidden}).status_code
        == 404
    )


def test_choosing_who_follows_up_shows_only_the_e_mails_people_show(
    client_as, secretary, public_decision, member, expert
):
    """A board's secretary is a member: the people lists show them the e-mail addresses
    people chose to show to members, no more; staff see them all."""
    from cordee.accounts.models import Visibility

    expert.email_visibility = Visibility.NOBODY
    expert.save(update_fields=["email_visibility"])
    action = public_decision.actions.first()
    pages = [
        reverse("decisions:create"),
        reverse("decisions:edit", args=[public_decision.public_id]),
        reverse("decisions:action_add", args=[public_decision.public_id]),
        reverse("decisions:action_edit", args=[public_decision.public_id, action.public_id]),
    ]
    for url in pages:
        page = client_as("head").get(url).content.decode()
        assert expert.display_name in page, url
        assert expert.email not in page, url
        assert member.email in page, url
    assert expert.email in client_as("staff").get(pages[0]).content.decode()


def test_a_branch_chair_records_for_their_own_territory_only(client_as, arve_branch, network, head):
    """The chair of the Arve branch records its decisions; placing one in the Annecy
    basin's register, for its members, is not theirs to do."""
    from cordee.governance.models import Mandate, MandateRole

    Mandate.objects.create(
        body=arve_branch,
        person=head,
        role=MandateRole.CHAIR,
        starts_on=timezone.localdate() - timedelta(days=30),
    )
    client = client_as("head")
    data = form_data(body=str(arve_branch.pk), scope="territory")
    refused = client.post(
        reverse("decisions:create"), {**data, "scope_territory": str(network.annecy.pk)}
    )
    assert refused.status_code == 200
    assert not Decision.objects.exists()
    client.post(reverse("decisions:create"), {**data, "scope_territory": str(network.arve.pk)})
    decision = Decision.objects.get()
    assert decision.scope_territory == network.arve
    edit = client.post(
        reverse("decisions:edit", args=[decision.public_id]),
        {**data, "scope_territory": str(network.annecy.pk)},
    )
    assert edit.status_code == 200
    decision.refresh_from_db()
    assert decision.scope_territory == network.arve
