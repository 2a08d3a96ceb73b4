"""Attachments: type read from the content, size limited, text extracted, served privately."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfWriter

from cordee.core.testing.photos import tiny_png
from cordee.knowledge.attachments import attachment_add, check_upload, extract_text
from cordee.knowledge.models import Attachment
from cordee.knowledge.tests.article_factory import make_article

pytestmark = pytest.mark.django_db


def _pdf(password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if password:
        writer.encrypt(password)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _odt(text: str) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
            f"<office:text><text:h>Titre</text:h><text:p>{text}</text:p></office:text>"
            "</office:body></office:document-content>",
        )
    return output.getvalue()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _refusal(name: str, content: bytes) -> str:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        check_upload(_upload(name, content))
    return error.value.messages[0]


def test_images_and_documents_are_recognised_from_their_content():
    assert check_upload(_upload("photo.png", tiny_png())).extension == "png"
    assert check_upload(_upload("fiche.PDF", _pdf())).extension == "pdf"
    assert check_upload(_upload("fiche.docx", _docx("x"))).extension == "docx"
    assert check_upload(_upload("fiche.odt", _odt("x"))).extension == "odt"


def test_an_executable_named_pdf_is_refused():
    message = _refusal("fiche.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100)
    assert "does not hold a PDF document" in message


def test_a_web_page_named_pdf_is_refused():
    message = _refusal("fiche.pdf", b"<html><script>alert(1)</script></html>")
    assert "does not hold a PDF document" in message


def test_a_png_named_pdf_is_refused_with_the_right_name_suggested():
    assert "holds a PNG document" in _refusal("fiche.pdf", tiny_png())


def test_an_unknown_kind_of_file_is_refused_with_the_list_of_accepted_ones():
    assert "Send one of: PDF" in _refusal("script.sh", b"#!/bin/sh\nrm -rf /\n")


def test_an_encrypted_pdf_is_refused_with_what_to_do():
    assert "protected by a password" in _refusal("secret.pdf", _pdf(password="x"))


def test_a_damaged_pdf_is_refused():
    assert "damaged" in _refusal("abime.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50)


@override_settings(KNOWLEDGE_ATTACHMENT_MAX_BYTES=1000)
def test_an_oversized_file_is_refused(expert, client_as):
    article = make_article(expert)
    with translation.override("en"):
        response = client_as("expert").post(
            reverse("knowledge:article_attachments", args=[article.slug]),
            {"file": _upload("grande.png", tiny_png((400, 400)) + b"\x00" * 2000)},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400
    assert "files are limited to" in response.content.decode()
    assert not Attachment.objects.exists()


def test_an_attachment_keeps_its_name_but_is_stored_under_a_random_one(expert):
    article = make_article(expert)
    attachment = attachment_add(
        article=article, upload=_upload("../../Fiche réglage.docx", _docx("Came")), by=expert
    )
    assert attachment.original_name.endswith("Fiche réglage.docx")
    assert "/" not in attachment.original_name
    assert "réglage" not in attachment.file.name and attachment.file.name.endswith(".docx")
    attachment.refresh_from_db()
    # Tests run tasks at once: the text is already there for search.
    assert attachment.extracted_text == "Came"


def test_text_is_extracted_from_odt_and_never_crashes_on_a_bad_file():
    assert "Réglage du tour" in extract_text(
        _odt("Réglage du tour"), "application/vnd.oasis.opendocument.text"
    )
    assert extract_text(b"PK\x03\x04broken", "application/pdf") == ""
    assert extract_text(_pdf(password="x"), "application/pdf") == ""


def test_a_file_is_downloaded_never_shown_and_only_by_readers(expert, client_as):
    article = make_article(expert)
    attachment = attachment_add(article=article, upload=_upload("plan.png", tiny_png()), by=expert)
    url = reverse("knowledge:attachment", args=[attachment.public_id])
    response = client_as("member").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "plan.png" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_as("outsider").get(url).status_code == 404
    assert client_as("visitor").get(url).status_code == 404


def test_an_editor_removes_a_file(expert, client_as):
    article = make_article(expert)
    attachment = attachment_add(article=article, upload=_upload("plan.png", tiny_png()), by=expert)
    client_as("expert").post(
        reverse("knowledge:article_attachments", args=[article.slug]),
        {"remove": str(attachment.public_id)},
    )
    assert not Attachment.objects.exists()
