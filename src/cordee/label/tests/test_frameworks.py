from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from cordee.label import framework_data
from cordee.label.demo import load_framework
from cordee.label.models import Criterion, Framework
from cordee.label.services import framework_check_editable, framework_new_version
from cordee.label.spreadsheets import framework_xlsx, read_framework
from cordee.network.spreadsheets import xlsx_bytes

pytestmark = pytest.mark.django_db


def _criterion_post(criterion: Criterion, **changes: object) -> dict[str, object]:
    data = {
        field: getattr(criterion, field)
        for field in (
            "pillar",
            "code",
            "title",
            "guidance",
            "evidence",
            "weight",
            "level_1",
            "level_2",
            "level_3",
            "level_4",
            "level_5",
            "position",
        )
    }
    return data | changes


def test_staff_edit_a_criterion_while_no_campaign_uses_the_framework(framework, client_as):
    criterion = framework.criteria.first()
    url = reverse("label:criterion_edit", args=[framework.public_id, criterion.public_id])
    response = client_as("staff").post(url, _criterion_post(criterion, title="Veille"))
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.title == "Veille"


def test_editing_a_framework_a_campaign_uses_is_refused_with_a_message(campaign, client_as):
    framework = campaign.framework
    criterion = framework.criteria.first()
    url = reverse("label:criterion_edit", args=[framework.public_id, criterion.public_id])
    with translation.override("en"):
        response = client_as("staff").post(
            url, _criterion_post(criterion, title="Changed"), follow=True, HTTP_ACCEPT_LANGUAGE="en"
        )
    criterion.refresh_from_db()
    assert criterion.title != "Changed"
    assert "Make a new version" in response.content.decode()
    with pytest.raises(ValidationError):
        framework_check_editable(framework)


def test_a_new_version_copies_the_criteria_and_can_be_edited(campaign, staff):
    copy = framework_new_version(framework=campaign.framework, by=staff)
    assert copy.version == 2
    assert copy.previous == campaign.framework
    assert copy.criteria.count() == campaign.framework.criteria.count()
    framework_check_editable(copy)  # no campaign uses it


def test_an_exported_framework_imports_again_unchanged(framework):
    rows = read_framework(framework_xlsx(framework))
    assert not rows.errors
    original = list(framework.criteria.values("code", "title", "pillar", "level_3", "weight"))
    assert [
        {key: row[key] for key in ("code", "title", "pillar", "level_3", "weight")}
        for row in rows.criteria
    ] == original


def test_import_lists_the_mistakes_row_by_row_and_imports_nothing(framework, client_as):
    with translation.override("en"):
        content = xlsx_bytes(
            ["Pilier", "Code", "Critère", "Poids", *[f"Niveau {n}" for n in range(1, 6)]],
            [
                ["innovation", "N-1", "Veille", "2", "a", "b", "c", "d", "e"],
                ["astrologie", "N-2", "Horoscope", "1", "a", "b", "c", "d", "e"],
                ["rse", "N-3", "Sécurité", "9", "a", "", "c", "d", "e"],
            ],
            title="Référentiel",
        )
        response = client_as("staff").post(
            reverse("label:framework_import", args=[framework.public_id]),
            {"file": SimpleUploadedFile("ref.xlsx", content)},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    page = response.content.decode()
    assert "Row 3: Unknown pillar" in page
    assert "Row 4: “Niveau 2” is empty." in page
    assert "Row 4: The weight must be a whole number from 1 to 5." in page
    assert framework.criteria.count() == 4


def test_a_valid_import_replaces_the_criteria(framework, client_as):
    content = xlsx_bytes(
        ["Pilier", "Code", "Critère", *[f"Niveau {n}" for n in range(1, 6)]],
        [["Pilotage stratégique", "P-1", "Stratégie", "a", "b", "c", "d", "e"]],
        title="Référentiel",
    )
    response = client_as("staff").post(
        reverse("label:framework_import", args=[framework.public_id]),
        {"file": SimpleUploadedFile("ref.xlsx", content)},
    )
    assert response.status_code == 302
    assert list(framework.criteria.values_list("code", "pillar")) == [
        ("P-1", "pilotage-strategique")
    ]


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_message():
    with pytest.raises(ValidationError):
        read_framework(b"%PDF-1.4 not a spreadsheet")


def test_the_demo_framework_has_thirty_complete_criteria_in_five_pillars():
    framework = load_framework()
    assert 28 <= framework.criteria.count() <= 32
    assert set(framework.criteria.values_list("pillar", flat=True)) == {
        "innovation",
        "rse",
        "management",
        "pilotage-strategique",
        "industrie-4-0",
    }
    for criterion in framework.criteria.all():
        assert criterion.guidance and criterion.evidence
        assert all(len(text) > 15 for _level, text in criterion.levels)
    assert load_framework() == framework  # loading again changes nothing
    assert Framework.objects.count() == 1
    assert len({code for _p, code, *_rest in framework_data.CRITERIA}) == len(
        framework_data.CRITERIA
    )


def test_the_framework_can_be_loaded_in_production_by_a_command():
    out = io.StringIO()
    call_command("load_label_framework", stdout=out)
    call_command("load_label_framework", stdout=out)
    assert Framework.objects.count() == 1
    assert "criteria" in out.getvalue()
