"""A discreet asker stays unknown to other members, whatever route they take.

Marc Bouvier, head of Décolletage Bouvier (Arve valley), asks discreetly.
Thomas Revillard (Arvis, same valley) and Nadia Benali (Lacroix, Annecy)
try every page, fragment, filter, notification, e-mail, export and search
hit of mutual aid: none may name Bouvier, his company or his address.
"""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.urls import reverse

from cordee.knowledge.models import Article
from cordee.mutualaid.capitalise import help_request_capitalise
from cordee.mutualaid.models import Solicitation
from cordee.mutualaid.services import (
    answer_mark_solution,
    answer_post,
    help_request_close,
    offer_make,
)
from cordee.mutualaid.solicitations import solicitations_send
from cordee.network.access import Access

from .conftest import post

# What would give the asker away.
SECRETS = ("Bouvier", "head@test.example.org", "Cluses")


def assert_secret_kept(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked"


def _pages(client, help_request):
    code = help_request.public_id
    urls = [
        reverse("mutualaid:list"),
        reverse("mutualaid:list") + "?status=open",
        reverse("mutualaid:list") + "?territory=arve",
        reverse("mutualaid:list") + "?territory=haute-savoie&status=open",
        reverse("mutualaid:mine"),
        reverse("mutualaid:request", args=[code]),
        reverse("search") + "?q=bavures",
        reverse("search") + "?q=bavures&territory=arve",
        reverse("notifications:list"),
    ]
    for url in urls:
        yield url, client.get(url)
        yield url + " (htmx)", client.get(url, HTTP_HX_REQUEST="true")


@pytest.mark.parametrize("persona", ["member", "expert"])
def test_no_page_names_the_discreet_asker(client_as, discreet_request, persona, person):
    client = client_as(persona)
    for url, response in _pages(client, discreet_request):
        assert response.status_code == 200, url
        assert_secret_kept(response.content.decode())
    # The pages did show the request: the test looked where the asker could leak.
    for url in (reverse("mutualaid:list"), reverse("search") + "?q=bavures"):
        assert discreet_request.get_absolute_url() in client.get(url).content.decode(), url


def test_the_request_itself_says_it_is_discreet(client_as, discreet_request):
    page = client_as("member").get(discreet_request.get_absolute_url()).content.decode()
    assert discreet_request.title in page
    assert "Discreet request: who asks is not shown" in page


@pytest.mark.parametrize("persona", ["member", "expert", "funder", "outsider"])
def test_the_asker_only_pages_refuse_others(client_as, discreet_request, persona):
    client = client_as(persona)
    code = discreet_request.public_id
    for name in ("proposals", "close", "ask_people", "session_plan"):
        response = client.get(reverse(f"mutualaid:{name}", args=[code]))
        assert response.status_code in (403, 404), name
        assert_secret_kept(response.content.decode())
    response = client.post(reverse("mutualaid:capitalise", args=[code]))
    assert response.status_code in (403, 404)


def test_the_asker_and_territory_staff_know(client_as, discreet_request):
    for persona in ("head", "coordinator", "staff"):
        page = client_as(persona).get(discreet_request.get_absolute_url()).content.decode()
        assert "Décolletage Bouvier" in page, persona


def test_a_territory_filter_does_not_narrow_down_a_discreet_asker(client_as, discreet_request):
    """Filtering by the asker's valley would tell members where the asker is."""
    client = client_as("member")
    listed = client.get(reverse("mutualaid:list") + "?territory=arve").content.decode()
    assert discreet_request.title not in listed
    # Staff of the valley know who asks: the filter places it for them.
    staff_list = client_as("coordinator").get(reverse("mutualaid:list") + "?territory=arve")
    assert discreet_request.title in staff_list.content.decode()


def test_what_the_asker_writes_under_the_request_is_not_signed(client_as, head, discreet_request):
    answer_post(
        help_request=discreet_request,
        by=head,
        access=Access.for_user(head),
        body="Précision : alliage CuZn39Pb3.",
    )
    page = client_as("member").get(discreet_request.get_absolute_url()).content.decode()
    assert "Précision" in page
    assert "The person who asked" in page
    assert_secret_kept(page)


def test_people_asked_learn_why_but_not_who(client_as, head, expert, discreet_request):
    Solicitation.objects.update_or_create(
        help_request=discreet_request,
        person=expert,
        defaults={"reasons": ["answered 4 requests on surface treatment"], "notified_at": None},
    )
    mail.outbox.clear()
    solicitations_send(
        help_request=discreet_request,
        person_ids=[expert.pk],
        by=head,
        access=Access.for_user(head),
    )
    (message,) = [m for m in mail.outbox if expert.email in m.to]
    assert "surface treatment" in message.body
    assert_secret_kept(message.subject + message.body + str(message.alternatives))
    page = client_as("expert").get(discreet_request.get_absolute_url()).content.decode()
    assert "You were asked to help on this request because" in page
    assert "answered 4 requests on surface treatment" in page
    assert_secret_kept(page)


def test_the_reasons_shown_to_people_asked_never_say_where_the_asker_is(head, discreet_request):
    for solicitation in discreet_request.solicitations.all():
        for reason in solicitation.reasons:
            assert "Vallée de l'Arve" not in reason


def test_followers_emails_and_exports_do_not_name_the_asker(
    client_as, head, member, expert, discreet_request
):
    mail.outbox.clear()
    answer_post(
        help_request=discreet_request,
        by=member,
        access=Access.for_user(member),
        body="Essayez l'ébavurage thermique.",
    )
    answer_post(
        help_request=discreet_request, by=head, access=Access.for_user(head), body="Merci !"
    )
    offer_make(
        help_request=discreet_request,
        by=expert,
        access=Access.for_user(expert),
        message="Appelez-moi",
    )
    for message in mail.outbox:
        if head.email in message.to:
            continue
        assert_secret_kept(message.subject + message.body + str(message.alternatives))
    for persona in ("member", "expert"):
        export = client_as(persona).get(reverse("accounts:data_export"))
        assert export.status_code == 200
        text = export.content.decode()
        assert "mutual_aid" in json.loads(text)
        assert_secret_kept(text)


def test_the_practice_sheet_never_names_a_discreet_asker(client_as, head, member, discreet_request):
    answer = answer_post(
        help_request=discreet_request,
        by=member,
        access=Access.for_user(member),
        body="Un ébavurage thermique règle le problème.",
    )
    access = Access.for_user(head)
    answer_mark_solution(answer=answer, by=head, access=access)
    help_request_close(
        help_request=discreet_request, by=head, access=access, outcome="Réglé.", solved=True
    )
    article = help_request_capitalise(help_request=discreet_request, by=head, access=access)
    assert list(article.authors.all()) == [member]
    assert article.organisation is None
    assert article.created_by is None or article.created_by != head
    assert not article.revisions.filter(author=head).exists()
    assert "ébavurage thermique" in article.body
    page = client_as("member").get(article.get_absolute_url()).content.decode()
    assert_secret_kept(page)
    revisions = client_as("member").get(reverse("knowledge:revisions", args=[article.slug]))
    assert_secret_kept(revisions.content.decode())
    assert Article.objects.filter(pk=article.pk, status="draft").exists()


def test_a_crafted_person_id_reaches_nobody(head, outsider, discreet_request):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        solicitations_send(
            help_request=discreet_request,
            person_ids=[outsider.pk],
            by=head,
            access=Access.for_user(head),
        )
    assert not Solicitation.objects.filter(person=outsider).exists()


def test_an_outsider_and_a_funder_do_not_see_member_requests(client_as, discreet_request):
    for persona in ("outsider", "funder", "visitor"):
        response = client_as(persona).get(discreet_request.get_absolute_url())
        assert response.status_code in (302, 404)


def test_a_request_for_named_organisations_stays_with_them(client_as, head, expert):
    from cordee.mutualaid.models import Audience
    from cordee.network.models import Organisation

    lacroix = Organisation.objects.get(slug="lacroix")
    help_request = post(head, audience=Audience.ORGANISATIONS, audience_organisations=[lacroix])
    assert client_as("expert").get(help_request.get_absolute_url()).status_code == 200
    assert client_as("member").get(help_request.get_absolute_url()).status_code == 404


def test_staff_of_another_territory_do_not_know_either(client, network, discreet_request):
    from cordee.core.testing.personas import make_person
    from cordee.network.models import RoleAssignment

    annecy_staff = make_person("staff", network, email="annecy-staff@test.example.org")
    RoleAssignment.objects.filter(person=annecy_staff).update(territory=network.annecy)
    client.force_login(annecy_staff)
    page = client.get(discreet_request.get_absolute_url())
    assert page.status_code == 200
    assert_secret_kept(page.content.decode())
    assert (
        client.get(reverse("mutualaid:proposals", args=[discreet_request.public_id])).status_code
        == 403
    )
    follow_up = client.get(reverse("mutualaid:follow_up")).content.decode()
    assert_secret_kept(follow_up)


@pytest.fixture
def annecy_staff(network):
    from cordee.core.testing.personas import make_person
    from cordee.network.models import RoleAssignment

    person = make_person("staff", network, email="annecy-staff@test.example.org")
    RoleAssignment.objects.filter(person=person).update(territory=network.annecy)
    return person


def test_the_audit_log_does_not_tie_a_discreet_asker_to_the_request(
    client, head, member, expert, staff, annecy_staff, discreet_request
):
    """The whole network's staff read the audit log (a territory's staff do not): what the
    asker does on a discreet request is recorded without naming them (the request itself
    says who, to who may know)."""
    access = Access.for_user(head)
    Solicitation.objects.update_or_create(
        help_request=discreet_request, person=expert, defaults={"notified_at": None}
    )
    solicitations_send(
        help_request=discreet_request, person_ids=[expert.pk], by=head, access=access
    )
    offer = offer_make(
        help_request=discreet_request, by=expert, access=Access.for_user(expert), message=""
    )
    from cordee.mutualaid.services import offer_answer

    offer_answer(offer=offer, accept=True, by=head, access=access)
    answer = answer_post(
        help_request=discreet_request, by=member, access=Access.for_user(member), body="Essayez."
    )
    answer_mark_solution(answer=answer, by=head, access=access)
    help_request_close(
        help_request=discreet_request, by=head, access=access, outcome="Réglé.", solved=True
    )
    help_request_capitalise(help_request=discreet_request, by=head, access=access)

    from cordee.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="mutualaid.posted_discreetly").exists()
    assert not AuditEvent.objects.filter(actor=head).exists()
    client.force_login(annecy_staff)
    assert client.get(reverse("audit:events")).status_code == 403
    client.force_login(staff)
    log = client.get(reverse("audit:events"))
    assert log.status_code == 200
    assert_secret_kept(log.content.decode())


def test_colleagues_outside_the_audience_do_not_see_a_discreet_request(client, network, head):
    """Colleagues see their company's requests; on a discreet one addressed to other
    companies, seeing it would tell them that someone of theirs asks."""
    from cordee.core.testing.personas import make_person
    from cordee.mutualaid.models import Audience
    from cordee.network.models import Affiliation, Organisation

    colleague = make_person("member", network, email="colleague@test.example.org")
    Affiliation.objects.filter(person=colleague).update(organisation=network.bouvier)
    lacroix = Organisation.objects.get(slug="lacroix")
    discreet = post(
        head,
        discreet=True,
        title="Entre nous",
        audience=Audience.ORGANISATIONS,
        audience_organisations=[lacroix],
    )
    open_one = post(head, audience=Audience.ORGANISATIONS, audience_organisations=[lacroix])
    client.force_login(colleague)
    assert client.get(open_one.get_absolute_url()).status_code == 200
    assert client.get(discreet.get_absolute_url()).status_code == 404
    assert "Entre nous" not in client.get(reverse("mutualaid:list")).content.decode()
