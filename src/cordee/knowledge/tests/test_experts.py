"""Who knows what: people and organisations by expertise, with their evidence."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from cordee.accounts.models import Expertise
from cordee.accounts.services import user_erase
from cordee.knowledge.experts import expert_people, people_evidence
from cordee.knowledge.models import Theme
from cordee.knowledge.tests.article_factory import make_article
from cordee.network.access import Access
from cordee.network.models import Skill
from cordee.network.scopes import Scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def surface(db):
    return Skill.objects.get(slug="traitement-de-surface")


def _page(client, **filters):
    with translation.override("en"):
        return client.get(
            reverse("knowledge:experts"), filters, HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()


def test_a_person_appears_with_what_they_wrote_and_declared(expert, member, surface, client_as):
    for number in range(3):
        make_article(expert, title=f"Fiche {number}", skills=[surface])
    page = _page(client_as("member"), skill=surface.slug)
    assert "Nadia Benali" in page
    assert "Wrote 3 practice sheets on surface treatment" in page
    assert "traitement de surface" in page  # declared in her profile


def test_the_evidence_counts_only_what_the_reader_may_see(expert, network, surface):
    make_article(
        expert,
        title="Pour Annecy",
        skills=[surface],
        scope=Scope.TERRITORY,
        scope_territory=network.annecy,
    )
    make_article(expert, title="Pour tous", skills=[surface])
    from cordee.accounts.models import User

    reader = Access.for_user(User.objects.get(email="expert@test.example.org"))
    other = Access(user_id=0, member_organisation_ids=frozenset({1}))
    assert "2 practice sheets" in " ".join(
        people_evidence(list(expert_people(access=reader, skill=surface)), access=reader)[
            0
        ].evidence
    )
    with translation.override("en"):
        evidence = people_evidence(list(expert_people(access=other, skill=surface)), access=other)
    assert "wrote 1 practice sheet on" in evidence[0].evidence[0]


def test_people_who_left_the_directory_or_were_erased_are_not_listed(expert, member, client_as):
    make_article(member, title="Une fiche")
    member.expertise.add(Expertise.objects.create(name="usinage"))
    expert.listed_in_directory = False
    expert.save()
    page = _page(client_as("head"))
    assert "Nadia Benali" not in page
    assert "Thomas Revillard" in page
    user_erase(user=member)
    assert "Thomas" not in _page(client_as("head"))


def test_a_theme_filter_keeps_the_people_who_wrote_on_it(expert, member, client_as):
    theme = Theme.objects.get(slug="rse")
    make_article(member, title="Bilan carbone", themes=[theme])
    page = _page(client_as("head"), theme="rse")
    assert "Thomas Revillard" in page
    assert "Nadia Benali" not in page


def test_a_territory_filter_keeps_the_people_working_there(expert, member, network, client_as):
    make_article(member, title="Une fiche")
    page = _page(client_as("head"), territory="annecy")
    assert "Nadia Benali" in page and "Thomas Revillard" not in page


def test_organisations_appear_with_their_activities(network, expert, surface, client_as):
    network.lacroix.activities.add(surface)
    make_article(expert, title="Anodisation", skills=[surface], organisation=network.lacroix)
    page = _page(client_as("member"), show="organisations", skill=surface.slug)
    assert "Lacroix Traitements" in page
    assert "Wrote 1 practice sheet on surface treatment" in page


def test_outsiders_and_funders_do_not_see_who_knows_what(client_as):
    assert client_as("outsider").get(reverse("knowledge:experts")).status_code == 403
    assert client_as("funder").get(reverse("knowledge:experts")).status_code == 403


def test_the_page_costs_the_same_queries_whatever_the_number_of_experts(
    expert, member, head, surface, client_as, django_assert_max_num_queries
):
    client = client_as("staff")
    make_article(expert, title="Une", skills=[surface])
    client.get(reverse("knowledge:experts"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("knowledge:experts"))
    for person in (member, head):
        make_article(person, title=f"De {person.first_name}", skills=[surface])
        person.expertise.add(Expertise.objects.get_or_create(name="décolletage")[0])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("knowledge:experts")).content.decode()
    assert "Marc Bouvier" in page
