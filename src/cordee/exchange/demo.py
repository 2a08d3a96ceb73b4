"""The demo network's capacity exchange: about twenty offers and needs of companies of the
Arve valley and around, several of which match; the demo head has a need matched to an
offer with a contact made, and a request to get in touch waiting for an answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cordee.accounts.models import User
from cordee.exchange.models import Listing, Match
from cordee.exchange.services import contact_answer, contact_ask, listing_save
from cordee.network.access import Access
from cordee.network.demo_data.generate import ANCHORS
from cordee.network.models import Affiliation, Organisation, Skill


@dataclass(frozen=True)
class Demo:
    side: str
    kind: str
    title: str
    # An anchor's key ("head", "member", "expert"), or the skill a company of the
    # territory must have: the demo picks the first such company in good standing.
    company: str
    territory: str
    skill: str | None
    start: int  # days from today
    days: int
    quantity: int
    unit: str
    description: str
    shared_staff: bool = False
    visibility: str = "network"


M, E, S = Listing.Kind.MACHINE, Listing.Kind.EQUIPMENT, Listing.Kind.STAFF
OFFER, NEED = Listing.Side.OFFER, Listing.Side.NEED

DEMO = [
    Demo(OFFER, M, "Tour multibroche Tornos MultiSwiss 8x26", "head", "arve",
         "decolletage-multibroches", 7, 60, 120, "hours",
         "Créneaux libres en équipe de nuit. Laiton CuZn39Pb3 ou sans plomb, diamètre 26 mm "
         "maximum. Le réglage est fait par nos régleurs."),
    Demo(NEED, M, "Rectifieuse cylindrique", "head", "arve", "rectification", 10, 30, 40,
         "hours", "Rectification de 2 000 axes en acier 100Cr6 après traitement thermique, "
         "tolérance h6. Notre rectifieuse est en panne jusqu'à fin du mois."),
    Demo(OFFER, M, "Rectifieuse cylindrique Studer S33", "rectification", "arve",
         "rectification", 0, 90, 60, "hours",
         "Machine disponible deux jours par semaine, opérateur compris."),
    Demo(OFFER, M, "Centre d'usinage 5 axes DMG Mori DMU 50", "member", "arve",
         "fraisage-5-axes", 14, 45, 80, "hours",
         "Usinage de pièces prismatiques en aluminium et inox, programmation FAO possible."),
    Demo(NEED, M, "Centre d'usinage 5 axes", "fraisage-5-axes", "annecy", "fraisage-5-axes",
         20, 20, 30, "hours", "Prototypes de boîtiers en aluminium 7075, 12 pièces."),
    Demo(NEED, M, "Tour multibroche 8 broches", "decolletage-multibroches", "arve",
         "decolletage-multibroches", 14, 40, 200, "hours",
         "Pic de commandes automobile : 400 000 pièces de connectique à lancer."),
    Demo(OFFER, E, "Machine à mesurer tridimensionnelle Zeiss Contura", "expert",
         "arve", "metrologie", 0, 120, 5, "days",
         "MMT en salle climatisée à 20 °C. Rapport de mesure fourni."),
    Demo(NEED, E, "Machine à mesurer tridimensionnelle", "metrologie", "arve", "metrologie",
         5, 20, 2, "days", "Mesure d'une première série pour un PPAP client."),
    Demo(OFFER, S, "Régleur décolletage multibroche", "decolletage", "arve",
         "decolletage-multibroches", 30, 90, 1, "people",
         "Régleur expérimenté partagé entre trois entreprises de notre groupement "
         "d'employeurs, disponible deux jours par semaine.", shared_staff=True),
    Demo(NEED, S, "Régleur multibroche", "decolletage", "arve",
         "decolletage-multibroches", 30, 60, 1, "people",
         "Remplacement d'un congé parental sur Index MS32."),
    Demo(OFFER, E, "Pont roulant 5 tonnes", "outillage-moules", "arve", None, 0, 60, 3,
         "days", "Manutention de moules dans notre atelier de Thyez, cariste disponible."),
    Demo(NEED, E, "Pont roulant pour un moule de 3 tonnes", "injection-plastique", "arve",
         None, 15, 10, 1, "days", "Changement de moule sur une presse à injecter."),
    Demo(OFFER, E, "Banc d'essai d'étanchéité à l'hélium", "mecatronique", "annecy",
         "controle-qualite", 0, 90, 10, "days",
         "Contrôle d'étanchéité de sous-ensembles jusqu'à 10⁻⁶ mbar·l/s."),
    Demo(OFFER, M, "Électroérosion à fil", "electroerosion", "arve", "electroerosion", 0,
         60, 50, "hours", "Découpe fil 0,25 mm, hauteur 300 mm."),
    Demo(OFFER, S, "Technicien de maintenance", "maintenance-industrielle", "arve",
         "maintenance-industrielle", 10, 120, 8, "days",
         "Technicien du groupement d'employeurs du Faucigny, habilité électrique.",
         shared_staff=True),
    Demo(NEED, S, "Soudeur TIG", "soudage", "chablais", "soudage", 10, 40, 2, "people",
         "Soudure inox de cuves pour l'agroalimentaire."),
    Demo(NEED, M, "Presse à injecter 80 tonnes", "injection-plastique", "annecy",
         "injection-plastique", 20, 30, 100, "hours", "Série de capots en PA66."),
    Demo(NEED, E, "Caméra de vision industrielle", "vision-industrielle", "arve",
         "vision-industrielle", 7, 30, 1, "units", "Essai de contrôle d'aspect en ligne.",
         visibility="territory"),
    Demo(NEED, M, "Four de trempe sous vide", "traitement-thermique", "arve",
         "traitement-thermique", 30, 30, 24, "hours", "Trempe de petits lots d'outils."),
    Demo(OFFER, E, "Machine de lavage lessivielle", "lavage-degraissage", "arve",
         "lavage-degraissage", 0, 45, 40, "hours",
         "Lavage de pièces décolletées avant traitement de surface."),
]  # fmt: skip


def load_exchange_demo() -> None:
    """Load the demo's capacity exchange; safe to run again."""
    if Listing.objects.filter(title=DEMO[0].title).exists():
        return
    if not Organisation.objects.filter(slug=ANCHORS["head"].slug).exists():
        return
    today = timezone.localdate()
    used: set[int] = set()
    with transaction.atomic():
        posted = []
        for demo in DEMO:
            organisation = _company(demo, used)
            if organisation is None:
                continue
            poster = _head(organisation)
            if poster is None:
                continue
            listing = Listing(
                organisation=organisation,
                side=demo.side,
                kind=demo.kind,
                title=demo.title,
                skill=Skill.objects.filter(slug=demo.skill).first() if demo.skill else None,
                description=demo.description,
                starts_on=today + timedelta(days=demo.start),
                ends_on=today + timedelta(days=demo.start + demo.days),
                quantity=Decimal(demo.quantity),
                unit=demo.unit,
                shared_staff=demo.shared_staff,
                visibility=demo.visibility,
            )
            listing_save(listing=listing, by=poster, access=Access.for_user(poster), announce=False)
            posted.append((listing, poster))
        _contacts(posted)


