"""The demo network's consultations: an open charter of inter-company cooperation
with contributions from the Arve valley and the Annecy basin, and a closed
consultation on the 2026 CSR priorities with its synthesis and participation."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cordee.accounts.models import User
from cordee.consultations.models import Consultation, ContributionStatus, Phase
from cordee.consultations.services import (
    comment_create,
    consultation_move,
    consultation_open,
    consultation_save,
    contribution_create,
    contribution_set_status,
    contributions_merge,
    support_toggle,
    synthesis_save,
)
from cordee.network.access import Access
from cordee.network.models import Affiliation, Organisation

CHARTER = "Charte de la coopération inter-entreprises"
CSR = "Priorités RSE 2026 du réseau"

# (territory, kind, title, text); people of that territory write them, in turn.
CHARTER_CONTRIBUTIONS = [
    (
        "arve",
        "proposal",
        "Prêter un régleur à un voisin en cas de coup dur",
        "Quand un régleur multibroches est absent plusieurs semaines, une entreprise voisine peut en prêter un, à prix coûtant, par une convention type fournie par le réseau.",
    ),
    (
        "arve",
        "proposal",
        "Un groupement d'employeurs pour les métiers rares",
        "Créer un groupement d'employeurs pour partager un métrologue, un automaticien et un responsable RSE entre trois à cinq PME.",
    ),
    (
        "arve",
        "idea",
        "Bourse de capacités machines",
        "Publier chaque semaine les heures machine disponibles (tours à cames, multibroches, rectifieuses) pour absorber les pics de charge sans sous-traiter hors vallée.",
    ),
    (
        "annecy",
        "proposal",
        "Règle de non-débauchage entre signataires",
        "Les signataires s'engagent à ne pas démarcher activement les salariés des autres signataires pendant les missions communes.",
    ),
    (
        "arve",
        "idea",
        "Achats groupés de laiton sans plomb",
        "Regrouper les commandes de CuZn42 et CuZn21Si3P pour peser face aux fonderies et sécuriser les délais.",
    ),
    (
        "annecy",
        "proposal",
        "Confidentialité des plans échangés",
        "Tout plan ou programme partagé entre membres reste la propriété de l'émetteur ; un modèle d'accord de confidentialité est annexé à la charte.",
    ),
    (
        "arve",
        "idea",
        "Visites d'usine croisées chaque trimestre",
        "Un dirigeant reçoit ses pairs dans son atelier sur un problème concret : réglage, flux, sécurité. Le compte rendu devient une fiche pratique.",
    ),
    (
        "arve",
        "proposal",
        "Maintenance préventive partagée",
        "Mutualiser un contrat de maintenance préventive des centrales d'huile et des filtres entre entreprises d'une même zone (Cluses, Scionzier, Marnaz).",
    ),
    (
        "annecy",
        "idea",
        "Apprentis accueillis à tour de rôle",
        "Un apprenti de BTS CPRP passe deux semaines dans une autre entreprise du réseau pour voir un autre procédé (traitement de surface, rectification).",
    ),
    (
        "arve",
        "proposal",
        "Un médiateur pour les différends entre membres",
        "Désigner chaque année un médiateur parmi les anciens dirigeants pour régler à l'amiable un retard, une malfaçon ou une facture contestée entre membres.",
    ),
    (
        "annecy",
        "idea",
        "Partager les retours d'expérience sur les audits clients",
        "Les exigences des donneurs d'ordres automobile et horlogerie se ressemblent : mettre en commun les constats d'audit anonymisés.",
    ),
    (
        "arve",
        "proposal",
        "Sous-traitance prioritaire entre membres",
        "À prix et délai comparables, un membre consulte d'abord les autres membres avant un sous-traitant extérieur au réseau.",
    ),
    (
        "arve",
        "idea",
        "Copeaux et huiles : une filière commune de valorisation",
        "Négocier ensemble la reprise des copeaux de laiton et d'acier et le recyclage des huiles de coupe.",
    ),
    (
        "annecy",
        "proposal",
        "Un engagement de paiement à 30 jours entre membres",
        "Les factures entre signataires sont payées à 30 jours fin de mois au plus tard : la trésorerie des petites entreprises en dépend.",
    ),
    (
        "arve",
        "idea",
        "Former ensemble les chefs d'équipe",
        "Un cycle commun de formation au management de proximité, animé dans les ateliers des membres.",
    ),
    (
        "arve",
        "proposal",
        "Transparence sur la charge des ateliers",
        "Chaque membre indique une fois par mois son taux de charge (faible, normal, saturé) pour orienter les demandes d'entraide.",
    ),
    (
        "annecy",
        "idea",
        "Cybersécurité : un référent pour plusieurs PME",
        "Après les attaques de l'an dernier, partager un référent cybersécurité et des exercices de restauration des sauvegardes.",
    ),
    (
        "arve",
        "proposal",
        "Accueil des nouveaux adhérents par un parrain",
        "Chaque nouvel adhérent est parrainé par un dirigeant d'une entreprise voisine pendant sa première année.",
    ),
    (
        "arve",
        "idea",
        "Un tableau des compétences rares dans la vallée",
        "Savoir qui maîtrise le taillage, l'électroérosion fil, le polissage horloger, pour s'adresser à la bonne personne.",
    ),
    (
        "annecy",
        "proposal",
        "Engagement de réponse sous 48 heures",
        "Une demande d'aide d'un membre reçoit une réponse, même négative, sous 48 heures ouvrées.",
    ),
    (
        "arve",
        "idea",
        "Transport mutualisé vers les traiteurs de surface",
        "Une navette commune deux fois par semaine entre les ateliers de la vallée et les traiteurs de surface.",
    ),
    (
        "arve",
        "proposal",
        "Retour d'expérience obligatoire après une aide",
        "Quand un membre a été aidé, il rédige en retour une courte fiche pratique pour que le savoir-faire profite à tous.",
    ),
    (
        "annecy",
        "idea",
        "Ouvrir la charte aux sous-traitants de rang 2",
        "Les petites entreprises de rang 2 (traitement thermique, ébavurage) devraient pouvoir signer la charte même sans être adhérentes.",
    ),
    (
        "arve",
        "proposal",
        "Une clause de sortie simple",
        "Un signataire peut quitter la charte par simple courrier, les engagements en cours restant honorés jusqu'à leur terme.",
    ),
    (
        "arve",
        "idea",
        "Partager les données énergétiques",
        "Comparer anonymement les consommations d'électricité par heure machine pour repérer les marges de progrès.",
    ),
    (
        "annecy",
        "proposal",
        "Un bilan annuel de la charte en assemblée générale",
        "Chaque année, l'assemblée générale fait le bilan : prêts de personnel, heures machine échangées, différends réglés.",
    ),
    (
        "arve",
        "idea",
        "Recruter ensemble sur les salons",
        "Un stand commun du réseau au salon de l'emploi de Cluses plutôt que dix petits stands.",
    ),
    (
        "arve",
        "proposal",
        "Prêt de matériel de contrôle",
        "Les projecteurs de profil et machines tridimensionnelles peuvent être prêtés pour un contrôle ponctuel, avec une fiche d'étalonnage à jour.",
    ),
    (
        "annecy",
        "idea",
        "Un langage commun pour les demandes d'aide",
        "Un formulaire simple : le problème, la pièce, la matière, l'urgence. On gagne du temps de part et d'autre.",
    ),
    (
        "arve",
        "proposal",
        "Signature par le dirigeant et un salarié",
        "La charte est signée par le dirigeant et par un salarié volontaire, pour qu'elle vive aussi dans les ateliers.",
    ),
]

CHARTER_COMMENTS = [
    (
        0,
        "Bonne idée, mais qui porte l'assurance pendant le prêt ?",
        "Le réseau a un modèle de convention : l'assurance de l'entreprise d'accueil couvre le salarié prêté.",
    ),
    (
        1,
        "Nous serions intéressés pour partager un métrologue à mi-temps.",
        "Nous aussi, à partir de septembre.",
    ),
    (2, "Il faudrait préciser les tolérances tenues par chaque machine.", None),
    (
        3,
        "Attention à la liberté des salariés : la règle doit viser le démarchage, pas les candidatures spontanées.",
        "D'accord, c'est bien le sens de la proposition.",
    ),
    (5, "Le modèle d'accord pourrait reprendre celui de la commission qualité.", None),
    (7, "Les trois entreprises de la zone des Ewües sont partantes.", None),
    (
        9,
        "Un médiateur, oui, mais sans pouvoir de sanction.",
        "Oui : il propose, les parties décident.",
    ),
    (
        13,
        "Trente jours, c'est ambitieux pour certains donneurs d'ordres, mais entre nous c'est faisable.",
        None,
    ),
    (16, "Nous avons déjà un prestataire à Annecy qui pourrait faire une offre groupée.", None),
    (
        22,
        "Ouvrir aux non-adhérents risque de décourager l'adhésion.",
        "On pourrait leur proposer une première année d'adhésion à demi-tarif.",
    ),
    (27, "Qui garantit l'étalonnage ? Il faut une règle claire.", None),
]

CSR_CONTRIBUTIONS = [
    (
        "arve",
        "proposal",
        "Un bilan carbone simplifié pour chaque adhérent",
        "Méthode commune, scopes 1 et 2 et principaux postes du scope 3, avec un tableur partagé.",
    ),
    (
        "arve",
        "proposal",
        "Réduire les huiles de coupe entières",
        "Tester la micro-lubrification sur quelques tours et partager les résultats.",
    ),
    (
        "arve",
        "idea",
        "Covoiturage entre ateliers",
        "Une plateforme de covoiturage pour les équipes postées de la vallée.",
    ),
    (
        "arve",
        "proposal",
        "Méthode de bilan carbone et accompagnement collectif",
        "Deux demi-journées collectives pour que chaque entreprise fasse son premier bilan.",
    ),
    (
        "annecy",
        "idea",
        "Achats responsables",
        "Une grille commune d'évaluation des fournisseurs sur l'environnement et le social.",
    ),
    (
        "arve",
        "idea",
        "Récupérer la chaleur des compresseurs",
        "Chauffer les bureaux avec la chaleur des compresseurs : retours d'expérience bienvenus.",
    ),
]

CSR_SYNTHESIS = """## Ce qui ressort

