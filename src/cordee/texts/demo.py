"""The demo network's co-written texts.

* The statutes of the network, public, adopted by the general assembly last spring.
* The mutual-aid charter between members, adopted by vote about two months ago (the
  decisions demo records the board's decision from it).
* The "Charte de la coopération inter-entreprises", being written: comments and
  amendments, some accepted (versions 2 and 3), some rejected, some waiting for the
  authors (the demo company head and the staff), one outdated.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cordee.accounts.models import User
from cordee.governance.models import Body
from cordee.network.access import Access
from cordee.network.models import Affiliation
from cordee.network.scopes import Scope
from cordee.texts.models import AmendmentKind, Text, TextKind
from cordee.texts.services import (
    amendment_answer,
    amendment_propose,
    amendment_withdraw,
    comment_add,
    text_create,
    text_freeze,
    text_put_to_vote,
    text_record_outcome,
    version_blocks,
)
from cordee.voting.models import Elector, Vote
from cordee.voting.services import ballot_cast, vote_close

COOPERATION = "Charte de la coopération inter-entreprises"
STATUTES = "Statuts de l'association Cordée Arve Industries"
MUTUAL_AID = "Charte d'entraide entre adhérents"

COOPERATION_TEXT = """\
## Préambule

Les entreprises industrielles de la vallée de l'Arve et des territoires voisins partagent un même bassin d'emploi, les mêmes donneurs d'ordres et souvent les mêmes difficultés. Beaucoup de problèmes qu'une entreprise affronte seule ont déjà été résolus par une autre, à quelques kilomètres.

La présente charte fixe les règles de la coopération entre les entreprises adhérentes : ce que chacune peut attendre des autres, et ce à quoi elle s'engage en retour.

## Article 1 – Objet

La charte organise l'entraide technique, le partage de capacités de production, la mutualisation de compétences et l'échange d'expériences entre entreprises adhérentes du réseau.

Elle complète les statuts de l'association et le règlement intérieur, sans s'y substituer.

## Article 2 – Principes

La coopération repose sur quatre principes :

- la réciprocité : qui reçoit de l'aide en donne à son tour, selon ses moyens ;
- la confiance : ce qui est confié dans le cadre du réseau n'est pas utilisé contre celui qui l'a confié ;
- la simplicité : une demande d'aide n'exige ni contrat ni formalité préalable ;
- l'équité : une petite entreprise est écoutée comme une grande.

## Article 3 – Entraide technique

Toute entreprise adhérente peut soumettre au réseau une difficulté technique : réglage d'un tour multibroche, choix d'un traitement de surface, dérive d'un procédé, panne récurrente.

Les entreprises sollicitées s'efforcent de répondre, par écrit ou par une visite sur site.

La réponse apportée est ensuite rédigée sous forme de fiche pratique, anonymisée si l'entreprise demandeuse le souhaite, afin de profiter à l'ensemble des adhérents.

## Article 4 – Partage des capacités

Une entreprise qui dispose de capacités disponibles (temps machine, équipement de contrôle, surface de stockage) peut les proposer aux autres adhérents dans la bourse de capacités du réseau.

Les conditions financières sont convenues librement entre les entreprises concernées ; le réseau n'est pas partie au contrat.

## Article 5 – Emploi et compétences

Les adhérents favorisent le prêt de personnel entre entreprises, dans le cadre légal du prêt de main-d'œuvre à but non lucratif ou d'un groupement d'employeurs.

Ils s'informent mutuellement de leurs besoins de recrutement, en particulier pour les métiers en tension : régleur, programmeur CN, technicien de maintenance.

## Article 6 – Confidentialité

Les informations techniques, commerciales et financières échangées dans le cadre du réseau sont confidentielles. Elles ne sont communiquées à des tiers qu'avec l'accord écrit de l'entreprise qui les a fournies.

## Article 7 – Suivi de la charte

La commission « Coopération » du réseau veille à l'application de la charte. Elle présente chaque année à l'assemblée générale un bilan des coopérations engagées.

## Article 8 – Adhésion et retrait

Toute entreprise adhérente peut signer la charte à tout moment. Elle peut s'en retirer par simple courrier au conseil d'administration ; les engagements de confidentialité demeurent.
"""

MUTUAL_AID_TEXT = """\
## Article 1 – Demander de l'aide