def _company(demo: Demo, used: set[int]) -> Organisation | None:
    """The anchor named, or a company of the territory with the skill, in good standing."""
    members = Organisation.objects.in_good_standing()
    if demo.company in ANCHORS:
        return members.filter(slug=ANCHORS[demo.company].slug).first()
    candidates = (
        members.filter(territory__slug=demo.territory)
        .exclude(pk__in=used)
        .exclude(slug__in=[anchor.slug for anchor in ANCHORS.values()])
        .order_by("slug")
    )
    found = candidates.filter(activities__slug=demo.company).first() or candidates.first()
    if found is not None:
        used.add(found.pk)
    return found


def _head(organisation: Organisation) -> User | None:
    affiliation = (
        Affiliation.objects.current()
        .filter(organisation=organisation, is_head=True, person__is_active=True)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return affiliation.person if affiliation else None


def _contacts(posted: list[tuple[Listing, User]]) -> None:
    """The demo head's need for a grinder: contact made. Their lathe: a request waiting."""
    people = {listing.title: (listing, poster) for listing, poster in posted}
    pairs = [
        ("Rectifieuse cylindrique", "Rectifieuse cylindrique Studer S33", True),
        ("Tour multibroche 8 broches", "Tour multibroche Tornos MultiSwiss 8x26", False),
    ]
    for need_title, offer_title, answered in pairs:
        if need_title not in people or offer_title not in people:
            continue
        (need, need_poster), (offer, offer_poster) = people[need_title], people[offer_title]
        made = Match.objects.filter(need=need, offer=offer).first()
        if made is None:
            continue
        contact = contact_ask(
            match=made,
            asked_from=need,
            message="Bonjour, pouvons-nous en parler cette semaine ?",
            by=need_poster,
            access=Access.for_user(need_poster),
        )
        if answered:
            contact_answer(
                contact=contact,
                accept=True,
                by=offer_poster,
                access=Access.for_user(offer_poster),
            )
