"""The demo network's meetings: a board meeting held six weeks ago (attendance, a proxy,
a vote in the room, approved minutes, decisions) and the next one, convened, with
its agenda."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from cordee.governance.models import Body, Mandate, MandateRole
from cordee.meetings.minutes import decision_mark, minutes_approve, minutes_save, minutes_submit
from cordee.meetings.models import AgendaItem, Attendance, Meeting, Minutes, Presence
from cordee.meetings.services import (
    attendance_record,
    convocation_send,
    item_vote_open,
    meeting_close,
    meeting_open,
    proxy_record,
)
from cordee.network.access import Access
from cordee.voting.models import Vote
from cordee.voting.services import ballot_cast, electors_for, vote_close

BOARD = "conseil-administration"

PAST_AGENDA = (
    (
        "Comptes de l'exercice et budget",
        "Le trésorier présente les comptes arrêtés et le budget de l'année suivante. "
        "Documents : **comptes annuels** et **budget prévisionnel**.",
    ),
    (
        "Programme RSE mutualisé",
        "Proposition du club RSE : un bilan carbone mutualisé pour les adhérents de la "
        "vallée, avec un cabinet choisi ensemble.",
    ),
    ("Adhésions", "Trois entreprises de décolletage de Marnaz et Scionzier demandent à adhérer."),
)
NEXT_AGENDA = (
    ("Approbation du procès-verbal du conseil précédent", ""),
    (
        "Ouverture d'une antenne dans le Genevois",
        "Les entreprises de Saint-Julien-en-Genevois demandent une antenne. "
        "À lire avant : la note de l'antenne Arve sur les moyens nécessaires.",
    ),
    ("Calendrier de l'assemblée générale", "Date, lieu (une usine d'adhérent), ordre du jour."),
)
MINUTES = """## 1. Comptes de l'exercice et budget
Le trésorier présente les comptes : le résultat est à l'équilibre. Le budget
prévisionnel prévoit un poste d'animateur à mi-temps pour l'antenne du Chablais.

**Vote** : le budget est adopté.

## 2. Programme RSE mutualisé
Le conseil retient le principe d'un bilan carbone mutualisé ; le club RSE choisit
le cabinet et présente le coût par entreprise au prochain conseil.

## 3. Adhésions
Les trois demandes sont acceptées.
"""


def _at(day: datetime, hour: int = 18) -> datetime:
    return timezone.make_aware(datetime.combine(day.date(), time(hour, 0)))


def load_meetings_demo() -> None:
    """Load the demo's meetings; safe to run again."""
    board = Body.objects.filter(slug=BOARD).first()
    if board is None or Meeting.objects.filter(body=board).exists():
        return
    officers = {
        m.role: m.person
        for m in Mandate.objects.current()
        .filter(body=board, role__in=[MandateRole.CHAIR, MandateRole.SECRETARY])
        .select_related("person")
    }
    chair, secretary = officers.get(MandateRole.CHAIR), officers.get(MandateRole.SECRETARY)
    if chair is None or secretary is None:
        return
    now = timezone.localtime()
    with transaction.atomic():
        _past_meeting(board, chair, secretary, held_on=_at(now - timedelta(days=42)))
        _next_meeting(board, secretary, on=_at(now + timedelta(days=12)))