Les entreprises de la vallée de l'Arve et du bassin annécien ont proposé,
soutenu et discuté les actions. Trois priorités se dégagent :

1. **Un bilan carbone simplifié** proposé à tous les adhérents, avec une méthode
   commune et un accompagnement collectif (deux propositions fusionnées) ;
2. **la réduction des huiles de coupe entières**, par des essais de
   micro-lubrification partagés ;
3. **des achats responsables**, avec une grille commune d'évaluation des fournisseurs.

## Ce que nous n'avons pas assez entendu

Les entreprises du Chablais n'ont presque pas participé : le club RSE
ira les rencontrer avant de lancer les actions.

## Suite

Le conseil d'administration a retenu la première priorité ; le club RSE la met en œuvre.
"""


def _people(territory: str, count: int) -> list[User]:
    members = Organisation.objects.in_good_standing().filter(territory__slug=territory)
    affiliations = (
        Affiliation.objects.current()
        .filter(organisation__in=members.values("pk"), person__is_active=True)
        .select_related("person")
        .order_by("organisation__legal_name", "pk")
    )
    people: list[User] = []
    seen_organisations: set[int] = set()
    # One person per organisation first, so that many organisations take part.
    for affiliation in affiliations[: count * 8]:
        if affiliation.organisation_id in seen_organisations:
            continue
        seen_organisations.add(affiliation.organisation_id)
        people.append(affiliation.person)
        if len(people) == count:
            break
    return people


def _contribute(consultation, specs, authors, supporters):
    made = []
    turn = {"arve": 0, "annecy": 0}
    for index, (territory, kind, title, body) in enumerate(specs):
        people = authors[territory]
        author = people[turn[territory] % len(people)]
        turn[territory] += 1
        contribution = contribution_create(
            consultation=consultation,
            kind=kind,
            title=title,
            body=body,
            by=author,
            access=Access.for_user(author),
        )
        contribution.consultation = consultation
        for supporter in supporters[(index * 3) % len(supporters) :][: 2 + index % 6]:
            if supporter.pk != author.pk:
                support_toggle(
                    contribution=contribution, by=supporter, access=Access.for_user(supporter)
                )
        made.append(contribution)
    return made


def _comment(contribution, author, text, parent=None):
    return comment_create(
        contribution=contribution,
        body=text,
        parent=parent,
        by=author,
        access=Access.for_user(author),
        announce=False,
    )


def load_consultations_demo() -> None:
    """Load the demo's consultations; safe to run again."""
    staff = User.objects.filter(email="staff@example.org").first()
    if staff is None or Consultation.objects.filter(title__in=[CHARTER, CSR]).exists():
        return
    authors = {"arve": _people("arve", 14), "annecy": _people("annecy", 6)}
    if not authors["arve"] or not authors["annecy"]:
        return
    for email in ("head@example.org", "member@example.org"):
        persona = User.objects.filter(email=email).first()
        if persona is not None:
            authors["arve"].insert(0, persona)
    supporters = authors["arve"] + authors["annecy"]
    now = timezone.now()
    with transaction.atomic():
        _load_closed(staff, authors, supporters, now)
        _load_charter(staff, authors, supporters, now)


