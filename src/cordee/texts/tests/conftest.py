from __future__ import annotations

import pytest
from django.utils import translation

from cordee.texts.models import Text
from cordee.texts.services import text_create

CHARTER = """# Charte de la coopération

## Article 1 – Objet

Les entreprises signataires s'entraident sur la production.

## Article 2 – Engagements

Chaque entreprise partage ses retours d'expérience.

- une visite d'atelier par an
- un référent par entreprise
"""


@pytest.fixture(autouse=True)
def in_english(settings):
    """These tests read English wording, whatever the default language says."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def make_text(author, markdown: str = CHARTER, **fields) -> Text:
    fields.setdefault("title", "Charte de la coopération")
    return text_create(text=Text(**fields), markdown=markdown, by=author)


@pytest.fixture
def charter(head):
    """A charter of the whole network, written by the company head, open to amendments."""
    return make_text(head)
