"""Network administrators import a folder of the server, and nothing outside the import root."""

from __future__ import annotations

import os

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cordee.knowledge.archive import archive_import_folder
from cordee.knowledge.extract import date_from_path, title_from_name
from cordee.knowledge.models import ArchiveEntry, ArchiveImport, Article
from cordee.network.access import Access


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


@pytest.fixture
def root(tmp_path, settings):
    """An import root holding the folder "mbi", and a secret file next to the root."""
    base = tmp_path / "root"
    folder = base / "mbi" / "Club qualité" / "2018"
    folder.mkdir(parents=True)
    (folder / "fiche-5S.md").write_text("# Fiche 5S\n\nTrier, ranger, nettoyer.")
    (base / "mbi" / "notes.txt").write_text("Notes du bureau\n\nÀ relire.")
    (tmp_path / "secret.txt").write_text("Mot de passe du serveur")
    os.symlink(tmp_path / "secret.txt", base / "mbi" / "lien.txt")
    os.symlink(tmp_path, base / "mbi" / "dossier-lien")
    settings.ARCHIVE_ROOT = base
    return base


def test_an_administrator_imports_a_folder_under_the_import_root(admin, root):
    archive_import = archive_import_folder(folder="mbi", by=admin, access=Access.for_user(admin))
    archive_import.refresh_from_db()
    assert archive_import.status == ArchiveImport.Status.DONE
    article = Article.objects.get(source_path="Club qualité/2018/fiche-5S.md")
    assert article.title == "Fiche 5S"
    assert set(article.tags.values_list("name", flat=True)) == {"Club qualité", "2018"}
    # The folder stays where it is: it is the administrator's copy.
    assert (root / "mbi" / "notes.txt").exists()


def test_symbolic_links_in_the_folder_are_reported_never_followed(admin, root):
    archive_import = archive_import_folder(folder="mbi", by=admin, access=Access.for_user(admin))
    unsafe = set(
        archive_import.entries.filter(reason=ArchiveEntry.Reason.UNSAFE).values_list(
            "path", flat=True
        )
    )
    assert unsafe == {"lien.txt", "dossier-lien"}
    assert not Article.objects.filter(body__contains="Mot de passe").exists()


@pytest.mark.parametrize("folder", ["..", "../", "mbi/../..", "/etc", "/", ""])
def test_a_folder_outside_the_import_root_is_refused(admin, root, folder):
    with pytest.raises(ValidationError):
        archive_import_folder(folder=folder, by=admin, access=Access.for_user(admin))
    assert not ArchiveImport.objects.exists()


def test_a_link_that_leads_out_of_the_import_root_is_refused(admin, root, tmp_path):
    os.symlink(tmp_path, root / "dehors")
    with pytest.raises(ValidationError, match="Only folders inside"):
        archive_import_folder(folder="dehors", by=admin, access=Access.for_user(admin))


def test_staff_who_are_not_administrators_cannot_import_a_folder(staff, root):
    with pytest.raises(ValidationError, match="administrators"):
        archive_import_folder(folder="mbi", by=staff, access=Access.for_user(staff))


def test_without_an_import_root_no_folder_can_be_imported(admin, settings):
    settings.ARCHIVE_ROOT = None
    with pytest.raises(ValidationError, match="CORDEE_ARCHIVE_ROOT"):
        archive_import_folder(folder="mbi", by=admin, access=Access.for_user(admin))


def test_the_folder_form_is_shown_to_administrators_only(english_client, root):
    url = reverse("knowledge:archive_imports")
    assert "Import a folder of the server" in english_client("admin").get(url).content.decode()
    assert "Import a folder of the server" not in english_client("staff").get(url).content.decode()


def test_an_administrator_imports_a_folder_from_the_page(english_client, root):
    response = english_client("admin").post(
        reverse("knowledge:archive_imports"),
        {"folder-folder": "mbi", "folder-scope": "network"},
    )
    archive_import = ArchiveImport.objects.get()
    assert response.url == archive_import.get_absolute_url()
    assert archive_import.source == ArchiveImport.Source.FOLDER


# Guessing from names.


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("Commission RSE/2019/bilan.pdf", "2019-01-01"),
        ("Commission RSE/2019/2019-05_bilan.pdf", "2019-05-01"),
        ("CR/cr-2018-11-23.docx", "2018-11-23"),
        ("CR/20181123-cr.docx", "2018-11-23"),
        ("2017/Club/cr.md", "2017-01-01"),
        ("Fiches/fiche-12345.md", None),
        ("Fiches/fiche.md", None),
    ],
)
def test_a_date_is_found_in_the_file_name_or_its_folders(path, expected):
    found = date_from_path(path)
    assert (found.isoformat() if found else None) == expected


def test_a_title_is_made_from_a_file_name_when_nothing_better_is_found():
    assert title_from_name("Club/fiche_usure-outils.pdf") == "Fiche usure outils"
