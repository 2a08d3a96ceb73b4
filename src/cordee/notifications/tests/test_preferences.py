import pytest
from django.urls import reverse

from cordee.notifications.kinds import Frequency, all_kinds
from cordee.notifications.models import NotificationPreference
from cordee.notifications.services import ANNOUNCEMENT, INVITATION_ACCEPTED

pytestmark = pytest.mark.django_db


def test_each_kind_is_a_group_of_choices_with_a_legend_and_the_current_one_checked(
    member, client_as, prefers
):
    prefers(member, ANNOUNCEMENT, "weekly")
    response = client_as("member").get(reverse("notifications:preferences"))
    html = response.content.decode()
    assert html.count("<fieldset") == len(all_kinds())
    assert html.count("<legend") == len(all_kinds())
    # Every capability registers its kinds: each starts at its default.
    defaults = {kind.key: kind.default_frequency for kind in all_kinds()}
    assert response.context["form"].initial == {**defaults, ANNOUNCEMENT: Frequency.WEEKLY}
    assert defaults[INVITATION_ACCEPTED] == Frequency.DAILY
    for kind in all_kinds():
        assert str(kind.label) in html
        for value in Frequency.values:
            assert f'name="{kind.key}" value="{value}"' in html


def test_saving_records_only_the_choices_that_differ(member, client_as):
    defaults = {kind.key: str(kind.default_frequency) for kind in all_kinds()}
    response = client_as("member").post(
        reverse("notifications:preferences"),
        {**defaults, ANNOUNCEMENT: "never", INVITATION_ACCEPTED: "daily"},
    )
    assert response.status_code == 302
    assert dict(NotificationPreference.objects.values_list("kind", "frequency")) == {
        ANNOUNCEMENT: "never"
    }


def test_an_unknown_choice_is_explained(member, client_as):
    response = client_as("member").post(
        reverse("notifications:preferences"),
        {ANNOUNCEMENT: "hourly", INVITATION_ACCEPTED: "daily"},
    )
    assert response.status_code == 200
    assert ANNOUNCEMENT in response.context["form"].errors
    assert "error-summary" in response.content.decode()
    assert not NotificationPreference.objects.exists()
