from __future__ import annotations

import pytest
from django.utils import translation

from cordee.knowledge.models import Theme
from cordee.mutualaid.models import Audience, HelpRequest
from cordee.mutualaid.services import HelpRequestData, help_request_post
from cordee.network.access import Access
from cordee.network.models import Skill


@pytest.fixture(autouse=True)
def in_english(settings):
    """These tests read English wording, whatever the default language says."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def surface(db):
    return Skill.objects.get(slug="traitement-de-surface")


@pytest.fixture
def innovation(db):
    return Theme.objects.get(slug="innovation")


def post(
    asker, *, discreet=False, title="Bavures sur laiton après décolletage", uploads=(), **fields
):
    """A request posted through the service, as the form would."""
    data = HelpRequestData(
        title=title,
        description=fields.pop(
            "description", "Des bavures restent sur les pièces en laiton. Comment les éviter ?"
        ),
        urgency=fields.pop("urgency", "normal"),
        audience=fields.pop("audience", Audience.NETWORK),
        is_discreet=discreet,
        **fields,
    )
    return help_request_post(data=data, by=asker, access=Access.for_user(asker), uploads=uploads)


@pytest.fixture
def discreet_request(head, surface) -> HelpRequest:
    """Marc Bouvier (head of Décolletage Bouvier, Arve valley) asks discreetly."""
    return post(head, discreet=True, skills=[surface])
