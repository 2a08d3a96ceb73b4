"""Routing on a small network: who is proposed, who never is, and why."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cordee.accounts.models import Expertise, User
from cordee.knowledge.models import ArticleStatus
from cordee.knowledge.tests.article_factory import make_article
from cordee.mutualaid.models import Answer, HelperAvailability, HelpRequest, Solicitation
from cordee.mutualaid.routing import (
    MAX_SOLICITATIONS,
    TAGS_ONLY,
    RoutingQuery,
    propose_articles,
    propose_people,
)
from cordee.network.access import Access
from cordee.network.models import Affiliation
from cordee.network.scopes import Scope

NICKEL = "Cloquage du nickel chimique sur laiton\nLe dépôt se décolle après sertissage."


def someone(name, organisation, *expertise, **fields):
    user = User.objects.create_user(
        f"{name}@test.example.org", first_name=name.title(), last_name="Test", **fields
    )
    Affiliation.objects.create(person=user, organisation=organisation)
    for label in expertise:
        user.expertise.add(Expertise.objects.get_or_create(name=label)[0])
    return user


def query_for(asker, text=NICKEL, skills=()):
    organisation = Affiliation.objects.filter(person=asker).first().organisation
    return RoutingQuery(
        text=text,
        theme_id=None,
        skill_ids=tuple(skill.pk for skill in skills),
        territory_id=organisation.territory_id,
        asker_id=asker.pk,
        asker_organisation_id=organisation.pk,
    )


def ids(proposals):
    return [proposal.person_id for proposal in proposals]


def solved_request(asker, helper, skill, *, days_ago=30):
    asked = timezone.now() - timedelta(days=days_ago)
    organisation = Affiliation.objects.filter(person=asker).first().organisation
    request = HelpRequest.objects.create(
        title="Piqûres après nickelage",
        description="Des piqûres apparaissent sur les pièces.",
        asker=asker,
        organisation=organisation,
        territory=organisation.territory,
        created_at=asked,
    )
    request.skills.add(skill)
    Answer.objects.create(
        help_request=request, author=helper, body="Vérifiez le dégraissage.", is_solution=True
    )
    return request


def test_the_author_who_solved_similar_requests_comes_first_with_reasons(
    network, head, expert, member, surface
):
    article = make_article(
        expert,
        title="Défauts d'adhérence du nickel chimique sur laiton",
        body="Cloquage du dépôt : préparation, dégraissage, temps d'attente.",
    )
    solved_request(member, expert, surface)
    solved_request(member, expert, surface)
    declared_only = someone("declared", network.arvis, "traitement de surface")

    proposals = propose_people(query_for(head, skills=[surface]))

    assert ids(proposals)[:2] == [expert.pk, declared_only.pk]
    reasons = proposals[0].reasons
    assert "gave the accepted answer to 2 requests on surface treatment" in reasons
    assert f"wrote “{article.title}”" in reasons
    assert "declared expert in traitement de surface" in reasons
    assert "declared expert in traitement de surface" in proposals[1].reasons


def test_the_asker_and_their_colleagues_are_never_proposed(network, head, surface):
    colleague = someone("colleague", network.bouvier, "traitement de surface")
    other = someone("other", network.lacroix, "traitement de surface")
    assert ids(propose_people(query_for(head, skills=[surface]))) == [other.pk]
    assert colleague.pk not in ids(propose_people(query_for(colleague, skills=[surface])))


def test_people_who_opted_out_are_away_or_asked_often_are_left_out(network, head, surface):
    opted_out = someone("optedout", network.lacroix, "traitement de surface")
    away = someone("away", network.lacroix, "traitement de surface")
    busy = someone("busy", network.arvis, "traitement de surface")
    fine = someone("fine", network.arvis, "traitement de surface")
    HelperAvailability.objects.create(person=opted_out, accepts_requests=False)
    HelperAvailability.objects.create(
        person=away, away_until=timezone.localdate() + timedelta(days=3)
    )
    for number in range(MAX_SOLICITATIONS):
        request = solved_request(head, fine, surface, days_ago=number)
        Solicitation.objects.create(help_request=request, person=busy, notified_at=timezone.now())
    # Asked long ago counts no more; back from holidays counts again.
    old = solved_request(head, fine, surface, days_ago=90)
    Solicitation.objects.create(
        help_request=old, person=fine, notified_at=timezone.now() - timedelta(days=60)
    )
    back = someone("back", network.lacroix, "traitement de surface")
    HelperAvailability.objects.create(
        person=back, away_until=timezone.localdate() - timedelta(days=1)
    )

    assert ids(propose_people(query_for(head, skills=[surface]))) == [fine.pk, back.pk]


def test_people_outside_the_directory_are_never_proposed(network, head, surface):
    someone("unlisted", network.lacroix, "traitement de surface", listed_in_directory=False)
    someone("inactive", network.lacroix, "traitement de surface", is_active=False)
    erased = someone("erased", network.lacroix, "traitement de surface")
    User.objects.filter(pk=erased.pk).update(erased_at=timezone.now())
    left = someone("left", network.lacroix, "traitement de surface")
    Affiliation.objects.filter(person=left).update(ended_on=timezone.localdate())
    assert propose_people(query_for(head, skills=[surface])) == []


def test_five_people_by_default_and_nearby_people_first_at_equal_knowledge(network, head, surface):
    far = [someone(f"far{n}", network.lacroix, "traitement de surface") for n in range(4)]
    near = [someone(f"near{n}", network.arvis, "traitement de surface") for n in range(3)]
    proposals = propose_people(query_for(head, skills=[surface]))
    assert ids(proposals) == [p.pk for p in near] + [p.pk for p in far[:2]]
    assert "same territory: Vallée de l'Arve" in proposals[0].reasons


def test_gathering_takes_as_many_queries_for_a_big_network_as_for_a_small_one(
    network, head, member, surface
):
    def count_queries():
        query = query_for(head, skills=[surface])
        with CaptureQueriesContext(connection) as captured:
            propose_people(query)
        return len(captured)

    author = someone("author0", network.lacroix, "traitement de surface")
    make_article(author, title="Nickel chimique sur laiton", body="Cloquage du dépôt.")
    solved_request(member, author, surface)
    small = count_queries()
    for number in range(1, 12):
        author = someone(f"author{number}", network.lacroix, "traitement de surface")
        make_article(author, title=f"Nickel chimique, cas {number}", body="Cloquage du dépôt.")
        solved_request(member, author, surface)
    assert count_queries() == small


def test_routing_beats_tags_only_when_the_tags_say_little(network, head, member, surface):
    """Everyone at a surface-treatment company shares the tag; the one who solved
    this problem before and wrote about it is found by what they did."""
    lacroix_people = [someone(f"plater{n}", network.lacroix) for n in range(6)]
    knows = someone("knows", network.lacroix)
    make_article(knows, title="Cloquage du nickel chimique : la préparation", body="Dégraissage.")
    solved_request(member, knows, surface)
    network.lacroix.activities.add(surface)

    query = query_for(head, skills=[surface])
    assert ids(propose_people(query))[0] == knows.pk
    tags_only = ids(propose_people(query, weights=TAGS_ONLY))
    assert knows.pk not in tags_only[:1]
    assert set(tags_only) <= {p.pk for p in lacroix_people} | {knows.pk}


def test_articles_that_may_answer_are_proposed_to_whom_may_read_them(
    network, head, expert, outsider, surface
):
    readable = make_article(
        expert,
        title="Cloquage du nickel chimique sur laiton",
        body="Dégraissage.",
        skills=[surface],
    )
    draft = make_article(
        expert,
        title="Nickel chimique : notre bain",
        body="Cloquage.",
        scope=Scope.PRIVATE,
        status=ArticleStatus.DRAFT,
    )
    proposals = propose_articles(query_for(head, skills=[surface]), access=Access.for_user(head))
    assert [p.article_id for p in proposals][:1] == [readable.pk]
    assert draft.pk not in [p.article_id for p in proposals]
    assert "filed under surface treatment" in proposals[0].reasons
    # The outsider's membership lapsed: network articles are not theirs to read.
    assert propose_articles(query_for(head), access=Access.for_user(outsider)) == []


def test_routing_works_without_any_match(network, head):
    assert propose_people(query_for(head, text="Rien à voir")) == []
    assert propose_articles(query_for(head, text="Rien à voir"), access=Access.for_user(head)) == []
