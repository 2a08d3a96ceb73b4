"""Files attached to a request lose the hidden properties that would name who asks."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cordee.mutualaid.models import Attachment

from .conftest import post

ASKER = "Marc Bouvier"
COMPANY = "Décolletage Bouvier"


def _jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = ASKER  # Artist
    exif[0x010F] = COMPANY  # Make
    output = io.BytesIO()
    Image.new("RGB", (64, 48), "grey").save(output, format="JPEG", exif=exif)
    return output.getvalue()


def _docx() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "docProps/core.xml",
            '<cp:coreProperties xmlns:cp="x" xmlns:dc="y">'
            f"<dc:creator>{ASKER}</dc:creator><cp:lastModifiedBy>{ASKER}</cp:lastModifiedBy>"
            "</cp:coreProperties>",
        )
        archive.writestr(
            "docProps/app.xml", f"<Properties><Company>{COMPANY}</Company></Properties>"
        )
        archive.writestr("word/document.xml", "<w:document>Bavures sur laiton</w:document>")
    return output.getvalue()


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": ASKER, "/Producer": COMPANY})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _stored(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as stored:
        return stored.read()


def test_attachments_of_a_discreet_request_do_not_name_the_asker(head):
    files = [
        SimpleUploadedFile("piece.jpg", _jpeg()),
        SimpleUploadedFile("rapport.docx", _docx()),
        SimpleUploadedFile("plan.pdf", _pdf()),
    ]
    help_request = post(head, discreet=True, uploads=files)

    stored = {a.original_name: a for a in help_request.attachments.all()}
    assert set(stored) == {"piece.jpg", "rapport.docx", "plan.pdf"}
    for attachment in stored.values():
        content = _stored(attachment)
        assert ASKER.encode() not in content, attachment.original_name
        assert COMPANY.encode() not in content, attachment.original_name
        assert attachment.size == len(content)
    with Image.open(io.BytesIO(_stored(stored["piece.jpg"]))) as image:
        assert image.size == (64, 48)
    with zipfile.ZipFile(io.BytesIO(_stored(stored["rapport.docx"]))) as archive:
        assert archive.read("word/document.xml") == b"<w:document>Bavures sur laiton</w:document>"


def test_a_discreet_request_does_not_show_its_file_names_to_other_members(
    client_as, head, discreet_request
):
    from django.urls import reverse

    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(picture, format="PNG")
    help_request = post(
        head, discreet=True, uploads=[SimpleUploadedFile("NC Bouvier mars.png", picture.getvalue())]
    )
    attachment = help_request.attachments.get()
    url = reverse("mutualaid:attachment", args=[help_request.public_id, attachment.public_id])
    page = client_as("member").get(help_request.get_absolute_url()).content.decode()
    assert url in page
    assert "Bouvier" not in page
    download = client_as("member").get(url)
    assert "Bouvier" not in download["Content-Disposition"]
    assert download["Content-Disposition"].endswith('.png"')
    assert (
        "NC Bouvier mars.png"
        in client_as("head").get(help_request.get_absolute_url()).content.decode()
    )


def test_a_png_keeps_its_picture_and_loses_its_text(head):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", ASKER)
    output = io.BytesIO()
    Image.new("RGB", (30, 20), "red").save(output, format="PNG", pnginfo=info)
    help_request = post(
        head, discreet=True, uploads=[SimpleUploadedFile("a.png", output.getvalue())]
    )
    content = _stored(help_request.attachments.get())
    assert ASKER.encode() not in content
    with Image.open(io.BytesIO(content)) as image:
        assert (image.size, image.getpixel((0, 0))) == ((30, 20), (255, 0, 0))
