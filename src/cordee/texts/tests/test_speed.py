"""The text's page asks the database the same number of questions whatever its size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cordee.texts.large import build_large_text
from cordee.texts.services import version_blocks

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    client.get(url)  # sessions and caches warmed
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_text_page_queries_do_not_grow_with_paragraphs_and_amendments(
    head, member, expert, client_as
):
    people = [member, expert]
    small = build_large_text(
        author=head, people=people, paragraphs=8, amendments=10, comments=5, accepted=2
    )
    large = build_large_text(
        author=head, people=people, paragraphs=60, amendments=300, comments=100, accepted=6
    )
    client = client_as("member")
    assert _queries(client, small.get_absolute_url()) == _queries(client, large.get_absolute_url())

    # A paragraph's amendments, loaded on demand, and a comparison of two versions too.
    def paragraph_url(text):
        text.refresh_from_db()
        busiest = max(
            version_blocks(text.current_version), key=lambda s: s.paragraph.amendments.count()
        )
        return reverse("texts:paragraph", args=[text.public_id, busiest.paragraph.public_id])

    assert _queries(client, paragraph_url(small)) == _queries(client, paragraph_url(large))

    def compare_url(text):
        return reverse("texts:compare", args=[text.public_id]) + "?older=1&newer=3&layout=side"

    assert _queries(client, compare_url(small)) == _queries(client, compare_url(large))


def test_a_paragraph_loads_as_a_fragment_for_htmx(charter, client_as):
    paragraph = version_blocks(charter.current_version)[2].paragraph
    url = reverse("texts:paragraph", args=[charter.public_id, paragraph.public_id])
    fragment = client_as("member").get(url, headers={"HX-Request": "true"}).content.decode()
    page = client_as("member").get(url).content.decode()
    assert "<html" not in fragment and "No amendment to this paragraph." in fragment
    assert "<html" in page and "No amendment to this paragraph." in page


def test_the_list_of_texts_asks_as_many_questions_for_two_texts_as_for_twelve(
    head, member, client_as
):
    from cordee.texts.tests.conftest import make_text

    client = client_as("member")
    url = reverse("texts:list")
    for index in range(2):
        make_text(head, title=f"Texte {index}")
    few = _queries(client, url)
    for index in range(10):
        make_text(head, title=f"Autre texte {index}")
    assert _queries(client, url) == few
