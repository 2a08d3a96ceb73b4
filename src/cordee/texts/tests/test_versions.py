"""Every version is kept; any two compare side by side or in one column."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cordee.texts.services import amendment_answer, amendment_propose, version_blocks

pytestmark = pytest.mark.django_db


def _accept(text, author, head, index, kind, proposed=""):
    text.refresh_from_db()
    amendment = amendment_propose(
        text=text,
        paragraph=version_blocks(text.current_version)[index].paragraph,
        kind=kind,
        proposed=proposed,
        justification="Pour le test.",
        base_version=text.current_version,
        by=author,
    )
    return amendment_answer(amendment=amendment, accept=True, answer="Oui.", by=head)


@pytest.fixture
def amended(charter, member, head):
    _accept(charter, member, head, 2, "replace", "Les signataires s'entraident sur la qualité.")
    _accept(charter, member, head, 4, "insert", "Chaque entreprise accueille un stagiaire.")
    _accept(charter, member, head, 0, "delete")
    charter.refresh_from_db()
    return charter


def test_the_versions_page_lists_every_version(amended, client_as):
    page = client_as("member").get(reverse("texts:versions", args=[amended.public_id]))
    content = page.content.decode()
    for number in (1, 2, 3, 4):
        assert f"Version {number}</a>" in content
    assert "Amendment accepted: delete this paragraph" in content


def test_side_by_side_comparison(amended, client_as):
    response = client_as("member").get(
        reverse("texts:compare", args=[amended.public_id]) + "?older=1&newer=4&layout=side"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 paragraphs differ." in page
    assert "(added)" in page and "(deleted)" in page
    assert '<del><span class="visually-hidden">[removed:] </span>production.</del>' in page
    assert '<ins><span class="visually-hidden">[added:] </span>qualité.</ins>' in page


def test_inline_comparison_in_either_order(amended, client_as):
    url = reverse("texts:compare", args=[amended.public_id])
    page = client_as("member").get(url + "?older=3&newer=2&layout=inline").content.decode()
    assert "Version 2 compared with 3" in page
    assert "Added paragraph" in page
    assert "Chaque entreprise accueille un stagiaire." in page


@pytest.mark.parametrize("query", ["?older=1&newer=1", "?older=1&newer=9", "?older=x&newer=2"])
def test_a_wrong_comparison_says_what_to_fix(amended, client_as, query):
    response = client_as("member").get(reverse("texts:compare", args=[amended.public_id]) + query)
    assert response.status_code == 400
    assert "Some information needs fixing" in response.content.decode()


def test_an_old_version_reads_as_it_was_and_downloads(amended, client_as):
    url = reverse("texts:version", args=[amended.public_id, 1])
    page = client_as("member").get(url).content.decode()
    assert "superseded: the text is at version 4" in page
    assert "sur la production." in page
    download = client_as("member").get(url + "?format=md")
    assert download["Content-Type"].startswith("text/markdown")
    assert download.content.decode().startswith("# Charte de la coopération\n\n## Article 1")
    assert (
        client_as("member").get(reverse("texts:version", args=[amended.public_id, 9])).status_code
        == 404
    )


def test_unchanged_paragraphs_are_shown_on_request(amended, client_as):
    url = reverse("texts:compare", args=[amended.public_id]) + "?older=1&newer=2&layout=side"
    page = client_as("member").get(url).content.decode()
    assert "Only the paragraphs that differ are shown." in page
    assert "## Article 2 – Engagements" not in page
    page = client_as("member").get(url + "&unchanged=on").content.decode()
    assert "## Article 2 – Engagements" in page