Tout adhérent peut demander de l'aide au réseau sur une difficulté technique, humaine ou d'organisation. Il s'engage à partager ce qu'il en a appris.

## Article 2 – Aider

Tout adhérent qui aide le fait sans contrepartie commerciale. Une visite d'atelier est offerte ; une prestation suivie fait l'objet d'un accord séparé.

## Article 3 – Confidentialité

Ce qui est confié lors d'une demande d'aide reste confidentiel entre les entreprises concernées.

## Article 4 – Capitalisation

Les réponses utiles sont rédigées en fiches pratiques dans la base de connaissances, avec l'accord de l'entreprise qui a demandé de l'aide.
"""

STATUTES_TEXT = """\
## Article 1 – Forme et dénomination

Il est fondé entre les adhérents aux présents statuts une association régie par la loi du 1er juillet 1901, ayant pour titre « Cordée Arve Industries ».

## Article 2 – Objet

L'association a pour objet de fédérer les entreprises industrielles de son territoire, de favoriser leur coopération et leur performance, et de représenter leurs intérêts auprès des pouvoirs publics.

## Article 3 – Siège social

Le siège social est fixé à Cluses (Haute-Savoie). Il peut être transféré par décision du conseil d'administration.

## Article 4 – Membres

L'association se compose d'entreprises adhérentes à jour de leur cotisation, représentées par leur dirigeant ou par une personne qu'il désigne.

## Article 5 – Antennes territoriales

L'association est organisée en antennes territoriales. Chaque antenne élit ses délégués au conseil d'administration.

## Article 6 – Assemblée générale

L'assemblée générale se réunit au moins une fois par an. Chaque entreprise adhérente dispose d'une voix ; elle peut donner pouvoir à une autre entreprise adhérente, qui ne peut en détenir plus de deux.

## Article 7 – Conseil d'administration

L'association est administrée par un conseil d'administration composé de membres élus par l'assemblée générale et des délégués des antennes territoriales.

## Article 8 – Modification des statuts

Les statuts ne peuvent être modifiés que par l'assemblée générale, à la majorité des deux tiers des suffrages exprimés.
"""


@dataclass
class People:
    head: User
    staff: User
    member: User
    expert: User
    others: list[User]

    def other(self, index: int) -> User:
        return self.others[index % len(self.others)] if self.others else self.member


def load_texts_demo() -> None:
    """Load the demo's co-written texts; safe to run again."""
    people = _people()
    if people is None or Text.objects.filter(title=COOPERATION).exists():
        return
    with transaction.atomic():
        _statutes(people)
        _mutual_aid(people)
        _cooperation(people)


def _people() -> People | None:
    accounts = {
        user.email: user
        for user in User.objects.filter(
            email__in=[f"{name}@example.org" for name in ("head", "staff", "member", "expert")]
        )
    }
    if len(accounts) < 4:
        return None
    others = list(
        User.objects.filter(
            pk__in=Affiliation.objects.current().filter(is_head=False).values("person_id")
        )
        .exclude(email__endswith="@example.org")
        .order_by("pk")[:6]
    )
    return People(
        head=accounts["head@example.org"],
        staff=accounts["staff@example.org"],
        member=accounts["member@example.org"],
        expert=accounts["expert@example.org"],
        others=others,
    )


def _body(slug: str) -> Body | None:
    return Body.objects.filter(slug=slug).first()


def _amend(text: Text, index: int, kind: str, proposed: str, why: str, by: User):
    text.refresh_from_db()
    state = version_blocks(text.current_version)[index]
    return amendment_propose(
        text=text,
        paragraph=state.paragraph,
        kind=kind,
        proposed=proposed or state.body,
        justification=why,
        base_version=text.current_version,
        by=by,
    )


def _comment(text: Text, index: int, body: str, by: User) -> None:
    text.refresh_from_db()
    comment_add(
        text=text,
        paragraph=version_blocks(text.current_version)[index].paragraph,
        body=body,
        by=by,
    )


