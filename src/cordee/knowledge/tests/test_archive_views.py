"""The archive import's pages: start an import, follow it, read its report, resume it."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse
from django.utils import translation

from cordee.knowledge import archive as archive_module
from cordee.knowledge.models import ArchiveImport, Article
from cordee.knowledge.tests.archive_zips import sample_upload, texts, upload, zip_bytes

IMPORTS = reverse("knowledge:archive_imports")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def english_client(client_as):
    """``english_client("staff")``: a client logged in as that persona, reading English."""

    def make(persona: str):
        client = client_as(persona)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


def test_staff_upload_a_zip_file_and_land_on_its_report(english_client):
    client = english_client("staff")
    response = client.post(IMPORTS, {"file": sample_upload(), "scope": "network"})
    archive_import = ArchiveImport.objects.get()
    assert response.status_code == 302
    assert response.url == archive_import.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "18 of 18 files processed: 12 imported, 6 skipped." in page
    assert '<progress id="archive-progress" max="18" value="18">' in page
    assert "Skipped: duplicate" in page
    assert "The same file is already in the knowledge base" in page
    assert "Skipped: protected by a password" in page
    assert "Compte rendu de la commission RSE - mars 2019" in page


def test_the_report_can_show_only_the_skipped_files(english_client):
    client = english_client("staff")
    client.post(IMPORTS, {"file": sample_upload(), "scope": "network"})
    archive_import = ArchiveImport.objects.get()
    page = client.get(archive_import.get_absolute_url(), {"show": "skipped"}).content.decode()
    assert "Divers/notes.txt" in page
    assert "Commission RSE/2019/bilan-carbone-premiers-pas.docx" not in page


def test_a_zip_bomb_upload_is_refused_on_the_form_with_what_to_do(english_client, settings):
    settings.ARCHIVE_MAX_TOTAL_BYTES = 1024 * 1024
    bomb = zip_bytes({"bombe.txt": b"0" * (2 * 1024 * 1024)})
    response = english_client("staff").post(IMPORTS, {"file": upload(bomb), "scope": "network"})
    assert response.status_code == 200
    assert "split it into several ZIP files" in response.content.decode()
    assert not ArchiveImport.objects.exists()


def test_choosing_one_territory_requires_the_territory(english_client):
    response = english_client("staff").post(
        IMPORTS, {"file": upload(zip_bytes(texts(1))), "scope": "territory"}
    )
    assert "Choose the territory that may see the articles." in response.content.decode()
    assert not ArchiveImport.objects.exists()


def test_htmx_asks_for_the_progress_alone_while_the_import_runs(english_client, staff):
    archive_import = ArchiveImport.objects.create(
        created_by=staff,
        source=ArchiveImport.Source.UPLOAD,
        original_name="archives.zip",
        status=ArchiveImport.Status.RUNNING,
        total=40,
    )
    response = english_client("staff").get(
        archive_import.get_absolute_url(), {"part": "status"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert page.lstrip().startswith("{") is False and "<html" not in page
    assert 'hx-trigger="every 2s"' in page
    assert "0 of 40 files processed" in page
    assert "Refresh to see where it is" in page  # Without JavaScript.
    assert "HX-Refresh" not in response


def test_htmx_reloads_the_whole_page_once_the_import_is_finished(english_client, staff):
    archive_import = ArchiveImport.objects.create(
        created_by=staff,
        source=ArchiveImport.Source.UPLOAD,
        original_name="archives.zip",
        status=ArchiveImport.Status.DONE,
    )
    response = english_client("staff").get(
        archive_import.get_absolute_url(), {"part": "status"}, HTTP_HX_REQUEST="true"
    )
    assert response["HX-Refresh"] == "true"


def test_staff_resume_a_stopped_import_from_its_page(english_client, monkeypatch):
    real = archive_module.extract_document
    calls = []

    def crash_on_third(name, content):
        calls.append(name)
        if len(calls) == 3:
            raise RuntimeError("the worker died")
        return real(name, content)

    monkeypatch.setattr(archive_module, "extract_document", crash_on_third)
    client = english_client("staff")
    client.post(IMPORTS, {"file": upload(zip_bytes(texts(4))), "scope": "network"})
    archive_import = ArchiveImport.objects.get()
    page = client.get(archive_import.get_absolute_url()).content.decode()
    assert "Resume the import" in page
    assert "The import stopped on an unexpected error" in page

    monkeypatch.setattr(archive_module, "extract_document", real)
    response = client.post(
        reverse("knowledge:archive_import_resume", args=[archive_import.public_id])
    )
    assert response.status_code == 302
    archive_import.refresh_from_db()
    assert archive_import.status == ArchiveImport.Status.DONE
    assert Article.objects.count() == 4


def test_the_sample_archive_is_offered_in_the_demo_only(english_client, settings):
    client = english_client("staff")
    assert "Use the sample archive" not in client.get(IMPORTS).content.decode()
    assert client.post(reverse("knowledge:archive_sample")).status_code == 404

    settings.ENVIRONMENT = "demo"
    assert "Use the sample archive" in client.get(IMPORTS).content.decode()
    response = client.post(reverse("knowledge:archive_sample"))
    archive_import = ArchiveImport.objects.get()
    assert response.url == archive_import.get_absolute_url()
    assert archive_import.source == ArchiveImport.Source.SAMPLE
    assert archive_import.entries.filter(outcome="imported").count() == 12


def test_a_coordinator_does_not_see_the_imports_of_the_whole_network(english_client):
    english_client("staff").post(IMPORTS, {"file": upload(zip_bytes(texts(1))), "scope": "network"})
    archive_import = ArchiveImport.objects.get()
    coordinator = english_client("coordinator")
    assert "archives.zip" not in coordinator.get(IMPORTS).content.decode()
    assert coordinator.get(archive_import.get_absolute_url()).status_code == 404


def test_administrators_read_an_import_and_its_entries_in_the_admin(english_client):
    client = english_client("admin")
    client.post(IMPORTS, {"file": upload(zip_bytes(texts(2))), "scope": "network"})
    archive_import = ArchiveImport.objects.get()
    assert client.get(reverse("admin:knowledge_archiveimport_changelist")).status_code == 200
    page = client.get(reverse("admin:knowledge_archiveimport_change", args=[archive_import.pk]))
    assert "Club qualité/fiche-2.md" in page.content.decode()


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(english_client, settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 1024
    client = english_client("staff")
    # Random bytes do not compress: the ZIP file stays as large as its content.
    big = zip_bytes({"scan.pdf": os.urandom(80 * 1024)})
    assert len(big) > 1024 + 64 * 1024
    response = client.post(IMPORTS, {"file": upload(big), "scope": "network"}, follow=True)
    assert "The file is larger than" in response.content.decode()
    assert not ArchiveImport.objects.exists()


@pytest.mark.parametrize("files", [3, 30])
def test_the_report_takes_as_many_queries_for_30_files_as_for_3(
    english_client, files, django_assert_max_num_queries
):
    client = english_client("staff")
    client.post(IMPORTS, {"file": upload(zip_bytes(texts(files))), "scope": "network"})
    url = ArchiveImport.objects.get().get_absolute_url()
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
