"""Anyone may report what they can see; staff hide it with a reason; its author is told."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cordee.audit.models import AuditEvent
from cordee.moderation.models import Report, ReportStatus
from cordee.mutualaid.models import Answer, Audience, HelpRequest
from cordee.notifications.models import Notification

LABEL = "mutualaid.answer"


@pytest.fixture
def answer(network, head, expert):
    """An answer by the expert to a request of the Arve valley the whole network sees."""
    help_request = HelpRequest.objects.create(
        title="Bavures sur laiton",
        description="Des bavures après le passage au laiton sans plomb.",
        audience=Audience.NETWORK,
        asker=head,
        organisation=network.bouvier,
        territory=network.arve,
    )
    return Answer.objects.create(
        help_request=help_request, author=expert, body="Essayez une plaquette polie."
    )


@pytest.fixture
def private_answer(network, head, expert):
    help_request = HelpRequest.objects.create(
        title="Entre nous",
        description="Une question pour une seule entreprise.",
        audience=Audience.ORGANISATIONS,
        asker=head,
        organisation=network.bouvier,
        territory=network.arve,
    )
    return Answer.objects.create(help_request=help_request, author=expert, body="Réponse privée.")


def _report(client, answer, reason="Publicité déguisée."):
    return client.post(reverse("moderation:report", args=[LABEL, answer.pk]), {"reason": reason})


def test_a_member_reports_an_answer_once(client_as, answer, member):
    client = client_as("member")
    page = client.get(reverse("moderation:report", args=[LABEL, answer.pk]))
    assert "Essayez une plaquette polie." in page.content.decode()

    assert _report(client, answer).status_code == 302
    again = _report(client, answer)

    assert again.status_code == 200
    assert "already reported" in again.content.decode()
    assert Report.objects.get().reporter == member
    assert AuditEvent.objects.filter(action="moderation.reported").count() == 1


def test_a_report_needs_a_reason(client_as, answer):
    response = _report(client_as("member"), answer, reason="   ")

    assert response.status_code == 200
    assert not Report.objects.exists()


def test_nobody_reports_what_they_cannot_see(client_as, private_answer, answer):
    client = client_as("member")

    assert _report(client, private_answer).status_code == 404
    assert client.get(reverse("moderation:report", args=["accounts.user", 1])).status_code == 404
    assert not Report.objects.exists()


def test_staff_hide_with_a_reason_and_the_author_is_told(client_as, answer, expert):
    _report(client_as("member"), answer)
    staff = client_as("staff")
    queue = staff.get(reverse("moderation:queue")).content.decode()
    assert "Publicité déguisée." in queue

    empty = staff.post(reverse("moderation:hide", args=[LABEL, answer.pk]), {"reason": ""})
    assert empty.status_code == 200
    answer.refresh_from_db()
    assert not answer.is_hidden

    staff.post(reverse("moderation:hide", args=[LABEL, answer.pk]), {"reason": "Publicité"})

    answer.refresh_from_db()
    assert answer.is_hidden
    assert answer.hidden_notice == "Hidden by the moderators: Publicité"
    assert Report.objects.get().status == ReportStatus.HIDDEN
    told = Notification.objects.get(recipient=expert, kind="moderation.hidden")
    assert "Publicité" in told.body


def test_staff_restore_and_dismiss(client_as, answer):
    _report(client_as("member"), answer)
    staff = client_as("staff")

    staff.post(reverse("moderation:dismiss", args=[LABEL, answer.pk]))
    assert Report.objects.get().status == ReportStatus.DISMISSED

    staff.post(reverse("moderation:hide", args=[LABEL, answer.pk]), {"reason": "Hors sujet"})
    staff.post(reverse("moderation:restore", args=[LABEL, answer.pk]))
    answer.refresh_from_db()
    assert not answer.is_hidden


@pytest.mark.parametrize("persona", ["member", "head", "funder"])
def test_only_staff_moderate(client_as, answer, persona):
    client = client_as(persona)

    assert client.get(reverse("moderation:queue")).status_code == 403
    hide = client.post(reverse("moderation:hide", args=[LABEL, answer.pk]), {"reason": "x"})
    assert hide.status_code == 403
    answer.refresh_from_db()
    assert not answer.is_hidden


def test_the_author_sees_no_report_link_on_their_own_answer(rf, answer, expert, member):
    from django.template import Context, Template

    template = Template("{% load moderation %}{% report_link answer %}")
    request = rf.get("/")
    request.user = expert
    assert "Report" not in template.render(Context({"request": request, "answer": answer}))
    request.user = member
    assert "Report" in template.render(Context({"request": request, "answer": answer}))


@pytest.fixture
def annecy_staff(network):
    from cordee.core.testing.personas import make_person
    from cordee.network.models import RoleAssignment

    person = make_person("staff", network, email="annecy-staff@test.example.org")
    RoleAssignment.objects.filter(person=person).update(territory=network.annecy)
    return person


def test_staff_moderate_the_content_of_their_territories_only(
    client, client_as, answer, annecy_staff
):
    """The answer is under a request of the Arve valley: the Annecy staff read it and
    may report it, but neither review its reports nor hide, restore or dismiss it."""
    _report(client_as("member"), answer)
    client.force_login(annecy_staff)

    assert "Publicité déguisée." not in client.get(reverse("moderation:queue")).content.decode()
    assert client.get(reverse("moderation:hide", args=[LABEL, answer.pk])).status_code == 403
    hide = client.post(reverse("moderation:hide", args=[LABEL, answer.pk]), {"reason": "x"})
    assert hide.status_code == 403
    assert client.post(reverse("moderation:dismiss", args=[LABEL, answer.pk])).status_code == 403
    answer.refresh_from_db()
    assert not answer.is_hidden
    assert Report.objects.get().status == ReportStatus.OPEN

    arve = client_as("coordinator")
    assert "Publicité déguisée." in arve.get(reverse("moderation:queue")).content.decode()
    arve.post(reverse("moderation:hide", args=[LABEL, answer.pk]), {"reason": "Publicité"})
    answer.refresh_from_db()
    assert answer.is_hidden
    assert "Publicité" not in client.get(reverse("moderation:queue")).content.decode()
    assert client.post(reverse("moderation:restore", args=[LABEL, answer.pk])).status_code == 403
    answer.refresh_from_db()
    assert answer.is_hidden


def test_each_report_link_says_which_contribution_to_screen_readers(rf, answer, member):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = member
    html = Template("{% load moderation %}{% report_link answer %}").render(
        Context({"request": request, "answer": answer})
    )

    assert '<span class="visually-hidden"> the contribution “Essayez une plaquette polie.”' in html