def _adopt(text: Text, people: People, *, days_ago: int, yes_share: float) -> None:
    """Freeze ``text``, put it to a vote of the member organisations that closed
    ``days_ago`` days ago, with about ``yes_share`` of the ballots cast saying yes."""
    text_freeze(text=text, by=people.staff)
    now = timezone.now()
    vote = text_put_to_vote(
        text=text,
        vote=Vote(
            description="Vote de l'assemblée générale sur la version finale du texte.",
            threshold="two_thirds" if text.kind == TextKind.STATUTES else "simple",
            quorum_percent=10,
            opens_at=now - timedelta(minutes=1),
            closes_at=now + timedelta(hours=1),
        ),
        by=people.staff,
    )
    rng = random.Random(text.pk)
    electors = list(Elector.objects.filter(vote=vote).order_by("pk"))
    heads = dict(
        Affiliation.objects.current()
        .filter(is_head=True, organisation_id__in=[e.organisation_id for e in electors])
        .values_list("organisation_id", "person")
    )
    voters = [e for e in electors if e.organisation_id in heads and e.proxy_holder_id is None]
    users = User.objects.in_bulk(heads.values())
    for elector in voters[: max(len(electors) // 4, 1)]:
        person = users[heads[elector.organisation_id]]
        roll = rng.random()
        answer = "yes" if roll < yes_share else "no" if roll < yes_share + 0.05 else "abstain"
        ballot_cast(
            vote=vote,
            elector=elector,
            choices={"answer": answer},
            by=person,
            access=Access.for_user(person),
        )
    vote_close(vote=vote, by=people.staff)
    # Move the vote to when the assembly held it.
    past = now - timedelta(days=days_ago)
    Vote.objects.filter(pk=vote.pk).update(
        opens_at=past - timedelta(days=14),
        closes_at=past,
        closed_at=past,
        results_published_at=past,
        opened_at=past - timedelta(days=15),
    )
    text_record_outcome(text=text)


def _statutes(people: People) -> None:
    statutes = text_create(
        text=Text(
            title=STATUTES,
            kind=TextKind.STATUTES,
            scope=Scope.PUBLIC,
            summary="Les statuts de l'association, révisés en 2026 pour créer les antennes "
            "territoriales et leurs délégués au conseil d'administration.",
            body=_body("assemblee-generale"),
        ),
        markdown=STATUTES_TEXT,
        by=people.staff,
    )
    _amendment_accepted(
        statutes,
        people,
        index=11,
        proposed="L'assemblée générale se réunit au moins une fois par an. Chaque entreprise "
        "adhérente dispose d'une voix ; elle peut donner pouvoir à une autre entreprise "
        "adhérente, qui ne peut en détenir plus de deux. Elle peut se tenir à distance.",
        why="Permettre l'assemblée à distance, comme en 2020.",
        by=people.head,
        answer="Accepté : le vote en ligne est désormais possible.",
    )
    _adopt(statutes, people, days_ago=200, yes_share=0.9)


def _amendment_accepted(text, people, *, index, proposed, why, by, answer):
    amendment = _amend(text, index, AmendmentKind.REPLACE, proposed, why, by)
    amendment_answer(amendment=amendment, accept=True, answer=answer, by=people.staff)
    return amendment


def _mutual_aid(people: People) -> None:
    charter = text_create(
        text=Text(
            title=MUTUAL_AID,
            kind=TextKind.CHARTER,
            scope=Scope.PUBLIC,
            summary="Ce que chaque adhérent s'engage à faire quand il demande ou apporte de l'aide.",
            body=_body("conseil-administration"),
        ),
        markdown=MUTUAL_AID_TEXT,
        by=people.staff,
    )
    _comment(charter, 3, "Préciser qu'une visite reste gratuite, même longue ?", people.member)
    _adopt(charter, people, days_ago=75, yes_share=0.8)


def _cooperation(people: People) -> None:
    charter = text_create(
        text=Text(
            title=COOPERATION,
            kind=TextKind.CHARTER,
            scope=Scope.NETWORK,
            summary="Les règles de la coopération entre entreprises adhérentes : entraide "
            "technique, partage de capacités, emploi, confidentialité. En cours d'écriture : "
            "proposez vos amendements paragraphe par paragraphe.",
            body=_body("conseil-administration"),
        ),
        markdown=COOPERATION_TEXT,
        by=people.head,
        coauthors=[people.staff],
    )
    # Paragraphs: 0 preamble heading, 3 article 1, 6 article 2 (8 its list), 9 article 3,
    # 13 article 4, 16 article 5, 19 article 6, 21 article 7, 23 article 8; from the
    # insertion after 18 on, the later ones move down by one.
    _comment(
        charter,
        11,
        "Dans un atelier de décolletage, une réponse écrite arrive souvent trop tard : "
        "la visite devrait être la règle.",
        people.expert,
    )
    _comment(
        charter,
        11,
        "D'accord, mais avec un délai, sinon l'engagement ne veut rien dire.",
        people.other(0),
    )
    _comment(
        charter,
        14,
        "La bourse de capacités existe déjà : pensez à y mettre vos créneaux de machine.",
        people.staff,
    )
    _comment(charter, 24, "Que se passe-t-il si une entreprise quitte le réseau ?", people.member)
    _comment(charter, 8, "La réciprocité ne doit pas devenir une comptabilité.", people.other(1))

    quicker = _amend(
        charter,
        11,
        AmendmentKind.REPLACE,
        "Les entreprises sollicitées s'efforcent de répondre dans un délai de quinze jours, "
        "par écrit ou par une visite sur site.",
        "Sans délai, l'engagement reste théorique ; quinze jours laissent le temps d'organiser "
        "une visite.",
        people.expert,
    )
    # Written on version 1 too: once the delay is accepted it is outdated.
    _amend(
        charter,
        11,
        AmendmentKind.REPLACE,
        "Les entreprises sollicitées répondent par une visite sur site chaque fois que possible.",
        "La visite est plus utile qu'un courrier.",
        people.other(2),
    )
    amendment_answer(
        amendment=quicker,
        accept=True,
        answer="Accepté : quinze jours est un délai tenable pour tous.",
        by=people.head,
    )
    apprentices = _amend(
        charter,
        18,
        AmendmentKind.INSERT,
        "Ils accueillent, autant que possible, les apprentis et alternants des autres "
        "adhérents pour des périodes de découverte de leurs ateliers.",
        "Les apprentis découvrent d'autres procédés ; cela aide à les garder dans la vallée.",
        people.member,
    )
    amendment_answer(
        amendment=apprentices,
        accept=True,
        answer="Très bonne idée, ajoutée à l'article 5.",
        by=people.staff,
    )
    delete_secrecy = _amend(
        charter,
        21,
        AmendmentKind.DELETE,
        "",
        "Les accords de confidentialité se signent entreprise par entreprise.",
        people.other(3),
    )
    amendment_answer(
        amendment=delete_secrecy,
        accept=False,
        answer="Refusé : sans règle commune de confidentialité, personne ne partagera de "
        "problème réel. Un accord bilatéral reste possible en plus.",
        by=people.head,
    )
    equity = _amend(
        charter,
        8,
        AmendmentKind.REPLACE,
        "- la réciprocité : qui reçoit de l'aide en donne à son tour ;\n"
        "- la confiance : ce qui est confié n'est pas utilisé contre celui qui l'a confié ;\n"
        "- la simplicité : une demande d'aide n'exige aucune formalité.",
        "Trois principes suffisent ; l'équité va de soi.",
        people.other(4),
    )
    amendment_answer(
        amendment=equity,
        accept=False,
        answer="Refusé : les petites entreprises ont demandé que l'équité soit écrite.",
        by=people.staff,
    )
    # Withdrawn by its author once the comments answered the question.
    purpose = _amend(
        charter,
        4,
        AmendmentKind.REPLACE,
        "La charte organise l'entraide technique et le partage de capacités entre "
        "entreprises adhérentes du réseau.",
        "Plus court.",
        people.other(0),
    )
    amendment_withdraw(amendment=purpose, by=people.other(0))
    # Waiting for the authors.
    _amend(
        charter,
        15,
        AmendmentKind.REPLACE,
        "Les conditions financières sont convenues librement entre les entreprises "
        "concernées, sur la base d'un tarif indicatif publié par le réseau ; le réseau "
        "n'est pas partie au contrat.",
        "Un tarif indicatif évite les discussions interminables sur le prix d'une heure machine.",
        people.member,
    )
    _amend(
        charter,
        23,
        AmendmentKind.REPLACE,
        "La commission « Coopération » du réseau veille à l'application de la charte. Elle "
        "présente chaque année à l'assemblée générale un bilan des coopérations engagées, "
        "par antenne territoriale.",
        "Chaque antenne doit voir ce qui se fait chez elle.",
        people.expert,
    )
    _amend(
        charter,
        21,
        AmendmentKind.INSERT,
        "En cas de manquement grave, le conseil d'administration peut suspendre la "
        "participation d'une entreprise aux échanges du réseau, après l'avoir entendue.",
        "Il faut une règle si la confiance est trahie.",
        people.other(5),
    )