def _load_charter(staff, authors, supporters, now) -> None:
    charter = consultation_save(
        consultation=Consultation(
            title=CHARTER,
            summary=(
                "Comment nous entraider entre entreprises du réseau : prêt de personnel, "
                "heures machine, achats, confidentialité, différends. Proposez, soutenez, "
                "discutez : la charte sera votée en assemblée générale."
            ),
            body=(
                "## Pourquoi une charte\n\nL'entraide entre entreprises de la vallée existe "
                "depuis longtemps, mais elle repose sur des relations personnelles. Une "
                "charte écrite ensemble fixe des règles simples, connues de tous.\n\n"
                "## Comment contribuer\n\n- une **idée** ouvre une question ;\n"
                "- une **proposition** dit ce que la charte devrait prévoir."
            ),
            contributions_until=now + timedelta(days=21),
            coconstruction_until=now + timedelta(days=35),
        ),
        by=staff,
    )
    charter = consultation_open(consultation=charter, by=staff, announce=False)
    made = _contribute(charter, CHARTER_CONTRIBUTIONS, authors, supporters)
    for index, question, answer in CHARTER_COMMENTS:
        contribution = made[index]
        commenter = supporters[(index * 5 + 3) % len(supporters)]
        comment = _comment(contribution, commenter, question)
        if answer:
            _comment(contribution, contribution.author, answer, parent=comment)


