"""The directory of organisations and people, and the public showcase."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cordee.accounts.models import Expertise, User, Visibility
from cordee.network.identifiers import make_siret
from cordee.network.models import (
    Affiliation,
    Certification,
    Organisation,
    SizeBand,
    Skill,
)

DIRECTORY = reverse("network:directory")
PEOPLE = reverse("network:people")
SHOWCASE = reverse("network:showcase")


@pytest.fixture(autouse=True)
def in_english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def names(response) -> list[str]:
    return [organisation.slug for organisation in response.context["page"].object_list]


def people_of(response) -> list[str]:
    return [person.email for person in response.context["page"].object_list]


@pytest.fixture
def described(network):
    """Bouvier turns bars and is ISO 9001; Lacroix treats surfaces and is on the showcase."""
    network.bouvier.activities.add(Skill.objects.get(slug="decolletage"))
    network.bouvier.certifications.add(Certification.objects.get(slug="iso-9001"))
    network.lacroix.activities.add(Skill.objects.get(slug="traitement-de-surface"))
    network.lacroix.showcase = True
    network.lacroix.website = "https://lacroix.example.org"
    network.lacroix.save()
    return network


def add_organisations(network, count: int, start: int = 0) -> None:
    skills = list(Skill.objects.all()[:3])
    certifications = list(Certification.objects.all()[:2])
    for index in range(start, start + count):
        siret = make_siret(75000000 + index)
        organisation = Organisation.objects.create(
            slug=f"extra-{index}",
            legal_name=f"Extra Usinage {index}",
            siren=siret[:9],
            siret=siret,
            size_band=SizeBand.SMALL,
            commune=network.cluses,
            showcase=True,
        )
        organisation.activities.set(skills)
        organisation.certifications.set(certifications)


# Who sees what


def test_visitor_sees_only_the_organisations_of_the_showcase(client, described):
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert names(response) == ["lacroix"]
    assert "size_band" not in response.context["form"].fields
    assert "membership" not in response.context["form"].fields
    assert reverse("network:people") not in response.content.decode()


@pytest.mark.parametrize("persona", ["funder", "outsider"])
def test_funders_and_people_of_lapsed_members_see_the_showcase_only(client_as, described, persona):
    response = client_as(persona).get(DIRECTORY)
    assert names(response) == ["lacroix"]
    assert "membership" not in response.context["form"].fields
    assert "Décolletage Bouvier" not in response.content.decode()


@pytest.mark.parametrize("persona", ["member", "staff"])
def test_members_and_staff_see_every_organisation(client_as, described, persona):
    response = client_as(persona).get(DIRECTORY)
    assert sorted(names(response)) == ["arvis", "bouvier", "dormant", "lacroix"]
    assert "4 organisations" in response.content.decode()


def test_the_showcase_is_the_public_page_even_for_members(client_as, described):
    response = client_as("member").get(SHOWCASE)
    assert response.status_code == 200
    assert names(response) == ["lacroix"]
    assert "https://lacroix.example.org" in response.content.decode()
    assert "membership" not in response.context["form"].fields


# Search and filters


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bouvier", ["bouvier"]),
        ("scionzier", ["arvis"]),
        ("bar turning", ["bouvier"]),
        ("décolletage", ["bouvier"]),
        ("surface", ["lacroix"]),
    ],
)
def test_search_finds_organisations_by_name_town_and_activity(
    client_as, described, query, expected
):
    response = client_as("member").get(DIRECTORY, {"q": query})
    assert names(response) == expected


def test_search_finds_an_organisation_by_its_siret_written_with_spaces(client_as, described):
    siret = described.arvis.siret
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    assert names(client_as("member").get(DIRECTORY, {"q": spaced})) == ["arvis"]
    assert names(client_as("member").get(DIRECTORY, {"q": siret[:9]})) == ["arvis"]


def test_a_territory_filter_includes_the_territories_under_it(client_as, described):
    member = client_as("member")
    assert sorted(names(member.get(DIRECTORY, {"territory": "arve"}))) == ["arvis", "bouvier"]
    assert sorted(names(member.get(DIRECTORY, {"territory": "haute-savoie"}))) == [
        "arvis",
        "bouvier",
        "dormant",
        "lacroix",
    ]
    assert names(member.get(DIRECTORY, {"territory": "chablais"})) == ["dormant"]


def test_filters_by_town_activity_certification_and_size(client_as, described):
    member = client_as("member")
    assert names(member.get(DIRECTORY, {"commune": "74264"})) == ["arvis"]
    assert names(member.get(DIRECTORY, {"activity": "decolletage"})) == ["bouvier"]
    assert names(member.get(DIRECTORY, {"certification": "iso-9001"})) == ["bouvier"]
    described.lacroix.size_band = SizeBand.MEDIUM
    described.lacroix.headcount = 80
    described.lacroix.save()
    assert names(member.get(DIRECTORY, {"size_band": "medium"})) == ["lacroix"]


def test_filters_combine(client_as, described):
    response = client_as("member").get(DIRECTORY, {"territory": "arve", "q": "arvis"})
    assert names(response) == ["arvis"]


def test_the_town_filter_offers_only_towns_with_an_organisation_the_reader_sees(
    client, client_as, described
):
    public = client.get(DIRECTORY).context["form"].fields["commune"].queryset
    assert [commune.name for commune in public] == ["Annecy"]
    member = client_as("member").get(DIRECTORY).context["form"].fields["commune"].queryset
    assert len(member) == 4


def test_members_filter_on_good_standing_only(client_as, described):
    response = client_as("member").get(DIRECTORY, {"membership": "not-member"})
    assert names(response) == ["dormant"]
    choices = dict(response.context["form"].fields["membership"].choices)
    assert "lapsed" not in choices
    # The detailed status is between an organisation and the staff.
    response = client_as("member").get(DIRECTORY, {"membership": "lapsed"})
    assert response.context["form"].errors
    assert len(names(response)) == 4


def test_staff_filter_on_each_membership_status(client_as, described):
    staff = client_as("staff")
    assert names(staff.get(DIRECTORY, {"membership": "lapsed"})) == ["dormant"]
    assert names(staff.get(DIRECTORY, {"membership": "invoiced"})) == ["arvis"]
    assert sorted(names(staff.get(DIRECTORY, {"membership": "member"}))) == [
        "arvis",
        "bouvier",
        "lacroix",
    ]


def test_a_visitor_crafting_a_membership_filter_learns_nothing(client, described):
    response = client.get(DIRECTORY, {"membership": "lapsed", "size_band": "small"})
    assert names(response) == ["lacroix"]


def test_an_unknown_filter_value_is_reported_and_the_other_filters_still_apply(
    client_as, described
):
    response = client_as("member").get(DIRECTORY, {"territory": "nowhere", "q": "arvis"})
    assert response.status_code == 200
    assert "territory" in response.context["form"].errors
    assert names(response) == ["arvis"]


def test_htmx_gets_only_the_results(client_as, described):
    response = client_as("member").get(DIRECTORY, {"q": "arvis"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "<html" not in content
    assert "Arvis Usinage" in content
    assert "HX-Request" in response["Vary"]


def test_the_filter_form_works_without_javascript_and_updates_in_place_with_htmx(
    client_as, described
):
    content = client_as("member").get(DIRECTORY).content.decode()
    assert '<form method="get" action="/directory/"' in content
    assert 'hx-target="#results"' in content
    assert 'hx-push-url="true"' in content
    assert '<div id="results" aria-live="polite">' in content
    assert "<legend>Find an organisation</legend>" in content
    assert '<label for="id_territory">' in content


def test_the_directory_is_paginated(client_as, network):
    add_organisations(network, 30)
    response = client_as("member").get(DIRECTORY, {"q": "extra", "page": 2})
    assert response.context["page"].number == 2
    assert len(names(response)) == 6
    assert "q=extra&amp;page=1" in response.content.decode()


def test_the_directory_runs_the_same_queries_whatever_the_number_of_organisations(
    client_as, network, django_assert_max_num_queries
):
    member = client_as("member")
    add_organisations(network, 3)
    member.get(DIRECTORY)  # the session and the access, once
    with CaptureQueriesContext(connection) as few:
        member.get(DIRECTORY)
    add_organisations(network, 40, start=3)
    with django_assert_max_num_queries(len(few)):
        response = member.get(DIRECTORY)
    assert len(names(response)) == 24


# The people directory


@pytest.fixture
def people(person, network):
    """Everyone affiliated, with contact details; the member hides them."""
    for persona in ("head", "member", "expert", "outsider"):
        user = person(persona)
        user.phone = "04 50 98 12 34"
        user.save()
    member = person("member")
    member.email_visibility = Visibility.NOBODY
    member.phone_visibility = Visibility.NOBODY
    member.save()
    head = person("head")
    head.phone_visibility = Visibility.MEMBERS
    head.save()
    return network


def test_the_people_directory_is_for_members_and_staff(client, client_as, people):
    assert client.get(PEOPLE).status_code == 302
    assert client_as("funder").get(PEOPLE).status_code == 403
    assert client_as("outsider").get(PEOPLE).status_code == 403
    assert client_as("outsider").get(PEOPLE, {"organisation": "bouvier"}).status_code == 403
    assert client_as("member").get(PEOPLE).status_code == 200


def test_the_people_directory_shows_phone_and_email_only_where_the_person_allows_it(
    client_as, people, person
):
    content = client_as("expert").get(PEOPLE).content.decode()
    assert person("head").email in content
    assert "tel:0450981234" in content  # the head shows their phone
    assert person("member").email not in content
    assert content.count("04 50 98 12 34") == 1
    assert "Revillard" in content  # the member is listed, without contact details


def test_the_people_directory_never_lists_erased_or_inactive_accounts(client_as, people, person):
    inactive = person("expert")
    inactive.is_active = False
    inactive.save()
    erased = User.objects.create_user("erased@test.example.org", "x", first_name="Gone")
    Affiliation.objects.create(person=erased, organisation=people.arvis)
    erased.erased_at = erased.date_joined
    erased.save()
    listed = people_of(client_as("staff").get(PEOPLE))
    assert inactive.email not in listed
    assert erased.email not in listed
    assert person("head").email in listed


def test_people_who_left_their_organisation_are_not_listed(client_as, people, person):
    Affiliation.objects.filter(person=person("member")).update(ended_on="2020-01-01")
    assert person("member").email not in people_of(client_as("head").get(PEOPLE))


def test_people_are_filtered_by_territory_organisation_expertise_and_skill(
    client_as, people, person
):
    head = client_as("head")
    assert sorted(people_of(head.get(PEOPLE, {"territory": "arve"}))) == [
        person("head").email,
        person("member").email,
    ]
    assert people_of(head.get(PEOPLE, {"organisation": "arvis"})) == [person("member").email]
    assert people_of(head.get(PEOPLE, {"organisation": "Bouvier"})) == [person("head").email]
    assert people_of(head.get(PEOPLE, {"expertise": "surface"})) == [person("expert").email]
    assert people_of(head.get(PEOPLE, {"q": "nadia"})) == [person("expert").email]
    # A skill finds who declared it, and the people of the organisations that practise it.
    people.bouvier.activities.add(Skill.objects.get(slug="traitement-de-surface"))
    assert sorted(people_of(head.get(PEOPLE, {"skill": "traitement-de-surface"}))) == sorted(
        [person("expert").email, person("head").email]
    )


def test_the_people_directory_runs_the_same_queries_whatever_the_number_of_people(
    client_as, people, django_assert_max_num_queries
):
    staff = client_as("staff")
    staff.get(PEOPLE)
    with CaptureQueriesContext(connection) as few:
        staff.get(PEOPLE)
    tag = Expertise.objects.create(name="lean")
    for index in range(30):
        user = User.objects.create_user(f"p{index}@test.example.org", "x", last_name=f"P{index}")
        user.expertise.add(tag)
        Affiliation.objects.create(person=user, organisation=people.arvis, job_title="Régleur")
        Affiliation.objects.create(person=user, organisation=people.lacroix)
    with django_assert_max_num_queries(len(few)):
        response = staff.get(PEOPLE)
    assert len(people_of(response)) == 24


def test_the_filters_beyond_the_search_box_stay_unfolded_once_one_is_in_use(client_as, network):
    member = client_as("member")
    assert '<details class="filters__more">' in member.get(DIRECTORY).content.decode()
    content = member.get(DIRECTORY, {"territory": "arve"}).content.decode()
    assert '<details class="filters__more" open>' in content
    assert "More filters (1 in use)" in content


@pytest.mark.django_db
def test_a_person_who_refused_the_directory_is_left_out_of_it(client_as, expert, member, head):
    expert.listed_in_directory = False
    expert.save()
    listed = people_of(client_as("member").get(PEOPLE))
    assert expert.email not in listed
    assert head.email in listed
    # Other companies' members no longer see the person on the company page either...
    page = client_as("member").get(reverse("network:organisation", args=["lacroix"]))
    assert expert.email not in page.content.decode()
    assert expert.last_name not in page.content.decode()
    # ...but the person's own company and the staff still do.
    staff_page = client_as("staff").get(reverse("network:organisation", args=["lacroix"]))
    assert expert.last_name in staff_page.content.decode()


@pytest.mark.django_db
def test_a_person_leaves_the_directory_from_their_profile(client_as, expert):
    response = client_as("expert").post(
        reverse("accounts:profile"),
        {
            "first_name": expert.first_name,
            "last_name": expert.last_name,
            "phone_visibility": "nobody",
            "email_visibility": "nobody",
        },
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.listed_in_directory is False