def _past_meeting(board: Body, chair, secretary, *, held_on: datetime) -> None:
    meeting = Meeting.objects.create(
        body=board,
        title=f"Conseil d'administration du {held_on:%d/%m/%Y}",
        starts_at=held_on,
        ends_at=held_on + timedelta(hours=2),
        place="Cluses, Technopôle Mont-Blanc, salle du conseil",
        video_url="https://visio.example.org/conseil",
        created_by=secretary,
    )
    items = [
        AgendaItem.objects.create(meeting=meeting, order=order, title=title, notes=notes)
        for order, (title, notes) in enumerate(PAST_AGENDA)
    ]
    meeting_open(meeting=meeting, by=secretary)
    meeting.refresh_from_db()
    lines = list(Attendance.objects.filter(meeting=meeting).order_by("person__last_name"))
    officers = {chair.pk, secretary.pk}
    others = [line for line in lines if line.person_id not in officers]
    absent, giver = others[-1], others[-2]
    present = [line for line in lines if line not in (absent, giver)]
    for line in present:
        attendance_record(meeting=meeting, attendance=line, status=Presence.PRESENT, by=secretary)
    attendance_record(meeting=meeting, attendance=absent, status=Presence.EXCUSED, by=secretary)
    attendance_record(meeting=meeting, attendance=giver, status=Presence.ABSENT, by=secretary)
    proxy_record(meeting=meeting, giver=giver.person, holder=chair, by=secretary)

    vote = item_vote_open(
        item=items[0],
        title="Adopter le budget prévisionnel",
        method="yes_no",
        options=[],
        secret=False,
        minutes=20,
        by=secretary,
        announce=False,
    )
    answers = ["yes", "yes", "no", "yes", "abstain"]
    for index, line in enumerate(present):
        access = Access.for_user(line.person)
        for elector in electors_for(vote, access):
            ballot_cast(
                vote=vote,
                elector=elector,
                choices={"answer": answers[index % len(answers)]},
                by=line.person,
                access=access,
            )
    vote_close(vote=vote, by=secretary)
    meeting_close(meeting=meeting, by=secretary)

    # What happened on the day of the meeting is dated so.
    opened, closed = held_on + timedelta(minutes=5), held_on + timedelta(hours=2)
    Meeting.objects.filter(pk=meeting.pk).update(
        opened_at=opened, closed_at=closed, convocation_sent_at=held_on - timedelta(days=15)
    )
    meeting.refresh_from_db()
    minutes = minutes_save(meeting=meeting, text=MINUTES, by=secretary)
    minutes_submit(minutes=minutes, by=secretary)
    Minutes.objects.filter(pk=minutes.pk).update(review_until=timezone.now())
    minutes_approve(minutes=minutes, by=chair)
    items = list(meeting.items.all())  # with the meeting as dated above
    decision_mark(
        item=items[0],
        title="Budget prévisionnel adopté",
        text="Le conseil adopte le budget prévisionnel, avec un poste d'animateur à mi-temps "
        "pour l'antenne du Chablais.",
        vote=vote,
        public=True,
        by=secretary,
    )
    decision_mark(
        item=items[1],
        title="Bilan carbone mutualisé",
        text="Le réseau organise un bilan carbone mutualisé ; le club RSE choisit le cabinet.",
        rationale="Un cabinet choisi ensemble coûte moins cher à chaque entreprise.",
        public=True,
        by=secretary,
    )
    Vote.objects.filter(pk=vote.pk).update(
        opens_at=held_on + timedelta(minutes=30),
        closes_at=held_on + timedelta(minutes=50),
        opened_at=held_on + timedelta(minutes=30),
        closed_at=held_on + timedelta(minutes=45),
        results_published_at=held_on + timedelta(minutes=45),
        created_at=held_on + timedelta(minutes=30),
    )
    Minutes.objects.filter(pk=minutes.pk).update(
        review_until=held_on + timedelta(days=9), approved_at=held_on + timedelta(days=10)
    )
    Attendance.objects.filter(meeting=meeting).update(recorded_at=opened)


def _next_meeting(board: Body, secretary, *, on: datetime) -> None:
    meeting = Meeting.objects.create(
        body=board,
        title=f"Conseil d'administration du {on:%d/%m/%Y}",
        starts_at=on,
        ends_at=on + timedelta(hours=2),
        place="Scionzier, usine d'un adhérent (accueil à 17 h 45)",
        video_url="https://visio.example.org/conseil",
        created_by=secretary,
    )
    for order, (title, notes) in enumerate(NEXT_AGENDA):
        AgendaItem.objects.create(meeting=meeting, order=order, title=title, notes=notes)
    convocation_send(meeting=meeting, by=secretary)