def _load_closed(staff, authors, supporters, now) -> None:
    csr = consultation_save(
        consultation=Consultation(
            title=CSR,
            summary=(
                "Quelles actions RSE le réseau doit-il porter en 2026 ? Les propositions "
                "retenues ont été confiées au club RSE."
            ),
            body="Consultation menée avant le conseil d'administration de janvier.",
            contributions_until=now + timedelta(days=1),
            coconstruction_until=now + timedelta(days=2),
        ),
        by=staff,
    )
    csr = consultation_open(consultation=csr, by=staff, announce=False)
    made = _contribute(csr, CSR_CONTRIBUTIONS, authors, supporters)
    _comment(
        made[0],
        supporters[4 % len(supporters)],
        "Il faudra un tableur adapté aux ateliers de décolletage.",
    )
    csr = consultation_move(consultation=csr, to=Phase.COCONSTRUCTION, by=staff, announce=False)
    for contribution in made:
        contribution.consultation = csr
    contributions_merge(
        target=made[0],
        merged=[made[3]],
        title="Un bilan carbone simplifié, avec un accompagnement collectif",
        body=(
            "Méthode commune (scopes 1 et 2, principaux postes du scope 3), un tableur "
            "partagé et deux demi-journées collectives."
        ),
        by=staff,
    )
    for contribution in (made[0], made[1], made[4]):
        contribution_set_status(
            contribution=contribution, status=ContributionStatus.RETAINED, by=staff
        )
    contribution_set_status(contribution=made[2], status=ContributionStatus.SET_ASIDE, by=staff)
    csr = consultation_move(consultation=csr, to=Phase.DECISION, by=staff, announce=False)
    synthesis_save(consultation=csr, text=CSR_SYNTHESIS, publish=True, by=staff)
    consultation_move(consultation=csr, to=Phase.CLOSED, by=staff, announce=False)
    # Dated as it happened, a season ago.
    Consultation.objects.filter(pk=csr.pk).update(
        created_at=now - timedelta(days=120),
        opened_at=now - timedelta(days=118),
        contributions_until=now - timedelta(days=90),
        coconstruction_until=now - timedelta(days=75),
        phase_changed_at=now - timedelta(days=40),
        synthesis_published_at=now - timedelta(days=45),
    )
