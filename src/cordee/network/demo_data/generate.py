"""Companies and people of the demo, made in memory from a seeded random generator.

Nothing here touches the database: :mod:`cordee.network.demo` saves what
these functions make, in bulk.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from cordee.accounts.models import User, Visibility
from cordee.network.demo_data.territories import Area
from cordee.network.demo_data.words import (
    BRAND_ENDINGS,
    BRAND_ROOTS,
    COMMON_EXPERTISE,
    FEMALE_FIRST_NAMES,
    FINISHES,
    FRENCH_SURNAMES,
    HEAD_EXPERTISE,
    HEAD_TITLES,
    JOBS,
    LEGAL_FORMS,
    MALE_FIRST_NAMES,
    MARKETS,
    MATERIALS,
    OTHER_SURNAMES,
    PLACES,
    SAVOYARD_SURNAMES,
    STREETS,
    TRADES,
    ZONES,
    Job,
    Trade,
)
from cordee.network.identifiers import make_siret
from cordee.network.models import (
    Commune,
    Membership,
    MembershipStatus,
    MembershipTier,
    NafNomenclature,
    Organisation,
    SizeBand,
)

SIREN_BASE = 74_100_000  # fictional SIRENs: make_siret(SIREN_BASE + n)
TRADE_BY_KEY = {trade.key: trade for trade in TRADES}


@dataclass(frozen=True)
class Anchor:
    """A company of the demo that a demo account works for: always there, always paid up."""

    slug: str
    name: str
    legal_form: str
    commune: str  # INSEE code
    trade: str
    headcount: int
    address: str
    activities: tuple[str, ...]
    certifications: tuple[str, ...]
    machines: tuple[str, ...]
    description: str


ANCHORS = {
    "head": Anchor(
        slug="decolletage-bouvier",
        name="Décolletage Bouvier",
        legal_form="SAS",
        commune="74081",  # Cluses
        trade="decolletage",
        headcount=48,
        address="ZI des Grands Prés, 145 rue des Artisans",
        activities=(
            "decolletage",
            "decolletage-multibroches",
            "decolletage-poupee-mobile",
            "lavage-degraissage",
            "lean-manufacturing",
        ),
        certifications=("iso-9001", "iatf-16949", "iso-14001"),
        machines=(
            "Tornos MultiSwiss 8x26",
            "Tornos MultiSwiss 6x16",
            "Index MS32-6",
            "Citizen L20",
            "Star SR-20RIV",
            "Machine de lavage Dürr Ecoclean",
        ),
        description=(
            "Entreprise familiale fondée en 1962. Décolletage de pièces de précision en laiton "
            "et en inox pour l'automobile et la connectique, en grandes séries sur multibroches "
            "et en petites séries sur poupée mobile."
        ),
    ),
    "member": Anchor(
        slug="precision-du-bargy",
        name="Précision du Bargy",
        legal_form="SAS",
        commune="74264",  # Scionzier
        trade="mecanique",
        headcount=85,
        address="12 avenue de la Sardagne",
        activities=("usinage-de-precision", "fraisage-5-axes", "tournage-cn", "industrie-4-0"),
        certifications=("iso-9001", "en-9100"),
        machines=("DMG Mori DMU 50", "Mazak Integrex i-200", "Hermle C 42 U", "Studer S33"),
        description=(
            "Usinage de précision de pièces complexes pour l'aéronautique et le médical : "
            "fraisage 5 axes, tournage-fraisage, atelier connecté suivi en temps réel."
        ),
    ),
    "expert": Anchor(
        slug="faucigny-traitements",
        name="Faucigny Traitements",
        legal_form="SA",
        commune="74164",  # Marignier
        trade="traitement",
        headcount=62,
        address="ZA des Valignons, 30 rue Ampère",
        activities=("traitement-de-surface", "traitement-thermique", "lavage-degraissage", "rse"),
        certifications=("iso-9001", "iatf-16949", "iso-14001", "iso-50001"),
        machines=("Ligne de nickelage chimique", "Ligne de zingage", "Four sous vide"),
        description=(
            "Traitements de surface des pièces décolletées de la vallée : nickelage chimique, "
            "zingage, passivation de l'inox ; traitements thermiques sous vide."
        ),
    ),
}


@dataclass
class Company:
    organisation: Organisation
    trade: Trade
    activities: list[str]
    certifications: list[str]
    family: str | None = None  # the surname in its name: the family who runs it
    anchor: str | None = None  # the demo account's key, for an anchor company

    def memberships(
        self, tiers: dict[str, MembershipTier], rng: random.Random, today: date
    ) -> list[Membership]:
        """This year's membership in one of every status, most paid; last year's, mostly paid."""
        organisation, year = self.organisation, today.year
        headcount = organisation.headcount or 0
        if self.trade.partner:
            tier = tiers["Partenaire"]
        else:
            tier = tiers["TPE" if headcount < 10 else "PME" if headcount < 250 else "ETI"]
        if self.trade.partner:
            status, last_year = MembershipStatus.EXEMPT, MembershipStatus.EXEMPT
        elif self.anchor:
            status, last_year = MembershipStatus.PAID, MembershipStatus.PAID
        else:
            status = rng.choices(
                (
                    MembershipStatus.PAID,
                    MembershipStatus.INVOICED,
                    MembershipStatus.PENDING,
                    MembershipStatus.EXEMPT,
                    MembershipStatus.LAPSED,
                ),
                weights=(70, 12, 7, 3, 8),
            )[0]
            # New members (pending, exempt for their first year) were not members last year.
            new = (
                status in (MembershipStatus.PENDING, MembershipStatus.EXEMPT) and rng.random() < 0.6
            )
            last_year = None if new or rng.random() < 0.05 else MembershipStatus.PAID
            if last_year and status == MembershipStatus.PAID and rng.random() < 0.03:
                last_year = MembershipStatus.LAPSED  # came back
        rows = [self._membership(year, tier, status, rng, today)]
        if last_year:
            rows.append(self._membership(year - 1, tier, last_year, rng, today))
        return rows

    def _membership(
        self, year: int, tier: MembershipTier, status: str, rng: random.Random, today: date
    ) -> Membership:
        amount = Decimal(0) if status == MembershipStatus.EXEMPT else tier.amount
        invoiced_on = paid_on = None
        notes = ""
        if status in (MembershipStatus.INVOICED, MembershipStatus.PAID, MembershipStatus.LAPSED):
            invoiced_on = min(date(year, 1, 10) + timedelta(days=rng.randint(0, 40)), today)
        if status == MembershipStatus.PAID and invoiced_on:
            paid_on = min(invoiced_on + timedelta(days=rng.randint(5, 75)), today)
        if status == MembershipStatus.LAPSED:
            notes = "Relancée deux fois, sans réponse."
        elif status == MembershipStatus.EXEMPT and not self.trade.partner:
            notes = "Première année offerte (décision du conseil d'administration)."
        return Membership(
            organisation=self.organisation,
            year=year,
            tier=tier,
            amount=amount,
            status=status,
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
            invoiced_on=invoiced_on,
            paid_on=paid_on,
            notes=notes,
        )


@dataclass
class Person:
    user: User
    company: Company
    is_head: bool
    since: date
    expertise: list[str] = field(default_factory=list)


def _surname(rng: random.Random) -> str:
    pool = rng.choices((SAVOYARD_SURNAMES, FRENCH_SURNAMES, OTHER_SURNAMES), (55, 30, 15))[0]
    return rng.choice(pool)


class _Namer:
    """Company names and slugs, each used once."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.slugs: set[str] = set()

    def take(self, name: str) -> str:
        self.names.add(name)
        # "de l'Arve" reads "de-l-arve", not "de-larve".
        slug = base = slugify(name.replace("'", " "))[:70]
        number = 2
        while slug in self.slugs:
            slug = f"{base}-{number}"
            number += 1
        self.slugs.add(slug)
        return slug

    def name(self, trade: Trade, commune: Commune) -> tuple[str, str | None]:
        rng = self.rng
        for _ in range(30):
            surname = _surname(rng)
            place, of_place = rng.choice(PLACES)
            brand = rng.choice(BRAND_ROOTS) + rng.choice(BRAND_ENDINGS)
            template = rng.choice(trade.names)
            name = template.format(surname=surname, place=place, of_place=of_place, brand=brand)
            if name not in self.names:
                return name, surname if "{surname}" in template else None
        return f"{name} {commune.name}", surname if "{surname}" in template else None


