"""The links of e-mails: change one's choice, or unsubscribe in one click, without logging in."""

import re

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from cordee.accounts.services import user_erase
from cordee.notifications.kinds import Frequency
from cordee.notifications.models import NotificationPreference
from cordee.notifications.services import ANNOUNCEMENT, INVITATION_ACCEPTED, notify
from cordee.notifications.tokens import SALT, preference_token

pytestmark = pytest.mark.django_db


def choice(user, kind):
    return NotificationPreference.objects.get(user=user, kind=kind).frequency


def test_the_link_in_an_email_shows_the_current_choice_without_logging_in(member):
    notify(recipients=[member], kind=ANNOUNCEMENT, title="Bonjour")
    link = re.search(r"http://\S+/notifications/preferences/\S+/", mail.outbox[0].body).group(0)
    response = Client().get(link)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<legend" in html
    assert re.search(r'value="immediate"[^>]*checked', html)
    assert response.context["form"].initial[ANNOUNCEMENT] == Frequency.IMMEDIATE


def test_the_link_changes_the_choice_with_a_post(member):
    url = reverse("notifications:preference_link", args=[preference_token(member, [ANNOUNCEMENT])])
    response = Client().post(url, {ANNOUNCEMENT: "weekly"})
    assert response.status_code == 302
    assert choice(member, ANNOUNCEMENT) == Frequency.WEEKLY
    assert Client().get(url).context["form"].initial[ANNOUNCEMENT] == Frequency.WEEKLY


def test_the_link_only_offers_the_kinds_it_was_made_for(member):
    url = reverse("notifications:preference_link", args=[preference_token(member, [ANNOUNCEMENT])])
    Client().post(url, {ANNOUNCEMENT: "never", INVITATION_ACCEPTED: "never"})
    assert not NotificationPreference.objects.filter(kind=INVITATION_ACCEPTED).exists()


def test_a_tampered_link_is_refused_with_an_explanation(member, expert):
    token = preference_token(member, [ANNOUNCEMENT])
    payload, rest = token.split(":", 1)
    forged = signing.b64_encode(
        signing.b64_decode(payload.encode()).replace(
            str(member.public_id).encode(), str(expert.public_id).encode()
        )
    ).decode()
    for bad in (f"{forged}:{rest}", token[:-3] + "abc", "nonsense"):
        response = Client().post(
            reverse("notifications:preference_link", args=[bad]), {ANNOUNCEMENT: "never"}
        )
        assert response.status_code == 400
        assert "link" in response.content.decode().lower() or "lien" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_a_token_signed_for_another_purpose_is_refused(member):
    token = signing.dumps({"u": str(member.public_id), "k": [ANNOUNCEMENT]}, salt="other")
    response = Client().get(reverse("notifications:preference_link", args=[token]))
    assert response.status_code == 400
    assert SALT != "other"


def test_someone_logged_in_with_another_account_cannot_use_the_link(member, client_as):
    url = reverse("notifications:preference_link", args=[preference_token(member, [ANNOUNCEMENT])])
    response = client_as("expert").post(url, {ANNOUNCEMENT: "never"})
    assert response.status_code == 404
    assert not NotificationPreference.objects.exists()


def test_a_link_for_an_erased_account_leads_nowhere(member):
    token = preference_token(member, [ANNOUNCEMENT])
    user_erase(user=member)
    response = Client().get(reverse("notifications:preference_link", args=[token]))
    assert response.status_code == 404


def test_one_click_unsubscribe_works_without_login_or_csrf_token(member):
    notify(recipients=[member], kind=ANNOUNCEMENT, title="Bonjour")
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]
    url = header.strip("<>").removeprefix("http://localhost:8000")
    # What a mail provider sends (RFC 8058): a form POST, no cookie, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert choice(member, ANNOUNCEMENT) == Frequency.NEVER
    notify(recipients=[member], kind=ANNOUNCEMENT, title="Encore")
    assert len(mail.outbox) == 1


def test_a_digest_unsubscribes_from_every_kind_it_gathered(member, prefers):
    from cordee.notifications.services import digests_send

    prefers(member, ANNOUNCEMENT, "daily")
    notify(recipients=[member], kind=ANNOUNCEMENT, title="Bonjour")
    notify(recipients=[member], kind=INVITATION_ACCEPTED, title="Paul a accepté")
    digests_send(frequency="daily")
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    Client().post(url.removeprefix("http://localhost:8000"))
    assert choice(member, ANNOUNCEMENT) == choice(member, INVITATION_ACCEPTED) == Frequency.NEVER


def test_a_tampered_unsubscribe_link_changes_nothing(member):
    token = preference_token(member, [ANNOUNCEMENT])
    response = Client().post(reverse("notifications:unsubscribe", args=[token + "x"]))
    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_opening_the_unsubscribe_address_in_a_browser_asks_before_changing(member):
    token = preference_token(member, [ANNOUNCEMENT])
    response = Client().get(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 302
    assert response.url == reverse("notifications:preference_link", args=[token])
    assert not NotificationPreference.objects.exists()
