from __future__ import annotations

import pytest
from django.utils import translation

from cordee.consultations.tests.factories import make_consultation


@pytest.fixture(autouse=True)
def in_english(settings):
    """These tests read English wording, whatever the default language says."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def consultation(network, staff):
    """An open consultation of the whole network, in its contributions phase."""
    return make_consultation(staff)