def _headcount(trade: Trade, rng: random.Random) -> int:
    low, high, _ = rng.choices(trade.sizes, [weight for *_, weight in trade.sizes])[0]
    return rng.randint(low, high)


def _address(rng: random.Random) -> str:
    street = f"{rng.randint(1, 400)} {rng.choice(STREETS)}"
    return f"{rng.choice(ZONES)}, {street}" if rng.random() < 0.5 else street


def _description(trade: Trade, rng: random.Random) -> str:
    material, material2 = rng.sample(MATERIALS, 2)
    market, market2 = rng.sample(MARKETS, 2)
    dmin = rng.choice((0.5, 1, 2, 3))
    return trade.description.format(
        material=material,
        material2=material2,
        market=market,
        market2=market2,
        series=rng.choice(("1 000 à 100 000", "500 à 50 000", "10 000 à 1 million")),
        dmin=str(dmin).replace(".", ","),
        dmax=rng.choice((16, 20, 26, 32, 42)),
        finish=rng.choice(FINISHES),
    )


def _certifications(trade: Trade, rng: random.Random) -> list[str]:
    chosen = [slug for slug, probability in trade.certifications if rng.random() < probability]
    if "iatf-16949" in chosen and "iso-9001" not in chosen:
        chosen.insert(0, "iso-9001")  # IATF 16949 builds on ISO 9001
    return chosen


