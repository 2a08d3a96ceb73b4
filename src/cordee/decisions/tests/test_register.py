"""The register of decisions, its search, the funders' follow-up, overdue actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cordee.accounts import personal_data
from cordee.decisions.models import Action, ActionStatus, Decision
from cordee.decisions.services import ActionDraft, action_progress, actions_notify_overdue
from cordee.decisions.tests.conftest import make_decision
from cordee.knowledge.search import search
from cordee.network.access import Access
from cordee.network.scopes import Scope
from cordee.notifications.models import Notification

pytestmark = pytest.mark.django_db


def titles(response):
    return {decision.title for decision in response.context["decisions"]}


def test_visitors_and_funders_see_public_decisions_only(
    client, client_as, public_decision, members_decision, arve_decision
):
    assert titles(client.get(reverse("decisions:register"))) == {public_decision.title}
    assert titles(client_as("funder").get(reverse("decisions:register"))) == {public_decision.title}
    assert titles(client_as("member").get(reverse("decisions:register"))) == {
        public_decision.title,
        members_decision.title,
        arve_decision.title,
    }


def test_the_register_filters_by_body_scope_dates_and_follow_up(
    client_as, public_decision, members_decision, arve_decision, arve_branch
):
    client = client_as("member")
    url = reverse("decisions:register")
    assert titles(client.get(url, {"body": arve_branch.slug})) == {arve_decision.title}
    assert titles(client.get(url, {"scope": "public"})) == {public_decision.title}
    assert titles(client.get(url, {"scope": "members"})) == {
        members_decision.title,
        arve_decision.title,
    }
    assert titles(client.get(url, {"actions": "overdue"})) == {public_decision.title}
    assert titles(client.get(url, {"actions": "none"})) == {
        members_decision.title,
        arve_decision.title,
    }
    since = (timezone.localdate() - timedelta(days=9)).isoformat()
    assert public_decision.title not in titles(client.get(url, {"since": since}))


def test_every_action_done_or_dropped_counts_as_followed_up(client_as, public_decision, member):
    first, second = public_decision.actions.order_by("pk")
    action_progress(action=first, status=ActionStatus.DONE, by=member)
    url = reverse("decisions:register")
    client = client_as("member")
    assert public_decision.title not in titles(client.get(url, {"actions": "done"}))
    action_progress(action=second, status=ActionStatus.DROPPED, by=member)
    assert public_decision.title in titles(client.get(url, {"actions": "done"}))


def test_a_bad_filter_is_reported_and_the_others_still_apply(client_as, public_decision):
    response = client_as("member").get(
        reverse("decisions:register"), {"body": "nowhere", "scope": "public"}
    )
    assert response.status_code == 200
    assert "Some information needs fixing" in response.text
    assert titles(response) == {public_decision.title}


def test_the_register_searches_with_the_knowledge_search(
    client, client_as, public_decision, members_decision
):
    url = reverse("decisions:register")
    # Accents and plural forms are forgiven, as in the site search.
    assert titles(client_as("member").get(url, {"q": "cotisations"})) == {members_decision.title}
    # A visitor's search never finds members-only decisions.
    assert titles(client.get(url, {"q": "cotisation"})) == set()
    assert titles(client.get(url, {"q": "bilan"})) == {public_decision.title}


def test_decisions_join_the_site_search(member, funder, members_decision):
    found = search(access=Access.for_user(member), query="cotisation")
    assert [hit.title for hit in found.hits] == [members_decision.title]
    assert search(access=Access.for_user(funder), query="cotisation").count == 0


def test_an_edited_decision_is_found_by_its_new_words(client_as, members_decision, board):
    client_as("staff").post(
        reverse("decisions:edit", args=[members_decision.public_id]),
        {
            "title": "Geler la cotisation",
            "decided_on": members_decision.decided_on.isoformat(),
            "body": str(board.pk),
            "text": "Le barème reste celui de 2026 pour les entreprises de décolletage.",
            "scope": "network",
        },
    )
    found = client_as("member").get(reverse("decisions:register"), {"q": "décolletage"})
    assert titles(found) == {"Geler la cotisation"}


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more_decisions(staff, member, count):
    for index in range(count):
        make_decision(
            staff,
            title=f"Décision {index}",
            scope=Scope.PUBLIC,
            actions=[ActionDraft(f"Action {index}", owner=member), ActionDraft("Suite")],
        )


def test_the_register_and_the_follow_up_make_a_constant_number_of_queries(
    client_as, staff, member, public_decision
):
    client = client_as("member")
    client.get(reverse("decisions:register"))  # the session and caches are warm
    pages = [reverse("decisions:register"), reverse("decisions:followup")]
    before = [_queries(client, url) for url in pages]
    _more_decisions(staff, member, 15)
    assert [_queries(client, url) for url in pages] == before


def test_funders_see_public_decisions_with_their_progress_never_members_only_ones(
    client_as, public_decision, members_decision, member
):
    first = public_decision.actions.order_by("pk").last()
    action_progress(action=first, status=ActionStatus.DONE, by=member)
    response = client_as("funder").get(reverse("decisions:followup"))
    assert response.status_code == 200
    assert public_decision.title in response.text
    assert members_decision.title not in response.text
    assert "1 of 2 actions done" in response.text
    assert "Rédiger le bilan" in response.text  # the overdue action
    assert response.context["totals"] == {"actions": 2, "done": 1, "in_progress": 0, "overdue": 1}
    # Even staff, who see every decision, find only public ones here.
    staff_page = client_as("staff").get(reverse("decisions:followup"))
    assert members_decision.title not in staff_page.text


def test_the_decision_page_flags_overdue_actions(client, public_decision):
    response = client.get(public_decision.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count('class="decision-overdue"') == 1


def test_overdue_actions_are_told_to_their_owner_once(public_decision, member):
    assert actions_notify_overdue() == 1
    assert actions_notify_overdue() == 0
    told = Notification.objects.filter(recipient=member, kind="decisions.action_overdue")
    assert told.count() == 1
    assert "Rédiger le bilan" in told.get().title


def test_a_new_due_date_means_being_told_again_when_it_passes(staff, public_decision, member):
    from cordee.decisions.services import action_change

    actions_notify_overdue()
    action = public_decision.actions.order_by("pk").first()
    action_change(
        action=action,
        title=action.title,
        owner=member,
        due_on=timezone.localdate() + timedelta(days=3),
        by=staff,
    )
    assert actions_notify_overdue(on=timezone.localdate() + timedelta(days=5)) == 1
    assert (
        Notification.objects.filter(recipient=member, kind="decisions.action_overdue").count() == 2
    )


def test_personal_data_export_and_erasure_are_registered(public_decision, staff, member):
    assert "decisions" in personal_data.exporters()
    erase_decisions = personal_data.erasers()["decisions"]
    data = personal_data.exporters()["decisions"](member)
    assert [a["action"] for a in data["actions"]] == ["Rédiger le bilan", "Le mettre en ligne"]
    recorded = personal_data.exporters()["decisions"](staff)["decisions_recorded"]
    assert recorded[0]["title"] == public_decision.title
    erase_decisions(member)
    erase_decisions(staff)
    assert not Action.objects.filter(owner=member).exists()
    assert Decision.objects.get(pk=public_decision.pk).created_by is None
    assert Action.objects.filter(decision=public_decision).count() == 2  # the record stays


def test_with_htmx_the_register_answers_its_results_only(client_as, public_decision):
    response = client_as("member").get(
        reverse("decisions:register"), {"scope": "public"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert public_decision.title in response.text


def test_visitors_and_funders_see_progress_but_not_who_is_responsible(
    client, client_as, public_decision, member
):
    for viewer in (client, client_as("funder")):
        page = viewer.get(public_decision.get_absolute_url())
        assert "Rédiger le bilan" in page.text
        assert member.display_name not in page.text
    assert member.display_name in client_as("expert").get(public_decision.get_absolute_url()).text
