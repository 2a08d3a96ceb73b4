"""An organisation's page: what each reader sees of it, its logo, the "My organisation" link."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cordee.accounts.models import User, Visibility
from cordee.core.testing.photos import tiny_png
from cordee.network.models import Affiliation, Certification, NafNomenclature, Skill


@pytest.fixture(autouse=True)
def in_english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def page(slug: str) -> str:
    return reverse("network:organisation", args=[slug])


def logo(slug: str) -> str:
    return reverse("network:organisation_logo", args=[slug])


@pytest.fixture
def bouvier(network, person):
    """Bouvier, member in good standing, with its head and a quality lead who hides her e-mail."""
    organisation = network.bouvier
    organisation.trade_name = "Bouvier Précision"
    organisation.naf_nomenclature = NafNomenclature.NAF2025
    organisation.address = "12 rue des Décolleteurs"
    organisation.machines = "Tornos MultiSwiss 8x26\n\nCitizen L20"
    organisation.description = "Pièces de précision pour l'horlogerie."
    organisation.website = "https://bouvier.example.org"
    organisation.logo = SimpleUploadedFile("logo.png", tiny_png(), content_type="image/png")
    organisation.save()
    organisation.activities.add(Skill.objects.get(slug="decolletage"))
    organisation.certifications.add(Certification.objects.get(slug="iso-9001"))
    person("head")
    quality = User.objects.create_user(
        "qualite@bouvier.example.org",
        "x",
        first_name="Claire",
        last_name="Favre",
        phone="04 50 11 22 33",
        email_visibility=Visibility.NOBODY,
        phone_visibility=Visibility.MEMBERS,
    )
    Affiliation.objects.create(person=quality, organisation=organisation, job_title="Qualité")
    return organisation


def test_members_see_the_whole_page_of_an_organisation(client_as, bouvier, person):
    response = client_as("member").get(page("bouvier"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Bouvier Précision</h1>" in content
    assert "Décolletage Bouvier" in content  # the legal name
    assert bouvier.siren in content and bouvier.siret in content
    assert "25.62A" in content and "NAF 2025" in content
    assert "10 to 49 employees" in content and "35 employees" in content
    assert "12 rue des Décolleteurs" in content and "Vallée de l&#x27;Arve" in content
    assert "Bar turning" in content and "ISO 9001" in content
    assert "<li>Tornos MultiSwiss 8x26</li>" in content and "<li>Citizen L20</li>" in content
    assert "Dirigeant" in content and "Qualité" in content


def test_the_people_of_an_organisation_show_their_contact_details_only_if_they_allow_it(
    client_as, bouvier, person
):
    content = client_as("expert").get(page("bouvier")).content.decode()
    assert person("head").email in content  # shown to members by default
    assert "qualite@bouvier.example.org" not in content
    assert "tel:0450112233" in content


def test_erased_and_former_people_do_not_appear_on_the_page(client_as, bouvier, person):
    gone = User.objects.get(email="qualite@bouvier.example.org")
    gone.is_active = False
    gone.save()
    left = User.objects.create_user("left@test.example.org", "x", first_name="Parti")
    Affiliation.objects.create(person=left, organisation=bouvier, ended_on="2020-01-01")
    content = client_as("member").get(page("bouvier")).content.decode()
    assert "Favre" not in content
    assert "Parti" not in content


@pytest.mark.parametrize("persona", ["visitor", "funder", "outsider"])
def test_an_organisation_off_the_showcase_does_not_exist_for_non_members(
    client_as, bouvier, persona
):
    client = client_as(persona)
    assert client.get(page("bouvier")).status_code == 404
    assert client.get(logo("bouvier")).status_code == 404


@pytest.mark.parametrize("persona", ["visitor", "funder", "outsider"])
def test_the_showcase_page_shows_only_what_the_organisation_made_public(
    client_as, bouvier, persona
):
    bouvier.showcase = True
    bouvier.save()
    response = client_as(persona).get(page("bouvier"))
    content = response.content.decode()
    assert response.status_code == 200
    for public in ("Bouvier Précision", "Cluses", "Bar turning", "ISO 9001", "horlogerie"):
        assert public in content
    assert "https://bouvier.example.org" in content
    for private in (bouvier.siret, bouvier.siren, "Tornos", "12 rue", "Dirigeant", "Membership"):
        assert private not in content
    assert response.context["people"] == []
    assert response.context["membership"] is None
    assert client_as(persona).get(logo("bouvier")).status_code == 200


def test_the_logo_is_served_by_the_application_not_from_the_media_folder(client_as, bouvier):
    content = client_as("member").get(page("bouvier")).content.decode()
    assert logo("bouvier") in content
    assert settings.MEDIA_URL not in content
    response = client_as("member").get(logo("bouvier"))
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]


def test_an_organisation_without_logo_has_no_logo_address(client_as, network):
    assert client_as("member").get(logo("arvis")).status_code == 404


def test_the_membership_status_is_shown_to_the_organisations_own_people(client_as, bouvier):
    content = client_as("head").get(page("bouvier")).content.decode()
    assert "paid" in content
    assert "member in good standing" in content


def test_the_membership_status_is_shown_to_the_staff_over_the_territory(client_as, network):
    assert client_as("coordinator").get(page("bouvier")).context["membership"] is not None
    # The coordinator of the Arve valley is not staff of the Annecy basin.
    response = client_as("coordinator").get(page("lacroix"))
    assert response.status_code == 200
    assert response.context["membership"] is None
    assert "Membership" not in response.content.decode()


def test_other_members_do_not_see_an_organisations_membership(client_as, bouvier):
    response = client_as("member").get(page("bouvier"))
    assert response.context["membership"] is None
    assert "Membership" not in response.content.decode()


def test_people_of_a_lapsed_member_still_see_their_own_page_and_its_status(client_as, network):
    response = client_as("outsider").get(page("dormant"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "lapsed" in content
    assert "not a member in good standing" in content
    assert client_as("outsider").get(page("bouvier")).status_code == 404


def test_managers_see_the_links_to_manage_the_page(client_as, bouvier):
    edit = reverse("network:organisation_edit", args=["bouvier"])
    assert edit in client_as("head").get(page("bouvier")).content.decode()
    assert edit in client_as("coordinator").get(page("bouvier")).content.decode()
    assert edit not in client_as("member").get(page("bouvier")).content.decode()


def test_the_page_runs_the_same_queries_whatever_the_number_of_people(
    client_as, bouvier, django_assert_max_num_queries
):
    staff = client_as("staff")
    staff.get(page("bouvier"))
    with CaptureQueriesContext(connection) as few:
        staff.get(page("bouvier"))
    for index in range(25):
        user = User.objects.create_user(f"p{index}@test.example.org", "x", last_name=f"P{index}")
        Affiliation.objects.create(person=user, organisation=bouvier, job_title="Régleur")
    bouvier.activities.add(*Skill.objects.all()[:10])
    with django_assert_max_num_queries(len(few)):
        response = staff.get(page("bouvier"))
    assert len(response.context["people"]) == 27


# "My organisation"


def test_my_organisation_leads_to_the_persons_organisation(client_as, network):
    response = client_as("member").get(reverse("network:my_organisation"))
    assert response.status_code == 302
    assert response.url == page("arvis")


def test_someone_working_for_two_organisations_chooses_one(client_as, network, person):
    Affiliation.objects.create(person=person("member"), organisation=network.lacroix)
    response = client_as("member").get(reverse("network:my_organisation"))
    assert response.status_code == 200
    content = response.content.decode()
    assert page("arvis") in content and page("lacroix") in content


def test_the_header_links_to_my_organisation_only_for_people_who_work_for_one(client_as, network):
    link = reverse("network:my_organisation")
    assert link in client_as("head").get(reverse("home")).content.decode()
    assert link not in client_as("funder").get(reverse("home")).content.decode()


def test_the_header_links_to_the_directory_and_visitors_to_the_showcase(client, client_as, network):
    assert reverse("network:showcase") in client.get(reverse("home")).content.decode()
    assert reverse("network:directory") in client_as("funder").get(reverse("home")).content.decode()
