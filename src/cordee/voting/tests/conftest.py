from __future__ import annotations

import pytest
from django.utils import translation

from cordee.core.testing.personas import make_person
from cordee.network.models import Affiliation
from cordee.voting.tests.factories import make_vote


@pytest.fixture(autouse=True)
def in_english(settings):
    """These tests read English wording: pages and messages in English, whatever the
    default language (French) and its catalogue say."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def lacroix_head(network, person):
    """A company head for Lacroix (paid up, Bassin annécien), besides the expert."""
    user = make_person("member", network, email="lacroix-head@test.example.org")
    Affiliation.objects.filter(person=user).update(organisation=network.lacroix, is_head=True)
    return user


@pytest.fixture
def assembly(network, staff, head, lacroix_head):
    """An open general-assembly vote by majority judgment; electorate: bouvier and lacroix."""
    return make_vote(staff, publish=True)
