import pytest
from django.test import Client, override_settings
from django.urls import reverse


@pytest.mark.django_db
def test_home_speaks_french_by_default_with_a_skip_link():
    response = Client().get("/")
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert 'href="#main"' in html
    assert 'id="main"' in html
    assert "Se connecter" in html


@pytest.mark.django_db
def test_a_visitor_can_switch_to_english_without_javascript():
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_unknown_page_gets_the_site_404():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.django_db
def test_member_gets_the_site_403_on_a_staff_page(client_as):
    response = client_as("member").get(reverse("audit:events"))
    assert response.status_code == 403
    assert "Vous n’avez pas accès à cette page" in response.content.decode()


@pytest.mark.django_db
def test_server_error_page_renders_without_a_database():
    from django.test import RequestFactory

    from cordee.core.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"<main" in response.content


@pytest.mark.django_db
def test_health_answers():
    assert Client().get(reverse("health")).json() == {"status": "ok"}


@pytest.mark.django_db
def test_navigation_shows_staff_links_only_to_staff(client_as):
    member_page = client_as("member").get("/").content.decode()
    staff_page = client_as("staff").get("/").content.decode()
    assert reverse("audit:events") not in member_page
    assert reverse("audit:events") in staff_page
