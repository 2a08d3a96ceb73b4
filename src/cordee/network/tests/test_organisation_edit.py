"""Editing an organisation's page: its company heads and the staff over its territory."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import translation
from PIL import Image

from cordee.audit.models import AuditEvent
from cordee.core.testing.network import SIRETS
from cordee.core.testing.photos import tiny_png
from cordee.network.identifiers import make_siret
from cordee.network.models import Organisation, SizeBand


@pytest.fixture(autouse=True)
def in_english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def edit(slug: str) -> str:
    return reverse("network:organisation_edit", args=[slug])


def form_data(organisation: Organisation, **changes: object) -> dict[str, object]:
    """What the edit form would send back unchanged, with ``changes``."""
    organisation.refresh_from_db()
    data = {
        key: value
        for key, value in model_to_dict(organisation).items()
        if value is not None and key not in {"logo", "activities", "certifications", "id"}
    }
    data["commune"] = organisation.commune_id
    data["activities"] = [skill.slug for skill in organisation.activities.all()]
    data["certifications"] = [item.slug for item in organisation.certifications.all()]
    if not organisation.showcase:
        data.pop("showcase")
    data.update(changes)
    return data


def test_the_company_head_edits_the_page(client_as, network):
    response = client_as("head").post(
        edit("bouvier"),
        form_data(
            network.bouvier,
            trade_name="Bouvier Précision",
            naf_code="2562 a",
            naf_nomenclature="naf2025",
            size_band="medium",
            headcount="60",
            website="bouvier.example.org",
            description="Pièces de précision.",
            machines="Tornos MultiSwiss",
            activities=["decolletage", "rectification"],
            certifications=["iso-9001"],
            showcase="on",
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("network:organisation", args=["bouvier"])
    bouvier = Organisation.objects.get(slug="bouvier")
    assert bouvier.trade_name == "Bouvier Précision"
    assert bouvier.naf_code == "25.62A"
    assert bouvier.naf_nomenclature == "naf2025"
    assert (bouvier.size_band, bouvier.headcount) == (SizeBand.MEDIUM, 60)
    assert bouvier.website == "https://bouvier.example.org"
    assert bouvier.showcase
    assert sorted(bouvier.activities.values_list("slug", flat=True)) == [
        "decolletage",
        "rectification",
    ]
    assert list(bouvier.certifications.values_list("slug", flat=True)) == ["iso-9001"]
    event = AuditEvent.objects.get(action="organisation.updated")
    assert "trade_name" in event.details["fields"]


def test_the_edit_form_is_accessible_without_javascript(client_as, network):
    content = client_as("head").get(edit("bouvier")).content.decode()
    assert 'enctype="multipart/form-data"' in content
    assert "<legend>Process</legend>" in content  # activities grouped by family
    assert '<label for="id_commune">' in content
    assert "Cluses (74300)" in content


def test_the_size_must_agree_with_the_headcount(client_as, network):
    response = client_as("head").post(
        edit("bouvier"), form_data(network.bouvier, size_band="micro", headcount="35")
    )
    assert response.status_code == 200
    error = str(response.context["form"].errors["size_band"])
    assert "A headcount of 35 means “10 to 49 employees”, not “1 to 9 employees”" in error
    assert Organisation.objects.get(slug="bouvier").size_band == SizeBand.SMALL


def test_a_wrong_naf_code_is_refused_with_an_example(client_as, network):
    response = client_as("head").post(edit("bouvier"), form_data(network.bouvier, naf_code="2562"))
    assert "25.62A" in str(response.context["form"].errors["naf_code"])


def test_moving_to_another_town_moves_the_organisation_to_its_territory(client_as, network):
    client_as("head").post(edit("bouvier"), form_data(network.bouvier, commune=network.thonon.pk))
    assert Organisation.objects.get(slug="bouvier").territory == network.chablais


def test_the_company_head_cannot_change_the_legal_name_or_the_siret(client_as, network):
    response = client_as("head").get(edit("bouvier"))
    assert "siret" not in response.context["form"].fields
    assert "legal_name" not in response.context["form"].fields
    client_as("head").post(
        edit("bouvier"),
        form_data(network.bouvier, legal_name="Hacked", siret=make_siret(76000001)),
    )
    bouvier = Organisation.objects.get(slug="bouvier")
    assert bouvier.legal_name == "Décolletage Bouvier"
    assert bouvier.siret == SIRETS["bouvier"]


def test_staff_change_the_siret_and_the_siren_follows(client_as, network):
    siret = make_siret(76000001)
    response = client_as("coordinator").post(
        edit("bouvier"),
        form_data(network.bouvier, legal_name="Bouvier SAS", siret=f"{siret[:9]} {siret[9:]}"),
    )
    assert response.status_code == 302
    bouvier = Organisation.objects.get(slug="bouvier")
    assert (bouvier.legal_name, bouvier.siret, bouvier.siren) == ("Bouvier SAS", siret, siret[:9])


def test_a_siret_with_a_wrong_check_digit_is_refused_with_a_clear_message(client_as, network):
    siret = SIRETS["bouvier"]
    wrong = siret[:-1] + str((int(siret[-1]) + 1) % 10)
    response = client_as("staff").post(edit("bouvier"), form_data(network.bouvier, siret=wrong))
    assert response.status_code == 200
    assert "wrong check digit" in str(response.context["form"].errors["siret"])
    assert Organisation.objects.get(slug="bouvier").siret == siret


def test_a_siret_already_in_the_network_is_refused(client_as, network):
    response = client_as("staff").post(
        edit("bouvier"), form_data(network.bouvier, siret=SIRETS["arvis"])
    )
    assert response.status_code == 200
    assert "This SIRET is already in the network." in str(response.context["form"].errors)


def test_a_company_head_cannot_edit_another_company(client_as, network):
    head = client_as("head")
    assert head.get(edit("arvis")).status_code == 403
    response = head.post(edit("arvis"), form_data(network.arvis, trade_name="Hacked"))
    assert response.status_code == 403
    assert Organisation.objects.get(slug="arvis").trade_name == ""


def test_someone_who_cannot_see_an_organisation_gets_a_404_when_editing_it(client_as, network):
    response = client_as("outsider").post(
        edit("bouvier"), form_data(network.bouvier, trade_name="Hacked")
    )
    assert response.status_code == 404
    assert Organisation.objects.get(slug="bouvier").trade_name == ""


def test_a_coordinator_cannot_edit_an_organisation_of_another_territory(client_as, network):
    assert client_as("coordinator").get(edit("lacroix")).status_code == 403


def test_a_logo_is_checked_from_its_content_and_re_encoded(client_as, network):
    upload = SimpleUploadedFile("logo.png", tiny_png((900, 300)), content_type="image/png")
    response = client_as("head").post(
        edit("bouvier"), {**form_data(network.bouvier), "logo": upload}
    )
    assert response.status_code == 302
    bouvier = Organisation.objects.get(slug="bouvier")
    with Image.open(bouvier.logo) as image:
        assert image.size == (512, 171)  # proportions kept, at most 512 pixels
    served = client_as("member").get(reverse("network:organisation_logo", args=["bouvier"]))
    assert served.status_code == 200


def test_a_file_that_is_not_an_image_is_refused_as_a_logo(client_as, network):
    upload = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client_as("head").post(
        edit("bouvier"), {**form_data(network.bouvier), "logo": upload}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["logo"]
    assert not Organisation.objects.get(slug="bouvier").logo


def test_the_logo_can_be_removed(client_as, network, django_capture_on_commit_callbacks):
    network.bouvier.logo = SimpleUploadedFile("l.png", tiny_png(), content_type="image/png")
    network.bouvier.save()
    name = network.bouvier.logo.name
    storage = network.bouvier.logo.storage
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("head").post(
            edit("bouvier"), {**form_data(network.bouvier), "remove_logo": "on"}
        )
    assert response.status_code == 302
    assert not Organisation.objects.get(slug="bouvier").logo
    assert not storage.exists(name)