def _company(
    number: int,
    name: str,
    slug: str,
    legal_form: str,
    trade: Trade,
    commune: Commune,
    headcount: int,
    rng: random.Random,
) -> Organisation:
    siret = make_siret(SIREN_BASE + number)
    return Organisation(
        slug=slug,
        legal_name=f"{name} {legal_form}",
        trade_name=name,
        siren=siret[:9],
        siret=siret,
        naf_code=trade.naf_code,
        naf_nomenclature=NafNomenclature(trade.naf_nomenclature),
        size_band=SizeBand.for_headcount(headcount),
        headcount=headcount,
        commune=commune,
        # Organisation.save() copies it; bulk_create does not call save().
        territory=commune.territory,
        website=f"https://www.{slug}.example" if rng.random() < 0.7 else "",
        showcase=rng.random() < 0.5,
    )


def make_companies(
    count: int,
    areas: tuple[Area, ...],
    communes: dict[str, Commune],
    rng: random.Random,
    today: date,
) -> list[Company]:
    """``count`` companies: the anchors of the demo accounts, then generated ones."""
    namer = _Namer(rng)
    companies = []
    for key, anchor in ANCHORS.items():
        trade = TRADE_BY_KEY[anchor.trade]
        organisation = _company(
            len(companies),
            anchor.name,
            namer.take(anchor.name),
            anchor.legal_form,
            trade,
            communes[anchor.commune],
            anchor.headcount,
            rng,
        )
        organisation.address = anchor.address
        organisation.description = anchor.description
        organisation.machines = "\n".join(anchor.machines)
        organisation.website = f"https://www.{anchor.slug}.example"
        organisation.showcase = True
        companies.append(
            Company(
                organisation,
                trade,
                list(anchor.activities),
                list(anchor.certifications),
                family=anchor.name.split()[-1] if key == "head" else None,
                anchor=key,
            )
        )
    trade_weights = [trade.weight for trade in TRADES]
    area_weights = [area.weight for area in areas]
    while len(companies) < count:
        trade = rng.choices(TRADES, trade_weights)[0]
        area = rng.choices(areas, area_weights)[0]
        commune = communes[rng.choices(area.communes, area.commune_weights)[0]]
        name, family = namer.name(trade, commune)
        headcount = _headcount(trade, rng)
        organisation = _company(
            len(companies),
            name,
            namer.take(name),
            rng.choice(LEGAL_FORMS) if not trade.partner else "",
            trade,
            commune,
            headcount,
            rng,
        )
        organisation.legal_name = organisation.legal_name.strip()
        organisation.address = _address(rng)
        organisation.description = _description(trade, rng)
        if trade.machines:
            machines = rng.sample(trade.machines, min(len(trade.machines), 1 + headcount // 20, 7))
            organisation.machines = "\n".join(machines)
        first, *others = trade.activities
        activities = [first, *rng.sample(others, min(len(others), rng.randint(1, 4)))]
        companies.append(
            Company(organisation, trade, activities, _certifications(trade, rng), family=family)
        )
    return companies


def _job_titles(count: int, rng: random.Random) -> list[Job]:
    """The jobs of ``count`` people of a company: mostly its leads, some of its technicians."""
    leads = [job for job in JOBS if not job.repeats]
    # A weighted shuffle: the most common leads come first more often.
    leads.sort(key=lambda job: rng.random() ** (1 / job.weight), reverse=True)
    repeated = [job for job in JOBS if job.repeats]
    weights = [job.weight for job in repeated]
    jobs = []
    for _ in range(count):
        if leads and rng.random() < 0.75:
            jobs.append(leads.pop(0))
        else:
            jobs.append(rng.choices(repeated, weights)[0])
    return jobs


def _phone(rng: random.Random, department: str) -> str:
    if rng.random() < 0.5:
        prefix = "04 79" if department == "73" else "04 50"
    else:
        prefix = f"0{rng.choice((6, 7))} {rng.randint(10, 99)}"
    return f"{prefix} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def _languages(rng: random.Random) -> list[str]:
    spoken = ["fr"]
    for code, probability in (("en", 0.4), ("de", 0.1), ("it", 0.08)):
        if rng.random() < probability:
            spoken.append(code)
    return spoken


def make_people(count: int, companies: list[Company], rng: random.Random) -> list[Person]:
    """About ``count`` people: a head for each company (but the demo head's), then
    employees, more of them in bigger companies."""
    extra = max(0, count - len(companies))
    weights = [(c.organisation.headcount or 1) ** 0.7 for c in companies]
    staff = Counter(rng.choices(range(len(companies)), weights, k=extra))
    # One unusable password for everyone: hashing a random one each would take
    # minutes, and nobody logs in as these people.
    password = make_password(None)
    emails: set[str] = set()
    people: list[Person] = []
    for index, company in enumerate(companies):
        organisation = company.organisation
        department = organisation.commune.insee[:2]
        jobs: list[Job | None] = [] if company.anchor == "head" else [None]
        jobs += _job_titles(staff[index], rng)
        for job in jobs:
            female = rng.random() < 0.4
            first = rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
            if job is None and company.family and rng.random() < 0.7:
                last = company.family
            else:
                last = _surname(rng)
            email = base = f"{slugify(first)}.{slugify(last)}@{organisation.slug}.example"
            number = 2
            while email in emails:
                email = base.replace("@", f"{number}@")
                number += 1
            emails.add(email)
            if job is None:
                title = rng.choice(HEAD_TITLES)[female]
                pool, declared = HEAD_EXPERTISE, rng.choice((0, 1, 2, 2, 3))
            else:
                title = job.feminine if female else job.masculine
                pool, declared = job.expertise, rng.choice((0, 1, 2, 2, 3))
            expertise = rng.sample(pool, min(declared, len(pool)))
            if rng.random() < 0.15:
                common = rng.choice(COMMON_EXPERTISE)
                if common not in expertise:
                    expertise.append(common)
            phone = _phone(rng, department) if rng.random() < 0.6 else ""
            user = User(
                email=email,
                password=password,
                first_name=first,
                last_name=last,
                job_title=title,
                phone=phone,
                phone_visibility=(
                    Visibility.MEMBERS if phone and rng.random() < 0.4 else Visibility.NOBODY
                ),
                email_visibility=(Visibility.MEMBERS if rng.random() < 0.8 else Visibility.NOBODY),
                languages=_languages(rng),
            )
            people.append(
                Person(
                    user=user,
                    company=company,
                    is_head=job is None,
                    since=date(2000, 1, 1) + timedelta(days=rng.randint(0, 9000)),
                    expertise=expertise,
                )
            )
    return people
