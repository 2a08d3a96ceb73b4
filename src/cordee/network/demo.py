"""The demo network: territories, communes, companies, people, memberships, roles.

``load_demo()`` builds the normal demo, about 320 companies and 1,200 people,
most of them in the Arve valley, and places the demo accounts in it;
``load_demo(REGIONAL)`` builds a regional network (10 territories, 5,000
companies, 30,000 people) for benchmarks. A seeded random generator makes the
demo the same everywhere. Rows go in with ``bulk_create``, and only the demo
accounts get a usable password (hashing is slow), so the normal demo loads in
a few seconds.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.utils import timezone

from cordee.accounts import demo as demo_accounts
from cordee.accounts.models import Expertise, User
from cordee.network.communes import bundled_communes, communes_import
from cordee.network.demo_data.generate import (
    ANCHORS,
    Company,
    Person,
    make_companies,
    make_people,
)
from cordee.network.demo_data.territories import (
    DEMO_AREAS,
    DEPARTMENTS,
    REGION,
    REGIONAL_AREAS,
    Area,
)
from cordee.network.models import (
    Affiliation,
    Certification,
    Commune,
    Membership,
    MembershipTier,
    Organisation,
    Role,
    RoleAssignment,
    Skill,
    Territory,
    WorkingGroup,
)

SEED = 74300  # the postcode of Cluses
BATCH = 1000  # rows per INSERT: within SQLite's and PostgreSQL's limits on parameters

TIERS = (
    ("TPE", "300.00", "Moins de 10 salariés"),
    ("PME", "600.00", "De 10 à 249 salariés"),
    ("ETI", "1200.00", "250 salariés et plus"),
    ("Partenaire", "0.00", "Centres de formation, laboratoires et partenaires du réseau"),
)


@dataclass(frozen=True)
class Scale:
    """How big a network to build."""

    name: str
    companies: int
    people: int
    regional: bool  # ten territories over two departments; else the Arve demo's five


DEMO = Scale("demo", companies=320, people=1200, regional=False)
REGIONAL = Scale("regional", companies=5000, people=30000, regional=True)


def scale_named(value: str) -> Scale:
    """``"demo"``, ``"regional"``, or a number of companies (regional layout, 6 people each)."""
    if value == DEMO.name:
        return DEMO
    if value == REGIONAL.name:
        return REGIONAL
    if not value.isdigit() or int(value) < len(ANCHORS):
        raise ValueError(
            f"--scale takes demo, regional or a number of companies (at least {len(ANCHORS)}), "
            f"not “{value}”."
        )
    return Scale(value, companies=int(value), people=int(value) * 6, regional=True)


@dataclass
class DemoResult:
    created: bool
    organisations: int = 0
    people: int = 0
    memberships: int = 0
    accounts_created: int = 0
    seconds: float = 0.0


class DemoConflict(Exception):
    """The database holds a network that is not the demo's."""


def demo_is_loaded() -> bool:
    return Organisation.objects.filter(slug=ANCHORS["head"].slug).exists()


def load_demo(scale: Scale = DEMO, *, seed: int = SEED) -> DemoResult:
    """Build the demo network unless it is there, and make sure the demo accounts are.

    Raises :class:`DemoConflict` when the database holds other organisations,
    or any when ``scale`` is not the normal demo's: a network is only built
    into an empty database.
    """
    started = time.perf_counter()
    with transaction.atomic():
        if demo_is_loaded() and scale == DEMO:
            created = demo_accounts.load_accounts()
            if created:
                place_demo_accounts()
            return DemoResult(created=False, accounts_created=created)
        if Organisation.objects.exists():
            raise DemoConflict(
                "This database already holds organisations: the demo network goes only into "
                "an empty database (./cordee demo --reset, or a new DATABASE_URL)."
            )
        result = _build(scale, random.Random(seed))
        result.accounts_created = demo_accounts.load_accounts()
        place_demo_accounts()
    _analyze()
    result.seconds = time.perf_counter() - started
    return result


