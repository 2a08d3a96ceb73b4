"""The demo network's decisions: a dozen decisions of its bodies over the last eighteen
months, public or for members, with follow-up actions done, under way and overdue.

Bodies come from the governance demo (by slug); a decision whose body is missing
is left out. Where the meetings and texts demos left a closed board meeting or
an adopted charter, a decision is linked to it (and dated by the meeting). Rows go in directly: no notification, no audit record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import transaction
from django.utils import timezone

from cordee.accounts.demo import DEMO_ACCOUNTS
from cordee.accounts.models import User
from cordee.decisions.models import Action, ActionStatus, Decision
from cordee.decisions.services import SEARCH_SOURCE
from cordee.governance.models import Body, Mandate, MandateRole
from cordee.knowledge.search import index_object
from cordee.network.models import Territory
from cordee.network.scopes import Scope

# Who does an action: a demo account by its key, or an officer of the decision's body.
CHAIR, SECRETARY = "chair", "secretary"


@dataclass(frozen=True)
class DemoAction:
    title: str
    owner: str
    due_after: int  # days after the decision
    status: str = ActionStatus.PLANNED
    note: str = ""


@dataclass(frozen=True)
class DemoDecision:
    title: str
    body: str
    days_ago: int
    scope: str
    text: str
    rationale: str
    territory: str = ""
    owner: str = ""
    origin: str = ""  # "meeting" or "text"
    actions: tuple[DemoAction, ...] = field(default_factory=tuple)


DONE, IN_PROGRESS, DROPPED = ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.DROPPED

DECISIONS = (
    DemoDecision(
        "Approbation des comptes de l'exercice et affectation du résultat",
        "assemblee-generale",
        160,
        Scope.PUBLIC,
        "L'assemblée générale **approuve les comptes** de l'exercice écoulé "
        "(produits : 612 400 €, résultat : +18 250 €) et affecte le résultat au fonds "
        "associatif.\n\nElle donne quitus au conseil d'administration pour sa gestion.",
        "Les comptes ont été certifiés sans réserve par le commissaire aux comptes.",
        owner="staff",
        actions=(
            DemoAction(
                "Déposer les comptes au Journal officiel des associations",
                "staff",
                30,
                DONE,
                "Dépôt fait, publication reçue.",
            ),
            DemoAction("Publier le rapport financier sur le site", "staff", 45, DONE, "En ligne."),
        ),
    ),
    DemoDecision(
        "Barème des cotisations de l'an prochain",
        "assemblee-generale",
        158,
        Scope.NETWORK,
        "La cotisation de base reste à 450 €. La part proportionnelle augmente de 2 % "
        "pour les entreprises de plus de 50 salariés.\n\n"
        "| Effectif | Cotisation |\n|---|---|\n| 1 à 9 | 450 € |\n| 10 à 49 | 900 € |\n"
        "| 50 à 249 | 1 650 € |\n| 250 et plus | 2 900 € |",
        "Couvrir la hausse des frais de déplacement des chargés de mission sans peser sur "
        "les plus petites entreprises.",
        owner="staff",
        actions=(
            DemoAction("Mettre à jour les appels de cotisation", "staff", 60, DONE),
            DemoAction(
                "Informer les adhérents par courrier", "staff", 75, DONE, "Courrier envoyé."
            ),
        ),
    ),
    DemoDecision(
        "Création d'un groupement d'employeurs pour les régleurs sur machines",
        "conseil-administration",
        120,
        Scope.PUBLIC,
        "Le conseil décide de créer un **groupement d'employeurs** pour partager des "
        "régleurs et régleuses sur décolleteuses à cames et à commande numérique entre "
        "entreprises adhérentes.\n\n- Statut : association loi 1901 adossée au réseau ;\n"
        "- premiers postes : trois régleurs à temps partagé ;\n"
        "- ouverture aux entreprises de Cluses, Scionzier, Marnaz et Thyez d'abord.",
        "Onze entreprises ont dit ne pas pouvoir embaucher un régleur à plein temps, alors "
        "que leurs machines attendent des réglages plusieurs heures par semaine.",
        owner="head",
        origin="meeting",
        actions=(
            DemoAction(
                "Faire valider les statuts par un avocat en droit social",
                SECRETARY,
                45,
                DONE,
                "Statuts relus, deux clauses revues sur la responsabilité solidaire.",
            ),
            DemoAction(
                "Recenser les besoins en heures de réglage des adhérents",
                "member",
                60,
                IN_PROGRESS,
                "18 réponses sur 27 entreprises sollicitées.",
            ),
            DemoAction(
                "Signer une convention de financement avec l'OPCO",
                "staff",
                90,
                IN_PROGRESS,
                "Rendez-vous pris, en attente de leur comité.",
            ),
            DemoAction("Recruter les trois premiers régleurs", "head", 180),
        ),
    ),
    DemoDecision(
        "Partenariat avec le lycée Charles-Poncet de Cluses pour l'apprentissage",
        "conseil-administration",
        95,
        Scope.PUBLIC,
        "Le réseau signe une convention avec le lycée Charles-Poncet : accueil d'apprentis "
        "en bac pro technicien en réalisation de produits mécaniques, visites d'ateliers "
        "pour les classes de seconde, prêt de pièces réelles pour les travaux pratiques.",
        "Le décolletage manque de jeunes formés sur tour multibroche ; le lycée manque de "
        "places en entreprise.",
        owner="coordinator",
        actions=(
            DemoAction(
                "Signer la convention avec le proviseur",
                "coordinator",
                30,
                DONE,
                "Signée le jour de la rentrée.",
            ),
            DemoAction(
                "Trouver dix entreprises d'accueil", "coordinator", 75, IN_PROGRESS, "Sept."
            ),
            DemoAction("Organiser deux visites d'ateliers pour les secondes", "head", 80),
        ),
    ),
    DemoDecision(
        "Adoption de la charte d'entraide entre adhérents",
        "conseil-administration",
        70,
        Scope.PUBLIC,
        "Le conseil adopte la charte d'entraide : tout adhérent qui demande de l'aide "
        "s'engage à partager ce qu'il en a appris ; tout adhérent qui aide le fait sans "
        "contrepartie commerciale ; ce qui est confié reste confidentiel.",
        "La charte a été écrite à plusieurs mains et amendée par les adhérents.",
        origin="text",
        actions=(
            DemoAction(
                "Faire signer la charte à chaque nouvel adhérent", "staff", 30, DONE, "En place."
            ),
        ),
    ),
    DemoDecision(
        "Recrutement d'un·e chargé·e de mission RSE à mi-temps",
        "bureau",
        64,
        Scope.NETWORK,
        "Le bureau ouvre un poste de chargé·e de mission RSE à mi-temps, en CDI, rattaché "
        "à la déléguée générale, pour accompagner les adhérents dans leur bilan carbone et "
        "leur démarche RSE.",
        "Douze adhérents ont demandé un appui sur la RSE ; le club RSE ne peut pas tout "
        "porter bénévolement.",
        owner="staff",
        actions=(
            DemoAction("Publier l'offre d'emploi", "staff", 10, DONE),
            DemoAction("Mener les entretiens", "staff", 40, DONE, "Quatre candidats reçus."),
            DemoAction("Accueillir la personne recrutée", "staff", 75, IN_PROGRESS),
        ),
    ),
    DemoDecision(
        "Visites d'usine trimestrielles chez les adhérents de la vallée",
        "antenne-arve",
        55,
        Scope.TERRITORY,
        "L'antenne organise chaque trimestre la visite d'une usine adhérente, sur un "
        "problème que l'entreprise veut travailler avec ses pairs (changement de série, "
        "copeaux, huiles de coupe, maintenance).",
        "Les clubs de dirigeants qui se réunissent chez celui qui a un problème sont ce que "
        "les adhérents citent en premier.",
        territory="arve",
        owner="coordinator",
        actions=(
            DemoAction(
                "Visite à Marnaz : réduire les temps de changement de série",
                "coordinator",
                20,
                DONE,
                "14 participants, compte rendu en ligne.",
            ),
            DemoAction("Visite à Scionzier : traitement des copeaux", CHAIR, 45, IN_PROGRESS),
            DemoAction("Programmer les visites de l'an prochain", "coordinator", 50),
        ),
    ),
    DemoDecision(
        "Mutualiser une machine de mesure tridimensionnelle",
        "antenne-annecy",
        48,
        Scope.TERRITORY,
        "Les adhérents du bassin annécien partagent une machine de mesure "
        "tridimensionnelle installée chez l'un d'eux, réservée en ligne, facturée à "
        "l'heure au prix coûtant.",
        "Aucune entreprise de moins de 50 salariés n'amortit seule une telle machine.",
        territory="annecy",
        owner=CHAIR,
        actions=(
            DemoAction("Choisir l'entreprise qui héberge la machine", CHAIR, 30, DONE),
            DemoAction("Rédiger la convention d'utilisation", CHAIR, 40),
        ),
    ),
    DemoDecision(
        "Permanence mensuelle du réseau à Thonon-les-Bains",
        "antenne-chablais",
        40,
        Scope.TERRITORY,
        "Un chargé de mission tient une permanence le premier mardi de chaque mois à "
        "Thonon-les-Bains, pour les entreprises du Chablais.",
        "Les entreprises du Chablais viennent peu aux réunions de la vallée de l'Arve.",
        territory="chablais",
        actions=(
            DemoAction("Trouver une salle", CHAIR, 20, DONE, "Salle prêtée par la mairie."),
            DemoAction("Annoncer la première permanence", "staff", 30, DONE),
        ),
    ),
    DemoDecision(
        "Bilan carbone simplifié proposé à tous les adhérents",
        "club-rse",
        33,
        Scope.PUBLIC,
        "Le club RSE met à disposition une méthode de bilan carbone simplifiée (scopes 1 "
        "et 2, principaux postes du scope 3), un tableur et deux demi-journées "
        "d'accompagnement collectif.",
        "Les donneurs d'ordres de l'automobile et de l'horlogerie demandent ces chiffres à "
        "leurs fournisseurs.",
        owner="head",
        actions=(
            DemoAction("Adapter le tableur aux ateliers de décolletage", "expert", 21),
            DemoAction("Tenir la première demi-journée collective", "head", 45),
        ),
    ),
    DemoDecision(
        "Nouvelle version du référentiel du label",
        "commission-qualite",
        25,
        Scope.PUBLIC,
        "La commission qualité adopte la version 3 du référentiel du label : un critère "
        "nouveau sur la transmission des savoir-faire, deux critères fusionnés sur la "
        "maîtrise des procédés.",
        "Les revues par les pairs de la dernière campagne ont montré des doublons.",
        owner="expert",
        actions=(
            DemoAction(
                "Former les pairs évaluateurs à la version 3",
                "expert",
                14,
                IN_PROGRESS,
                "Première session faite.",
            ),
            DemoAction("Publier le référentiel", "staff", 10, DONE),
        ),
    ),
    DemoDecision(
        "Achats groupés d'énergie pour l'an prochain",
        "club-dirigeants-arve",
        18,
        Scope.NETWORK,
        "Le club lance une consultation groupée d'électricité et de gaz pour les "
        "adhérents volontaires, avec un courtier choisi sur mise en concurrence.",
        "Les contrats de plusieurs adhérents arrivent à échéance en même temps.",
        owner="head",
        actions=(
            DemoAction("Collecter les factures des volontaires", "head", 10),
            DemoAction("Choisir le courtier", SECRETARY, 40),
            DemoAction("Étudier une centrale photovoltaïque partagée", "member", 5, DROPPED),
        ),
    ),
    DemoDecision(
        "Ouvrir la plateforme aux réseaux d'autres territoires de la région",
        "conseil-administration",
        8,
        Scope.PUBLIC,
        "Le conseil décide d'ouvrir la plateforme à deux autres réseaux industriels "
        "d'Auvergne-Rhône-Alpes, chacun avec son antenne, son équipe et son budget, et "
        "une base de connaissances commune.",
        "Ce que le réseau a capitalisé sert davantage partagé ; les financeurs demandent "
        "que l'expérience s'étende.",
        owner="staff",
        actions=(
            DemoAction("Présenter le projet aux deux réseaux", "staff", 30),
            DemoAction("Chiffrer les moyens humains et financiers", "staff", 45),
        ),
    ),
)


def load_decisions_demo() -> None:
    """Load the demo's decisions; safe to run again."""
    if Decision.objects.filter(title=DECISIONS[0].title).exists():
        return
    bodies = {body.slug: body for body in Body.objects.filter(slug__in={d.body for d in DECISIONS})}
    if not bodies:
        return  # no governance demo
    accounts = {
        user.email.split("@")[0]: user
        for user in User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS])
    }
    officers = _officers(bodies.values())
    territories = {
        t.slug: t for t in Territory.objects.filter(slug__in=["arve", "annecy", "chablais"])
    }
    origins = _origins()
    today = timezone.localdate()
    recorder = accounts.get("staff")
    with transaction.atomic():
        for spec in DECISIONS:
            body = bodies.get(spec.body)
            if body is None or (spec.territory and spec.territory not in territories):
                continue

            def person(key: str, body: Body = body) -> User | None:
                return officers.get((body.pk, key)) or accounts.get(key)

            origin = origins.get(spec.origin)
            decided_on = today - timedelta(days=spec.days_ago)
            decision = Decision(
                title=spec.title,
                text=spec.text,
                rationale=spec.rationale,
                decided_on=decided_on,
                body=body,
                scope=spec.scope,
                scope_territory=territories.get(spec.territory),
                owner=person(spec.owner) if spec.owner else None,
                created_by=recorder,
            )
            if origin is not None:
                decision.origin = origin
                if spec.origin == "meeting":
                    decision.decided_on = min(timezone.localtime(origin.starts_at).date(), today)
            decision.save()
            Action.objects.bulk_create(
                _action(decision, action, person(action.owner), today) for action in spec.actions
            )
            index_object(SEARCH_SOURCE, decision)


