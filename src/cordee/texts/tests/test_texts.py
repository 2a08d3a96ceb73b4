"""Starting a text (pasted or uploaded), who reads it, personal data."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cordee.accounts.personal_data import erasers, exporters
from cordee.network.scopes import Scope
from cordee.texts.models import Text, TextVersion
from cordee.texts.services import comment_add, version_blocks
from cordee.texts.tests.conftest import make_text

pytestmark = pytest.mark.django_db


def _form(**fields):
    data = {
        "title": "Feuille de route 2027",
        "kind": "roadmap",
        "summary": "",
        "markdown": "## Axe 1\n\nFormer des régleurs.\n\n## Axe 2\n\nMutualiser la maintenance.",
        "scope": "network",
        "coauthors": "",
    }
    data.update(fields)
    return data


def test_member_starts_a_text_split_into_paragraphs(client_as, member, expert):
    response = client_as("member").post(
        reverse("texts:create"), _form(coauthors="expert@test.example.org")
    )
    text = Text.objects.get()
    assert response.status_code == 302
    assert response.url == text.get_absolute_url()
    assert [s.body for s in version_blocks(text.current_version)] == [
        "## Axe 1",
        "Former des régleurs.",
        "## Axe 2",
        "Mutualiser la maintenance.",
    ]
    assert set(text.authors.all()) == {member, expert}
    page = client_as("expert").get(text.get_absolute_url()).content.decode()
    assert "Former des régleurs." in page
    assert "4 paragraphs" not in page  # the message was shown to the author only


def test_a_docx_upload_becomes_the_first_version(client_as, member):
    import docx

    document = docx.Document()
    document.add_heading("Charte de la coopération", level=1)  # the title, not a paragraph
    document.add_heading("Article 1 – Objet", level=2)
    document.add_paragraph("Les signataires s'entraident.")
    document.add_paragraph("Ils partagent leurs pratiques.")
    content = io.BytesIO()
    document.save(content)
    upload = SimpleUploadedFile(
        "charte.docx",
        content.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response = client_as("member").post(
        reverse("texts:create"), {**_form(markdown=""), "document": upload}
    )
    assert response.status_code == 302
    bodies = [s.body for s in version_blocks(Text.objects.get().current_version)]
    assert len(bodies) == 3
    assert "Les signataires s'entraident." in bodies


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"markdown": "   "}, "Paste the text, or upload it as a file."),
        ({"scope": "public"}, "only staff publish them"),
        ({"scope": "territory"}, "Choose the territory whose members amend it."),
        ({"coauthors": "nobody@example.org"}, "No account has these addresses: nobody@example.org"),
        ({"title": ""}, "This field is required."),
    ],
)
def test_bad_input_is_refused_and_the_text_kept(client_as, member, fields, message):
    response = client_as("member").post(reverse("texts:create"), _form(**fields))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    if fields.get("markdown") is None:
        assert "Mutualiser la maintenance." in page
    assert not Text.objects.exists()


def test_a_file_that_is_not_a_document_is_refused(client_as, member):
    upload = SimpleUploadedFile(
        "charte.exe", b"MZ\x90\x00", content_type="application/octet-stream"
    )
    response = client_as("member").post(
        reverse("texts:create"), {**_form(markdown=""), "document": upload}
    )
    assert response.status_code == 400
    assert "Upload a Markdown, plain text, DOCX or ODT file" in response.content.decode()


def test_a_damaged_docx_is_refused_with_a_message(client_as, member):
    upload = SimpleUploadedFile("charte.docx", b"PK\x03\x04 not really a zip")
    response = client_as("member").post(
        reverse("texts:create"), {**_form(markdown=""), "document": upload}
    )
    assert response.status_code == 400
    assert not Text.objects.exists()


def test_funder_and_outsider_cannot_start_a_text(client_as, funder, outsider):
    assert client_as("funder").get(reverse("texts:create")).status_code == 403
    assert client_as("outsider").post(reverse("texts:create"), _form()).status_code == 403


def test_who_sees_which_text(head, network, client_as):
    network_text = make_text(head, title="Charte réseau")
    public = make_text(head, title="Statuts publics", scope=Scope.PUBLIC)
    annecy = make_text(
        head, title="Feuille de route Annecy", scope=Scope.TERRITORY, scope_territory=network.annecy
    )
    private = make_text(head, title="Brouillon privé", scope=Scope.PRIVATE)

    def seen(persona):
        page = client_as(persona).get(reverse("texts:list")).content.decode()
        return {t.title for t in (network_text, public, annecy, private) if t.title in page}

    assert seen("visitor") == {"Statuts publics"}
    assert seen("funder") == {"Statuts publics"}
    assert seen("outsider") == {"Statuts publics"}
    assert seen("member") == {"Charte réseau", "Statuts publics"}  # Arve, not Annecy
    assert seen("expert") == {"Charte réseau", "Statuts publics", "Feuille de route Annecy"}
    assert seen("head") == {t.title for t in (network_text, public, annecy, private)}
    assert seen("staff") == {"Charte réseau", "Statuts publics", "Feuille de route Annecy"}
    assert client_as("staff").get(private.get_absolute_url()).status_code == 404
    assert client_as("member").get(annecy.get_absolute_url()).status_code == 404


def test_the_list_filters_by_kind(head, client_as):
    make_text(head, title="Statuts du réseau", kind="statutes")
    make_text(head, title="Charte", kind="charter")
    page = client_as("member").get(reverse("texts:list") + "?kind=statutes").content.decode()
    assert "Statuts du réseau" in page
    assert ">Charte<" not in page


def test_personal_data_is_exported_and_contributions_stay_on_erasure(charter, member, head):
    paragraph = version_blocks(charter.current_version)[2].paragraph
    comment_add(text=charter, paragraph=paragraph, body="Bonne idée.", by=member)
    private = make_text(member, title="Mon brouillon", scope=Scope.PRIVATE)
    exported = exporters()["texts"](member)
    assert exported["comments"][0]["body"] == "Bonne idée."
    assert exported["texts_authored"][0]["title"] == "Mon brouillon"
    erasers()["texts"](member)
    assert not Text.objects.filter(pk=private.pk).exists()
    assert not TextVersion.objects.filter(text_id=private.pk).exists()
    assert charter.comments.filter(body="Bonne idée.").exists()
    assert Text.objects.filter(pk=charter.pk).exists()


def test_the_site_search_finds_texts_their_readers_may_see(charter, client_as, funder, member):
    url = reverse("search") + "?q=entraident"
    assert "Charte de la coopération" in client_as("member").get(url).content.decode()
    assert "Charte de la coopération" not in client_as("funder").get(url).content.decode()


def test_an_author_renames_the_text_and_changes_its_authors(charter, head, expert, client_as):
    url = reverse("texts:edit", args=[charter.public_id])
    assert client_as("member").get(url).status_code == 403
    response = client_as("head").post(
        url,
        {
            "title": "Charte de la coopération (projet)",
            "summary": "Pour l'AG.",
            "add_authors": "expert@test.example.org",
            "remove_authors": [head.pk],
        },
    )
    assert response.status_code == 302
    charter.refresh_from_db()
    assert charter.title == "Charte de la coopération (projet)"
    assert list(charter.authors.all()) == [expert]
    response = client_as("expert").post(
        url, {"title": "Charte", "summary": "", "remove_authors": [expert.pk]}
    )
    assert response.status_code == 400
    assert "A text keeps at least one author" in response.content.decode()
    assert list(charter.authors.all()) == [expert]
