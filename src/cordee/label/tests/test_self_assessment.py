from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cordee.label.models import Answer, Assessment, Attachment
from cordee.label.tests.conftest import fill

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _save_url(assessment: Assessment, code: str) -> str:
    return reverse("label:answer_save", args=[assessment.public_id, code])


def test_a_head_applies_and_gets_one_empty_answer_per_criterion(network, campaign, client_as):
    response = client_as("head").post(
        reverse("label:apply", args=[campaign.public_id]), {"company": "bouvier"}
    )
    assessment = Assessment.objects.get(organisation=network.bouvier)
    assert response.url == assessment.get_absolute_url()
    assert assessment.answers.filter(level__isnull=True).count() == 4


def test_a_member_who_is_not_the_head_cannot_apply(network, campaign, client_as):
    response = client_as("member").post(
        reverse("label:apply", args=[campaign.public_id]), {"company": "arvis"}
    )
    assert response.status_code == 404
    assert not Assessment.objects.exists()


def test_the_pillar_page_shows_each_level_in_words(label, client_as):
    url = reverse("label:assessment_pillar", args=[label.assessment.public_id, "innovation"])
    page = client_as("head").get(url).content.decode()
    for level in range(1, 6):
        assert f"Niveau {level} du critère 1" in page
    assert 'type="radio"' in page


def test_a_criterion_saves_as_a_draft_without_javascript(label, client_as):
    response = client_as("head").post(
        _save_url(label.assessment, "C-1"), {"C-1-level": "3", "C-1-evidence": "Revue de veille"}
    )
    assert response.status_code == 302
    assert response.url.endswith("#criterion-C-1")
    answer = label.assessment.answers.get(criterion__code="C-1")
    assert (answer.level, answer.evidence) == (3, "Revue de veille")


def test_a_criterion_saved_with_htmx_returns_its_form_only(label, client_as):
    response = client_as("head").post(
        _save_url(label.assessment, "C-2"), {"C-2-level": "4"}, HTTP_HX_REQUEST="true", **EN
    )
    page = response.content.decode()
    assert "<html" not in page
    assert "Saved." in page
    assert "checked" in page


@pytest.mark.parametrize("level", ["0", "6", "7", "-1", "trois", "3.5"])
def test_a_level_outside_one_to_five_is_refused_and_nothing_is_lost(label, client_as, level):
    fill(label.assessment, [2, None, None, None])
    answer = label.assessment.answers.get(criterion__code="C-1")
    answer.evidence = "Preuve existante"
    answer.save()
    response = client_as("head").post(
        _save_url(label.assessment, "C-1"),
        {"C-1-level": level, "C-1-evidence": "autre"},
        HTTP_HX_REQUEST="true",
        **EN,
    )
    assert "Choose a level from 1 to 5." in response.content.decode()
    answer.refresh_from_db()
    assert (answer.level, answer.evidence) == (2, "Preuve existante")


def test_progress_is_shown_by_pillar(label, client_as):
    fill(label.assessment, [3, 4, None, None])
    page = client_as("head").get(label.assessment.get_absolute_url(), **EN).content.decode()
    assert page.count("1/1") == 2
    assert page.count("0/1") == 2


def test_an_incomplete_assessment_is_refused_with_the_missing_criteria(label, client_as):
    fill(label.assessment, [3, None, 2, None])
    response = client_as("head").post(
        reverse("label:submit", args=[label.assessment.public_id]), follow=True, **EN
    )
    assert "Still missing: C-2, C-4." in response.content.decode()
    label.assessment.refresh_from_db()
    assert label.assessment.is_draft


def test_a_complete_assessment_is_submitted(label, client_as):
    fill(label.assessment, [3, 4, 2, 5])
    client_as("head").post(reverse("label:submit", args=[label.assessment.public_id]))
    label.assessment.refresh_from_db()
    assert label.assessment.status == Assessment.Status.SUBMITTED
    assert label.assessment.submitted_by == label.head


def test_a_submitted_assessment_cannot_be_edited(label, client_as):
    fill(label.assessment, [3, 4, 2, 5])
    client = client_as("head")
    client.post(reverse("label:submit", args=[label.assessment.public_id]))
    response = client.post(
        _save_url(label.assessment, "C-1"), {"C-1-level": "5"}, follow=True, **EN
    )
    assert "can no longer change" in response.content.decode()
    assert label.assessment.answers.get(criterion__code="C-1").level == 3


def test_the_staff_see_an_assessment_but_do_not_fill_it_in(label, client_as):
    response = client_as("staff").post(_save_url(label.assessment, "C-1"), {"C-1-level": "5"})
    assert response.status_code == 403


def test_an_attachment_is_kept_and_served_to_the_company_only(label, client_as):
    pdf = SimpleUploadedFile("audit énergie.pdf", b"%PDF-1.7\n% evidence\n")
    client_as("head").post(
        _save_url(label.assessment, "C-1"), {"C-1-level": "3", "C-1-attachment": pdf}
    )
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    url = reverse("label:attachment", args=[attachment.public_id])
    response = client_as("head").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_as("member").get(url).status_code == 404


def test_a_file_that_is_not_a_document_is_refused_whatever_its_name(label, client_as):
    exe = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 this is a program")
    response = client_as("head").post(
        _save_url(label.assessment, "C-1"),
        {"C-1-level": "3", "C-1-attachment": exe},
        HTTP_HX_REQUEST="true",
        **EN,
    )
    assert "is not a PDF, an image" in response.content.decode()
    assert not Attachment.objects.exists()
    assert Answer.objects.get(criterion__code="C-1", assessment=label.assessment).level is None


def test_a_closed_campaign_takes_no_more_applications(network, campaign, client_as):
    client_as("staff").post(reverse("label:campaign_close", args=[campaign.public_id]))
    campaign.refresh_from_db()
    assert campaign.status == "closed"
    response = client_as("head").post(
        reverse("label:apply", args=[campaign.public_id]), {"company": "bouvier"}, follow=True, **EN
    )
    assert "This campaign is closed" in response.content.decode()
    assert not Assessment.objects.exists()