def _analyze() -> None:
    """Refresh the query planner's statistics: after a bulk load they describe empty tables,
    and PostgreSQL's autovacuum would take its time to notice."""
    if connection.vendor in ("postgresql", "sqlite"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _build(scale: Scale, rng: random.Random) -> DemoResult:
    today = timezone.localdate()
    areas = REGIONAL_AREAS if scale.regional else DEMO_AREAS
    territories = _territories(areas)
    communes = _communes(areas, territories)
    tiers = {tier.name: tier for tier in _tiers()}

    companies = make_companies(scale.companies, areas, communes, rng, today)
    Organisation.objects.bulk_create([c.organisation for c in companies], batch_size=BATCH)
    _taxonomy_links(companies)
    memberships = [m for c in companies for m in c.memberships(tiers, rng, today)]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)

    people = make_people(scale.people, companies, rng)
    User.objects.bulk_create([p.user for p in people], batch_size=BATCH)
    Affiliation.objects.bulk_create(
        [
            Affiliation(
                person_id=p.user.pk,
                organisation_id=p.company.organisation.pk,
                job_title=p.user.job_title,
                is_head=p.is_head,
                started_on=p.since,
            )
            for p in people
        ],
        batch_size=BATCH,
    )
    _expertise(people)
    _working_groups(people, territories, rng, scale)
    return DemoResult(
        created=True,
        organisations=len(companies),
        people=len(people),
        memberships=len(memberships),
    )


def _territories(areas: tuple[Area, ...]) -> dict[str, Territory]:
    """The region, its departments and the branches, by slug."""
    region = Territory.objects.create(name=REGION[0], slug=REGION[1], kind=Territory.Kind.REGION)
    territories = {region.slug: region}
    for code in sorted({area.department for area in areas}, reverse=True):
        name, slug = DEPARTMENTS[code]
        territories[code] = territories[slug] = Territory.objects.create(
            name=name, slug=slug, kind=Territory.Kind.DEPARTMENT, parent=region
        )
    for area in areas:
        if area.branch:
            territories[area.slug] = Territory.objects.create(
                name=area.name,
                slug=area.slug,
                kind=Territory.Kind.BRANCH,
                parent=territories[area.department],
            )
    return territories


def _communes(areas: tuple[Area, ...], territories: dict[str, Territory]) -> dict[str, Commune]:
    """Every commune of the departments, in its branch or else in its department."""
    branch_of = {code: area.slug for area in areas if area.branch for code in area.communes}
    for department in sorted({area.department for area in areas}):
        rows = [
            replace(row, territory=branch_of.get(row.insee, ""))
            for row in bundled_communes(department)
        ]
        communes_import(
            rows=rows, default_territory=territories[department], territories=territories
        )
    return {c.insee: c for c in Commune.objects.select_related("territory")}


def _tiers() -> list[MembershipTier]:
    existing = {tier.name: tier for tier in MembershipTier.objects.all()}
    new = [
        MembershipTier(name=name, amount=amount, description=description)
        for name, amount, description in TIERS
        if name not in existing
    ]
    MembershipTier.objects.bulk_create(new)
    return [*existing.values(), *new]


def _taxonomy_links(companies: list[Company]) -> None:
    skills = dict(Skill.objects.values_list("slug", "pk"))
    certifications = dict(Certification.objects.values_list("slug", "pk"))
    Activity = Organisation.activities.through
    Certified = Organisation.certifications.through
    Activity.objects.bulk_create(
        [
            Activity(organisation_id=c.organisation.pk, skill_id=skills[slug])
            for c in companies
            for slug in c.activities
        ],
        batch_size=BATCH,
    )
    Certified.objects.bulk_create(
        [
            Certified(organisation_id=c.organisation.pk, certification_id=certifications[slug])
            for c in companies
            for slug in c.certifications
        ],
        batch_size=BATCH,
    )


def _expertise(people: list[Person]) -> None:
    names = sorted({name for p in people for name in p.expertise})
    existing = set(Expertise.objects.filter(name__in=names).values_list("name", flat=True))
    Expertise.objects.bulk_create(
        [Expertise(name=name) for name in names if name not in existing], batch_size=BATCH
    )
    ids = dict(Expertise.objects.filter(name__in=names).values_list("name", "pk"))
    Declared = User.expertise.through
    Declared.objects.bulk_create(
        [
            Declared(user_id=p.user.pk, expertise_id=ids[name])
            for p in people
            for name in p.expertise
        ],
        batch_size=BATCH,
    )