def _action(decision: Decision, spec: DemoAction, owner: User | None, today: date) -> Action:
    due_on = decision.decided_on + timedelta(days=spec.due_after)
    done_on = min(due_on, today) - timedelta(days=2) if spec.status == DONE else None
    return Action(
        decision=decision,
        title=spec.title,
        owner=owner,
        status=spec.status,
        due_on=due_on,
        done_on=max(done_on, decision.decided_on) if done_on else None,
        progress_note=spec.note,
    )


def _officers(bodies: Any) -> dict[tuple[int, str], User]:
    """(body id, "chair" or "secretary") → the person, for the bodies' current officers."""
    officers: dict[tuple[int, str], User] = {}
    for mandate in (
        Mandate.objects.current()
        .filter(body__in=list(bodies), role__in=[MandateRole.CHAIR, MandateRole.SECRETARY])
        .select_related("person")
        .order_by("pk")
    ):
        officers.setdefault((mandate.body_id, mandate.role), mandate.person)
    return officers


def _origins() -> dict[str, Any]:
    """What the other governance demos left that a decision can come from, if anything:
    the latest closed board meeting, an adopted charter."""
    lookups = {
        "meeting": (
            "meetings.Meeting",
            {"body__slug": "conseil-administration", "closed_at__isnull": False},
            "-starts_at",
        ),
        "text": ("texts.Text", {"status": "adopted", "kind": "charter"}, "-pk"),
    }
    found = {}
    for key, (label, filters, order) in lookups.items():
        try:
            origin = apps.get_model(label).objects.filter(**filters).order_by(order).first()
        except (LookupError, FieldError):  # that demo is not there (yet)
            origin = None
        if origin is not None:
            found[key] = origin
    return found
