"""Importing an archive: each document becomes a draft article; bad files are reported."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cordee.knowledge import archive as archive_module
from cordee.knowledge.archive import (
    archive_import_counts,
    archive_import_resume,
    archive_import_upload,
)
from cordee.knowledge.demo_data.make_sample_archive import make_encrypted_pdf, make_pdf
from cordee.knowledge.models import (
    ArchiveEntry,
    ArchiveImport,
    Article,
    ArticleKind,
    ArticleStatus,
    Attachment,
)
from cordee.knowledge.tests.archive_zips import sample_upload, texts, upload, zip_bytes
from cordee.network.access import Access
from cordee.network.scopes import Scope


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def start(staff, content: bytes, **options) -> ArchiveImport:
    archive_import = archive_import_upload(
        upload=upload(content), by=staff, access=Access.for_user(staff), **options
    )
    archive_import.refresh_from_db()
    return archive_import


def entry(archive_import: ArchiveImport, path: str) -> ArchiveEntry:
    return archive_import.entries.get(path=path)


# The sample archive.


def test_each_document_of_the_sample_archive_becomes_a_draft_article(staff):
    archive_import = archive_import_upload(
        upload=sample_upload(), by=staff, access=Access.for_user(staff)
    )
    archive_import.refresh_from_db()
    assert archive_import.status == ArchiveImport.Status.DONE
    assert archive_import_counts(archive_import) == {
        "total": 18,
        "processed": 18,
        "imported": 12,
        "skipped": 6,
    }
    articles = Article.objects.filter(source_path__gt="")
    assert articles.count() == 12
    assert set(articles.values_list("status", flat=True)) == {ArticleStatus.DRAFT}
    assert set(articles.values_list("scope", flat=True)) == {Scope.NETWORK}
    assert not articles.filter(authors__isnull=False).exists()
    # The stored ZIP file is not kept: every original is attached to its article.
    assert not archive_import.file
    assert Attachment.objects.filter(article__in=articles).count() == 12


def test_every_reason_to_skip_a_file_of_the_sample_archive_is_reported(staff):
    archive_import = archive_import_upload(
        upload=sample_upload(), by=staff, access=Access.for_user(staff)
    )
    skipped = dict(
        archive_import.entries.filter(outcome=ArchiveEntry.Outcome.SKIPPED).values_list(
            "path", "reason"
        )
    )
    assert skipped == {
        "Club qualité/REX/copie de rex-audit-iatf-2018.html": "duplicate",
        "Archives abîmées/rapport-activite-2015.pdf": "corrupt",
        "Archives abîmées/grille-salaires-confidentielle.pdf": "encrypted",
        "Divers/notes.txt": "empty",
        "Divers/logo-arve-industries.png": "unsupported",
        "Divers/photos-salon-2018.zip": "unsupported",
    }
    nested = entry(archive_import, "Divers/photos-salon-2018.zip")
    assert "archive inside the archive is not opened" in nested.detail


def test_an_imported_document_keeps_its_title_date_folders_original_and_first_revision(staff):
    archive_import = archive_import_upload(
        upload=sample_upload(), by=staff, access=Access.for_user(staff)
    )
    imported = entry(archive_import, "Commission RSE/2019/bilan-carbone-premiers-pas.docx")
    article = imported.article
    assert article.title == "Bilan carbone : premiers pas d'une PME du décolletage"
    assert article.kind == ArticleKind.TEMPLATE
    assert "## Ce qui pèse le plus" in article.body
    assert "- l'électricité des machines" in article.body
    assert set(article.tags.values_list("name", flat=True)) == {"Commission RSE", "2019"}
    assert imported.document_date == date(2019, 9, 20)
    attachment = article.attachments.get()
    assert attachment.original_name == "bilan-carbone-premiers-pas.docx"
    assert attachment.sha256 == article.content_hash == imported.sha256
    revision = article.revisions.get()
    assert revision.number == 1
    assert revision.created_at.date() == date(2019, 9, 20)
    assert "Commission RSE/2019/bilan-carbone-premiers-pas.docx" in revision.note


def test_titles_and_kinds_are_guessed_from_metadata_headings_first_lines_and_folders(staff):
    archive_import = archive_import_upload(
        upload=sample_upload(), by=staff, access=Access.for_user(staff)
    )
    found = {
        item.path: (item.article.title, item.article.kind, item.document_date)
        for item in archive_import.entries.filter(outcome="imported").select_related("article")
    }
    # A PDF's metadata title.
    assert found["Innovation/Guides/guide-credit-impot-recherche.pdf"] == (
        "Guide du crédit d'impôt recherche",
        ArticleKind.GUIDE,
        date(2016, 5, 4),
    )
    # A PDF without metadata: its first line, and the date in its name.
    assert found["Management/2016/pv-conseil-administration-2016-06.pdf"] == (
        "Procès-verbal du conseil d'administration de juin 2016",
        ArticleKind.TEMPLATE,
        date(2016, 6, 1),
    )
    # Markdown front matter.
    assert found["Club qualité/Fiches/fiche-autocontrole-poste.md"] == (
        "Fiche pratique : l'autocontrôle au poste",
        ArticleKind.PRACTICE,
        date(2018, 4, 12),
    )
    # A text file in an old Windows encoding: its first line, and the ZIP's date.
    assert found["Club qualité/Fiches/fiche-5S-atelier-decolletage.txt"] == (
        "Fiche 5S : l'atelier de décolletage en 5 étapes",
        ArticleKind.PRACTICE,
        date(2017, 2, 1),
    )
    assert found["Club qualité/REX/rex-audit-iatf-2018.html"][1] == ArticleKind.LESSONS
    assert found["Management/FAQ-groupement-employeurs.txt"][1] == ArticleKind.FAQ


def test_html_loses_its_scripts_and_event_handlers_and_becomes_markdown(staff):
    archive_import = archive_import_upload(
        upload=sample_upload(), by=staff, access=Access.for_user(staff)
    )
    body = entry(archive_import, "Club qualité/REX/rex-audit-iatf-2018.html").article.body
    assert "alert" not in body and "<script" not in body and "onclick" not in body
    assert "## Ce qui a coincé" in body
    assert "**audit à blanc**" in body
    assert "[le site de l'IATF](https://www.iatfglobaloversight.org/)" in body


def test_the_scope_chosen_at_upload_is_given_to_every_article(staff, network):
    archive_import = start(
        staff, zip_bytes(texts(2)), scope=Scope.TERRITORY, territory=network.arve
    )
    articles = Article.objects.filter(pk__in=archive_import.entries.values("article"))
    assert set(articles.values_list("scope", "scope_territory")) == {
        (Scope.TERRITORY, network.arve.pk)
    }


def test_staff_of_one_territory_cannot_import_for_another(coordinator, network):
    with pytest.raises(ValidationError, match="not staff of"):
        archive_import_upload(
            upload=upload(zip_bytes(texts(1))),
            by=coordinator,
            access=Access.for_user(coordinator),
            scope=Scope.TERRITORY,
            territory=network.annecy,
        )


def test_members_cannot_import_an_archive(member):
    with pytest.raises(ValidationError, match="Only the network's staff"):
        archive_import_upload(
            upload=upload(zip_bytes(texts(1))), by=member, access=Access.for_user(member)
        )


# Duplicates.


def test_a_file_already_in_the_knowledge_base_is_skipped_as_a_duplicate_of_it(staff):
    first = start(staff, zip_bytes(texts(2)))
    again = start(staff, zip_bytes({"Copies/fiche.md": texts(2)["Club qualité/fiche-1.md"]}))
    skipped = again.entries.get()
    original = entry(first, "Club qualité/fiche-1.md").article
    assert skipped.reason == ArchiveEntry.Reason.DUPLICATE
    assert skipped.duplicate_of == original
    assert "“Fiche 1”" in skipped.detail
    assert Article.objects.filter(content_hash=original.content_hash).count() == 1


def test_two_identical_files_in_one_archive_make_one_article(staff):
    same = "# Même fiche\n\nDeux copies."
    archive_import = start(staff, zip_bytes({"A/fiche.md": same, "B/fiche copie.md": same}))
    assert archive_import_counts(archive_import)["imported"] == 1
    assert entry(archive_import, "B/fiche copie.md").reason == ArchiveEntry.Reason.DUPLICATE


# Bad input.


def test_a_zip_bomb_that_expands_past_the_total_limit_is_refused_before_anything_starts(
    staff, settings
):
    settings.ARCHIVE_MAX_TOTAL_BYTES = 1024 * 1024
    bomb = zip_bytes({"bombe.txt": b"0" * (2 * 1024 * 1024)})
    assert len(bomb) < 10_000
    with pytest.raises(ValidationError, match="Once uncompressed, the archive would take"):
        start(staff, bomb)
    assert not ArchiveImport.objects.exists()


def test_a_file_compressed_like_a_zip_bomb_is_not_opened(staff):
    archive_import = start(staff, zip_bytes({"bombe.txt": b"0" * (3 * 1024 * 1024)}))
    skipped = archive_import.entries.get()
    assert skipped.reason == ArchiveEntry.Reason.TOO_LARGE
    assert "ZIP bomb" in skipped.detail
    assert not Article.objects.exists()


def test_an_archive_with_too_many_files_is_refused(staff, settings):
    settings.ARCHIVE_MAX_FILES = 3
    with pytest.raises(ValidationError, match="holds 4 files, more than 3"):
        start(staff, zip_bytes(texts(4)))


def test_a_file_over_the_size_limit_is_skipped_and_the_others_imported(staff, settings):
    settings.ARCHIVE_MAX_FILE_BYTES = 1000
    files = {**texts(1), "gros.txt": "Texte. " * 300}
    archive_import = start(staff, zip_bytes(files))
    assert entry(archive_import, "gros.txt").reason == ArchiveEntry.Reason.TOO_LARGE
    assert entry(archive_import, "Club qualité/fiche-1.md").outcome == "imported"


def test_an_upload_over_the_size_limit_is_refused(staff, settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError, match="larger than"):
        start(staff, zip_bytes(texts(3)))


def test_a_file_that_is_not_a_zip_is_refused(staff):
    with pytest.raises(ValidationError, match="not a ZIP file"):
        start(staff, b"PK\x03\x04 ceci n'est pas un zip")


def test_entries_that_climb_out_or_are_absolute_or_links_are_refused_and_reported(staff):
    files = {
        "../../etc/cron.d/evil.txt": "pirate",
        "/etc/passwd.txt": "pirate",
        "C:/Windows/evil.txt": "pirate",
        "Club/../../sortie.md": "# Sortie",
        **texts(1),
    }
    archive_import = start(staff, zip_bytes(files, symlinks=("Club/lien.txt",)))
    unsafe = set(
        archive_import.entries.filter(reason=ArchiveEntry.Reason.UNSAFE).values_list(
            "path", flat=True
        )
    )
    assert unsafe == {
        "../../etc/cron.d/evil.txt",
        "etc/passwd.txt",
        "C:/Windows/evil.txt",
        "Club/../../sortie.md",
        "Club/lien.txt",
    }
    assert Article.objects.count() == 1


def test_a_corrupt_pdf_is_skipped_with_what_to_do(staff):
    damaged = make_pdf(["Rapport"])[:150]
    archive_import = start(staff, zip_bytes({"rapport.pdf": damaged, "faux.pdf": b"<html>"}))
    for path in ("rapport.pdf", "faux.pdf"):
        skipped = entry(archive_import, path)
        assert skipped.reason == ArchiveEntry.Reason.CORRUPT
        assert "save it again" in skipped.detail


def test_a_pdf_protected_by_a_password_is_skipped_with_what_to_do(staff):
    archive_import = start(staff, zip_bytes({"salaires.pdf": make_encrypted_pdf(["Secret"])}))
    skipped = archive_import.entries.get()
    assert skipped.reason == ArchiveEntry.Reason.ENCRYPTED
    assert "unprotected copy" in skipped.detail


def test_a_pdf_readable_without_its_owner_password_is_imported(staff):
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(make_pdf(["Fiche lisible"]))))
    writer.encrypt(user_password="", owner_password="proprietaire", algorithm="RC4-128")
    content = BytesIO()
    writer.write(content)
    archive_import = start(staff, zip_bytes({"fiche.pdf": content.getvalue()}))
    assert archive_import.entries.get().article.title == "Fiche lisible"


# Crashes and resuming.


def test_an_import_that_crashed_mid_way_resumes_without_duplicating(staff, monkeypatch):
    real = archive_module.extract_document
    calls = []

    def crash_on_third(name, content):
        calls.append(name)
        if len(calls) == 3:
            raise RuntimeError("the worker died")
        return real(name, content)

    monkeypatch.setattr(archive_module, "extract_document", crash_on_third)
    archive_import = start(staff, zip_bytes(texts(5)))
    assert archive_import.status == ArchiveImport.Status.FAILED
    assert "resume it" in archive_import.error
    assert archive_import_counts(archive_import)["imported"] == 2
    assert archive_import.file  # Kept, to resume.

    monkeypatch.setattr(archive_module, "extract_document", real)
    archive_import_resume(archive_import=archive_import, by=staff)
    archive_import.refresh_from_db()
    assert archive_import.status == ArchiveImport.Status.DONE
    assert archive_import_counts(archive_import) == {
        "total": 5,
        "processed": 5,
        "imported": 5,
        "skipped": 0,
    }
    assert Article.objects.count() == 5
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        f"Fiche {number}" for number in range(1, 6)
    ]


def test_a_crash_while_writing_a_document_leaves_no_half_article(staff, monkeypatch):
    real = archive_module._folder_tags
    calls = []

    def crash_on_second(path):
        calls.append(path)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(path)

    monkeypatch.setattr(archive_module, "_folder_tags", crash_on_second)
    archive_import = start(staff, zip_bytes(texts(3)))
    assert archive_import.status == ArchiveImport.Status.FAILED
    # The first document whole; of the second, nothing: no article, attachment or entry.
    assert Article.objects.count() == 1 == archive_import.entries.count()
    assert Attachment.objects.count() == 1
    monkeypatch.setattr(archive_module, "_folder_tags", real)
    archive_import_resume(archive_import=archive_import, by=staff)
    assert Article.objects.count() == 3 == archive_import.entries.count()


def test_an_import_that_is_done_cannot_be_resumed(staff):
    archive_import = start(staff, zip_bytes(texts(1)))
    with pytest.raises(ValidationError, match="nothing to resume"):
        archive_import_resume(archive_import=archive_import, by=staff)


def test_imported_drafts_are_in_the_search_index(staff):
    from cordee.knowledge.search_models import SearchDocument

    archive_import = start(staff, zip_bytes(texts(2)))
    articles = list(archive_import.entries.values_list("article", flat=True))
    assert SearchDocument.objects.filter(object_id__in=articles).count() == 2


def test_a_script_in_an_imported_markdown_file_is_neutralised_when_shown(staff):
    from cordee.knowledge.markdown import render_markdown

    markdown = "# Fiche\n\n<script>alert(1)</script>\n\n[lien](javascript:alert(2)) **gras**"
    archive_import = start(staff, zip_bytes({"fiche.md": markdown}))
    html = str(render_markdown(archive_import.entries.get().article.body))
    assert "<script" not in html and 'href="javascript' not in html
    assert "<strong>gras</strong>" in html


def test_the_file_of_an_import_stopped_a_month_ago_is_deleted_and_what_it_imported_stays(
    staff, monkeypatch
):
    from datetime import timedelta

    from django.utils import timezone

    from cordee.knowledge.archive import archive_imports_forget

    real = archive_module.extract_document
    calls = []

    def crash_on_second(name, content):
        calls.append(name)
        if len(calls) == 2:
            raise RuntimeError("the worker died")
        return real(name, content)

    monkeypatch.setattr(archive_module, "extract_document", crash_on_second)
    stopped = start(staff, zip_bytes(texts(3)))
    stored = stopped.file.name
    storage = stopped.file.storage
    assert archive_imports_forget() == 0  # Too recent.
    ArchiveImport.objects.filter(pk=stopped.pk).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    assert archive_imports_forget() == 1
    stopped.refresh_from_db()
    assert not stopped.file and not storage.exists(stored)
    assert "was deleted" in stopped.error
    assert Article.objects.count() == 1
    with pytest.raises(ValidationError, match="file is gone"):
        archive_import_resume(archive_import=stopped, by=staff)


def test_accented_folder_names_written_without_the_utf8_flag_are_read_right(staff):
    # Many tools write UTF-8 names without saying so; Python would read "Club qualit├⌐".
    content = zip_bytes({"Club qualitXY/fiche.md": "# Fiche\n\nTexte."})
    content = content.replace(b"qualitXY", "qualité".encode())
    archive_import = start(staff, content)
    article = archive_import.entries.get().article
    assert archive_import.entries.get().path == "Club qualité/fiche.md"
    assert list(article.tags.values_list("name", flat=True)) == ["Club qualité"]
