import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def in_english(settings):
    """These tests read English wording: pages and messages in English, whatever the
    default language (French) and its catalogue say."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
