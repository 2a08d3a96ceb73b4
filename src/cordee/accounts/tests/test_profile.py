import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cordee.accounts.models import Expertise, Visibility
from cordee.core.testing.photos import tiny_png

PROFILE = {
    "first_name": "Nadia",
    "last_name": "Benali",
    "job_title": "Responsable qualité",
    "phone": "04 50 98 12 34",
    "phone_visibility": "members",
    "email_visibility": "nobody",
    "expertise_text": "traitement de surface, IATF 16949 ,, Traitement de surface",
    "languages": ["fr", "it"],
}


@pytest.mark.django_db
def test_a_person_fills_in_their_profile(client_as, expert):
    response = client_as("expert").post(reverse("accounts:profile"), PROFILE)
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.job_title == "Responsable qualité"
    assert expert.languages == ["fr", "it"]
    assert sorted(e.name for e in expert.expertise.all()) == ["IATF 16949", "traitement de surface"]


@pytest.mark.django_db
def test_expertise_tags_are_shared_whatever_their_case(client_as, expert, member):
    Expertise.objects.create(name="Lean")
    client_as("member").post(reverse("accounts:profile"), {**PROFILE, "expertise_text": "lean"})
    assert Expertise.objects.filter(name__iexact="lean").count() == 1


@pytest.mark.django_db
def test_contact_details_follow_the_persons_choices(client_as, expert):
    client_as("expert").post(reverse("accounts:profile"), PROFILE)
    page = client_as("member").get(reverse("accounts:person", args=[expert.public_id]))
    html = page.content.decode()
    assert "04 50 98 12 34" in html
    assert expert.email not in html
    expert.refresh_from_db()
    expert.phone_visibility = Visibility.NOBODY
    expert.save()
    html = client_as("member").get(reverse("accounts:person", args=[expert.public_id])).content
    assert b"04 50 98 12 34" not in html


@pytest.mark.django_db
def test_a_bad_phone_number_is_refused_and_nothing_else_is_lost(client_as, expert):
    response = client_as("expert").post(
        reverse("accounts:profile"), {**PROFILE, "phone": "call me"}
    )
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    # The form comes back with what was typed, so nothing has to be typed again.
    assert response.context["form"]["job_title"].value() == "Responsable qualité"


@pytest.mark.django_db
def test_a_file_that_is_not_an_image_is_refused_as_a_photo(client_as, expert):
    fake = SimpleUploadedFile("photo.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client_as("expert").post(reverse("accounts:profile"), {**PROFILE, "photo": fake})
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    expert.refresh_from_db()
    assert not expert.photo


@pytest.mark.django_db
def test_a_photo_is_shrunk_and_stripped(client_as, expert):
    big = io.BytesIO()
    Image.new("RGB", (2000, 1000), "teal").save(big, format="JPEG", exif=b"Exif\x00\x00secret")
    upload = SimpleUploadedFile("me.jpg", big.getvalue(), content_type="image/jpeg")
    client_as("expert").post(reverse("accounts:profile"), {**PROFILE, "photo": upload})
    expert.refresh_from_db()
    with Image.open(expert.photo.open("rb")) as image:
        assert max(image.size) == 512
        assert not image.info.get("exif")
    assert "me" not in expert.photo.name


@pytest.mark.django_db
def test_a_photo_is_served_only_to_logged_in_people(client_as, client, expert):
    client_as("expert").post(
        reverse("accounts:profile"),
        {**PROFILE, "photo": SimpleUploadedFile("p.png", tiny_png(), content_type="image/png")},
    )
    url = reverse("accounts:photo", args=[expert.public_id])
    assert client_as("member").get(url).status_code == 200
    assert client.get(url).status_code == 302
