from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cordee.audit.models import AuditEvent
from cordee.decisions.models import Action, Decision
from cordee.decisions.services import ActionDraft, action_add
from cordee.decisions.tests.conftest import make_decision
from cordee.network.access import Access
from cordee.network.models import Territory
from cordee.network.scopes import Scope

pytestmark = pytest.mark.django_db


def test_staff_record_a_decision_with_actions_and_it_is_audited(public_decision, member):
    assert public_decision.actions.count() == 2
    assert set(public_decision.actions.values_list("owner", flat=True)) == {member.pk}
    assert AuditEvent.objects.filter(
        action="decision.recorded", target_id=str(public_decision.pk)
    ).exists()


def test_a_decision_cannot_be_dated_in_the_future(staff):
    with pytest.raises(ValidationError) as error:
        make_decision(staff, decided_on=timezone.localdate() + timedelta(days=1))
    assert "decided_on" in error.value.message_dict
    assert not Decision.objects.exists()


def test_an_action_due_before_the_decision_is_refused(staff, members_decision):
    with pytest.raises(ValidationError) as error:
        action_add(
            decision=members_decision,
            title="Trop tôt",
            due_on=members_decision.decided_on - timedelta(days=1),
            by=staff,
        )
    assert "before the decision" in error.value.message_dict["due_on"][0]
    assert not Action.objects.exists()


def test_an_action_owner_outside_the_network_is_refused(staff, members_decision, outsider):
    with pytest.raises(ValidationError) as error:
        action_add(decision=members_decision, title="Relancer", owner=outsider, by=staff)
    assert "owner" in error.value.message_dict


def test_a_decision_with_a_bad_action_records_nothing(staff, outsider):
    with pytest.raises(ValidationError):
        make_decision(staff, actions=[ActionDraft("Relancer", owner=outsider)])
    assert not Decision.objects.exists()


def test_a_territory_decision_needs_its_territory(staff):
    with pytest.raises(ValidationError) as error:
        make_decision(staff, scope=Scope.TERRITORY)
    assert "scope_territory" in error.value.message_dict


def test_a_private_or_group_scope_is_refused(staff):
    with pytest.raises(ValidationError) as error:
        make_decision(staff, scope=Scope.PRIVATE)
    assert "scope" in error.value.message_dict


def test_an_origin_other_than_a_meeting_consultation_text_or_vote_is_refused(staff, board):
    with pytest.raises(ValidationError):
        make_decision(staff, origin=board)


def test_members_see_members_only_decisions_funders_and_visitors_public_ones(
    public_decision, members_decision, arve_decision, member, expert, funder
):
    def visible(user):
        access = Access.for_user(user) if user else Access.anonymous()
        return set(Decision.objects.visible_to(access))

    assert visible(member) == {public_decision, members_decision, arve_decision}
    # The expert works in the Bassin annécien: not for the Arve valley's decisions.
    assert visible(expert) == {public_decision, members_decision}
    assert visible(funder) == {public_decision}
    assert visible(None) == {public_decision}


def test_the_chair_or_secretary_of_the_body_manages_its_decisions(
    members_decision, arve_decision, secretary, coordinator, member
):
    assert set(Decision.objects.managed_by(Access.for_user(secretary))) == {members_decision}
    assert set(Decision.objects.managed_by(Access.for_user(coordinator))) == {arve_decision}
    assert not Decision.objects.managed_by(Access.for_user(member)).exists()


def test_a_territory_decisions_action_goes_to_someone_of_that_territory(
    coordinator, arve_decision, expert, member
):
    # The expert works in the Bassin annécien: they cannot see the Arve valley's decision.
    with pytest.raises(ValidationError) as error:
        action_add(decision=arve_decision, title="Préparer la visite", owner=expert, by=coordinator)
    assert "owner" in error.value.message_dict
    assert (
        action_add(
            decision=arve_decision, title="Préparer la visite", owner=member, by=coordinator
        ).owner
        == member
    )


SCOPES = st.sampled_from(
    [
        (Scope.PUBLIC, None),
        (Scope.NETWORK, None),
        (Scope.TERRITORY, "arve"),
        (Scope.TERRITORY, "annecy"),
        (Scope.TERRITORY, "haute-savoie"),
    ]
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scopes=st.lists(SCOPES, min_size=1, max_size=6))
def test_who_sees_what_whatever_the_scopes(scopes, network, staff, member, funder, outsider):
    """Visitors, funders and lapsed members see public decisions only; a member of the
    Arve valley sees the network's and those of the Arve valley and the territories above."""
    Decision.objects.all().delete()
    territories = {t.slug: t for t in Territory.objects.all()}
    made = [
        make_decision(staff, title=f"D{i}", scope=scope, scope_territory=territories.get(slug))
        for i, (scope, slug) in enumerate(scopes)
    ]
    public = {d.pk for d in made if d.scope == Scope.PUBLIC}
    for user in (None, funder, outsider):
        access = Access.for_user(user) if user else Access.anonymous()
        assert set(Decision.objects.visible_to(access).values_list("pk", flat=True)) == public
    seen_by_member = {
        d.pk
        for d in made
        if d.scope != Scope.TERRITORY or d.scope_territory.slug in ("arve", "haute-savoie")
    }
    assert (
        set(Decision.objects.visible_to(Access.for_user(member)).values_list("pk", flat=True))
        == seen_by_member
    )
    assert set(
        Decision.objects.visible_to(Access.for_user(staff)).values_list("pk", flat=True)
    ) == {d.pk for d in made}
