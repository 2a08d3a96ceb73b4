"""Reading the network for its pages: the directories' filters, an organisation's people.

Every function returns a QuerySet whose related rows are prefetched, so that a
page of results costs the same number of queries whatever its size.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from cordee.accounts.models import User, Visibility
from cordee.network.access import Access
from cordee.network.models import (
    GOOD_STANDING,
    Affiliation,
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationQuerySet,
    Territory,
)

# Values of the directory's membership filter besides the statuses themselves.
IN_GOOD_STANDING = "member"
NOT_IN_GOOD_STANDING = "not-member"
# Values of the directory's label filter: any valid label (members and staff), or only
# the labels in the public register (the showcase).
LABEL_ANY = "labelled"
LABEL_PUBLIC = "register"


def directory_organisations(*, access: Access, public: bool) -> OrganisationQuerySet:
    """Organisations of the directory: the public showcase only when ``public``."""
    organisations = (
        Organisation.objects.filter(showcase=True)
        if public
        else Organisation.objects.visible_to(access)
    )
    return organisations.select_related("commune", "territory").prefetch_related(
        "activities", "certifications"
    )


def filter_organisations(
    organisations: OrganisationQuerySet, filters: dict[str, Any]
) -> OrganisationQuerySet:
    """Apply the directory's filters (a filter form's ``cleaned_data``) to ``organisations``.

    Each filter is one clause here; a later filter (the label status, for
    instance) adds its field to ``OrganisationFilterForm`` and its clause below.
    """
    if query := filters.get("q"):
        organisations = organisations.filter(organisation_search_q(query))
    if territory := filters.get("territory"):
        organisations = organisations.in_territory(territory)
    if commune := filters.get("commune"):
        organisations = organisations.filter(commune=commune)
    if activity := filters.get("activity"):
        organisations = organisations.filter(
            pk__in=Organisation.activities.through.objects.filter(skill=activity).values(
                "organisation_id"
            )
        )
    if certification := filters.get("certification"):
        organisations = organisations.filter(
            pk__in=Organisation.certifications.through.objects.filter(
                certification=certification
            ).values("organisation_id")
        )
    if size_band := filters.get("size_band"):
        organisations = organisations.filter(size_band=size_band)
    if membership := filters.get("membership"):
        organisations = organisations.filter(membership_q(membership))
    if label := filters.get("label"):
        # Imported here: the label app builds on the network, not the reverse.
        from cordee.label.selectors import labelled_organisation_ids

        organisations = organisations.filter(
            pk__in=labelled_organisation_ids(public=label == LABEL_PUBLIC)
        )
    return organisations


def organisation_search_q(query: str) -> Q:
    """Names, SIRET (or SIREN), postcode, town, NAF code and activities matching ``query``."""
    query = " ".join(query.split())
    matches = (
        Q(legal_name__icontains=query)
        | Q(trade_name__icontains=query)
        | Q(commune__name__icontains=query)
        | Q(naf_code__icontains=query)
        | Q(
            Exists(
                Organisation.activities.through.objects.filter(
                    organisation_id=OuterRef("pk")
                ).filter(Q(skill__name_fr__icontains=query) | Q(skill__name_en__icontains=query))
            )
        )
    )
    # People copy SIRETs with spaces ("740 000 012 00011"): compare digits only.
    digits = query.replace(" ", "")
    if digits.isdigit():
        matches |= Q(siret__startswith=digits) | Q(commune__postcode__startswith=digits)
    return matches


def membership_q(value: str, on: date | None = None) -> Q:
    """Organisations whose membership covering ``on`` (today) matches the filter ``value``."""
    on = on or timezone.localdate()
    current = Membership.objects.filter(
        organisation_id=OuterRef("pk"), starts_on__lte=on, ends_on__gte=on
    )
    if value == IN_GOOD_STANDING:
        return Q(Exists(current.filter(status__in=GOOD_STANDING)))
    if value == NOT_IN_GOOD_STANDING:
        return ~Q(Exists(current.filter(status__in=GOOD_STANDING)))
    if value in MembershipStatus.values:
        return Q(Exists(current.filter(status=value)))
    return Q()


def current_affiliations() -> QuerySet[Affiliation]:
    """Current affiliations of people whose account is open, ready to list."""
    return (
        Affiliation.objects.current()
        .filter(person__is_active=True, person__erased_at__isnull=True)
        .select_related("person", "organisation")
    )


def organisation_people(organisation: Organisation) -> QuerySet[Affiliation]:
    """The people who work for ``organisation`` now, company heads first."""
    return (
        current_affiliations()
        .filter(organisation=organisation)
        .order_by("-is_head", "person__last_name", "person__first_name", "pk")
    )


def directory_people(filters: dict[str, Any]) -> QuerySet[User]:
    """People with an open account who work for an organisation of the network now,
    matching the people directory's ``filters`` (a filter form's ``cleaned_data``).

    Filters are ``pk__in`` subqueries: the database builds each set of people
    once, instead of probing it for every account (several times faster on
    SQLite with tens of thousands of people).
    """
    # Territory and organisation must hold for the same affiliation.
    affiliations = Affiliation.objects.current()
    if territory := filters.get("territory"):
        affiliations = affiliations.filter(
            organisation__territory__in=Territory.objects.filter(path__startswith=territory.path)
        )
    if organisation := filters.get("organisation"):
        affiliations = affiliations.filter(
            Q(organisation__slug=organisation)
            | Q(organisation__legal_name__icontains=organisation)
            | Q(organisation__trade_name__icontains=organisation)
        )
    people = User.objects.filter(
        is_active=True,
        erased_at__isnull=True,
        listed_in_directory=True,
        pk__in=affiliations.values("person_id"),
    )
    if query := filters.get("q"):
        for word in query.split():
            people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    declared = User.expertise.through.objects.all()
    if tag := filters.get("expertise"):
        people = people.filter(
            pk__in=declared.filter(expertise__name__icontains=tag).values("user_id")
        )
    if skill := filters.get("skill"):
        # Who knows a skill: those who declared it, and the people of the
        # organisations that practise it.
        names = Q(expertise__name__iexact=skill.name_fr)
        if skill.name_en:
            names |= Q(expertise__name__iexact=skill.name_en)
        practised = Affiliation.objects.current().filter(organisation__activities=skill)
        people = people.filter(
            Q(pk__in=declared.filter(names).values("user_id"))
            | Q(pk__in=practised.values("person_id"))
        )
    return people.order_by("last_name", "first_name", "pk").prefetch_related(
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.current()
            .select_related("organisation")
            .order_by("organisation__legal_name"),
            to_attr="current_affiliations",
        ),
        "expertise",
    )


def with_contacts(people: list[User]) -> list[User]:
    """Give each person ``contact_email`` and ``contact_phone``: empty unless they chose to
    show it to the network's members (the only readers of the pages listing people)."""
    for person in people:
        person.contact_email = person.email if person.email_visibility == Visibility.MEMBERS else ""  # type: ignore[attr-defined]
        person.contact_phone = person.phone if person.phone_visibility == Visibility.MEMBERS else ""  # type: ignore[attr-defined]
    return people


def latest_membership(organisation: Organisation) -> Membership | None:
    """The membership that started last: the current one if it still covers today."""
    return (
        organisation.memberships.filter(starts_on__lte=timezone.localdate())
        .select_related("tier")
        .order_by("-starts_on")
        .first()
    )
