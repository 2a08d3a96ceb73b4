import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(settings):
    """These tests read English wording, whatever the default language says."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