# (slug, name, territory slug or "" for the whole network, description, who joins, size)
WORKING_GROUPS = (
    (
        "club-dirigeants-arve",
        "Club des dirigeants de la vallée de l'Arve",
        "arve",
        "Les dirigeants se retrouvent chaque mois dans l'usine de l'un d'eux pour "
        "travailler ensemble sur le problème qu'il apporte.",
        "head",
        24,
    ),
    (
        "club-rse",
        "Club RSE",
        "",
        "Bilan carbone, économies d'énergie, achats responsables : les entreprises "
        "partagent leurs démarches RSE et leurs résultats.",
        "rse",
        16,
    ),
    (
        "commission-qualite",
        "Commission qualité",
        "",
        "Responsables qualité : préparation des audits IATF 16949 et ISO 9001, "
        "retours d'expérience sur les réclamations clients.",
        "qualite",
        20,
    ),
    (
        "club-industrie-4-0",
        "Club industrie 4.0",
        "",
        "Machines connectées, suivi de production, robotisation du chargement : "
        "visites d'ateliers et retours d'expérience.",
        "industrie",
        16,
    ),
)


def _joins(person: Person, kind: str) -> bool:
    title = person.user.job_title
    if kind == "head":
        return person.is_head
    if kind == "rse":
        return "RSE" in title or "HSE" in title or (person.is_head and "RSE" in person.expertise)
    if kind == "qualite":
        return "qualité" in title
    return "méthodes" in title or "R&D" in title or "maintenance" in title


def _working_groups(
    people: list[Person], territories: dict[str, Territory], rng: random.Random, scale: Scale
) -> None:
    grow = min(3, max(1, scale.companies // DEMO.companies))
    Member = WorkingGroup.members.through
    rows = []
    for slug, name, territory_slug, description, kind, size in WORKING_GROUPS:
        territory = territories.get(territory_slug) if territory_slug else None
        group = WorkingGroup.objects.create(
            name=name, slug=slug, description=description, territory=territory
        )
        candidates = [
            p
            for p in people
            if _joins(p, kind)
            and (
                territory is None
                or p.company.organisation.territory.path.startswith(territory.path)
            )
        ]
        chosen = rng.sample(candidates, min(len(candidates), size * grow))
        rows += [Member(workinggroup_id=group.pk, user_id=p.user.pk) for p in chosen]
    Member.objects.bulk_create(rows, batch_size=BATCH)


# The demo accounts: (key, role and territory slug, or anchor company and group slugs)
ROLES = {
    "admin": (Role.ADMIN, None),
    "coordinator": (Role.COORDINATOR, "arve"),
    "staff": (Role.STAFF, None),
    "funder": (Role.FUNDER, REGION[1]),
}
GROUPS = {
    "head": ("club-dirigeants-arve", "club-rse"),
    "member": ("club-industrie-4-0",),
    "expert": ("commission-qualite", "club-rse"),
}


def place_demo_accounts() -> None:
    """Give the demo accounts their roles, companies and working groups (again: no harm)."""
    users = {
        user.email.split("@")[0]: user
        for user in User.objects.filter(email__in=[a.email for a in demo_accounts.DEMO_ACCOUNTS])
    }
    territories = {t.slug: t for t in Territory.objects.filter(slug__in=["arve", REGION[1]])}
    for key, (role, territory_slug) in ROLES.items():
        RoleAssignment.objects.get_or_create(
            person=users[key],
            role=role,
            territory=territories[territory_slug] if territory_slug else None,
        )
    organisations = {
        o.slug: o for o in Organisation.objects.filter(slug__in=[a.slug for a in ANCHORS.values()])
    }
    for key, anchor in ANCHORS.items():
        account = demo_accounts.demo_account(key)
        Affiliation.objects.get_or_create(
            person=users[key],
            organisation=organisations[anchor.slug],
            ended_on=None,
            defaults={"job_title": account.job_title, "is_head": key == "head"},
        )
    for key, slugs in GROUPS.items():
        for group in WorkingGroup.objects.filter(slug__in=slugs):
            group.members.add(users[key])
