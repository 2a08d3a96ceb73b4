"""The consultation's pages do a constant number of queries, whatever their size."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cordee.consultations.models import Comment, Contribution, Phase, Support
from cordee.consultations.services import consultation_move


def grow(consultation, people, organisation, count):
    contributions = Contribution.objects.bulk_create(
        Contribution(
            consultation=consultation,
            title=f"Idée {consultation.pk}-{index}",
            body="Texte",
            author=people[index % len(people)],
            organisation=organisation,
        )
        for index in range(count)
    )
    Comment.objects.bulk_create(
        Comment(contribution=c, author=people[i % len(people)], body="Commentaire")
        for c in contributions
        for i in range(3)
    )
    Support.objects.bulk_create(
        Support(contribution=c, person=person, organisation=organisation)
        for c in contributions
        for person in people
    )
    parents = list(Comment.objects.filter(contribution__in=contributions)[:count])
    Comment.objects.bulk_create(
        Comment(contribution_id=p.contribution_id, parent=p, author=people[0], body="Réponse")
        for p in parents
    )
    return contributions


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_pages_do_constant_queries(client_as, consultation, network, head, member, expert):
    people = [head, member, expert]
    client = client_as("member")
    first = grow(consultation, people, network.bouvier, 5)
    urls = lambda: [  # noqa: E731
        consultation.get_absolute_url(),
        consultation.get_absolute_url() + "?sort=supported&kind=idea",
        first[0].get_absolute_url(),
    ]
    small = [queries(client, url) for url in urls()]
    grow(consultation, people, network.arvis, 60)
    large = [queries(client, url) for url in urls()]
    assert small == large


def test_participation_page_does_constant_queries(
    client_as, consultation, network, staff, head, member, expert
):
    consultation_move(consultation=consultation, to=Phase.DECISION, by=staff)
    client = client_as("member")
    url = consultation.get_absolute_url() + "participation/"
    grow(consultation, [head], network.bouvier, 3)
    small = queries(client, url)
    grow(consultation, [head, member, expert], network.lacroix, 40)
    assert queries(client, url) == small


def test_staff_overview_does_constant_queries(
    client_as, consultation, network, staff, head, member
):
    consultation_move(consultation=consultation, to=Phase.COCONSTRUCTION, by=staff)
    client = client_as("staff")
    url = consultation.get_absolute_url() + "manage/"
    grow(consultation, [head], network.bouvier, 3)
    small = queries(client, url)
    grow(consultation, [head, member], network.arvis, 70)
    assert queries(client, url) == small
