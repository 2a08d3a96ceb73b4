"""The demo's general assembly: a vote by majority judgment, open, with one proxy."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cordee.accounts.models import User
from cordee.network.demo_data.generate import ANCHORS
from cordee.voting.models import Vote
from cordee.voting.services import eligible_organisations, proxy_record, vote_open, vote_save

TITLE = "Assemblée générale : la priorité du réseau pour l'an prochain"
OPTIONS = [
    "Former et recruter des régleurs sur tours multibroches",
    "Réussir le passage au laiton sans plomb",
    "Mutualiser la maintenance préventive entre entreprises",
    "Suivre la production en temps réel (industrie 4.0)",
]
DESCRIPTION = (
    "Chaque entreprise adhérente à jour de sa cotisation note chacune des priorités, "
    "d'« Excellent » à « À rejeter ». La priorité qui obtient la meilleure mention "
    "majoritaire sera le fil rouge des commissions l'an prochain."
)


def load_vote_demo() -> bool:
    """Create the demo's open general-assembly vote unless it is there. True when created."""
    if Vote.objects.filter(title=TITLE).exists():
        return False
    organiser = User.objects.filter(email="staff@example.org").first()
    if organiser is None:
        return False
    now = timezone.now()
    with transaction.atomic():
        vote = vote_save(
            vote=Vote(
                title=TITLE,
                description=DESCRIPTION,
                method="judgment",
                opens_at=now - timedelta(hours=1),
                closes_at=now + timedelta(days=14),
                quorum_percent=25,
            ),
            options=OPTIONS,
            by=organiser,
        )
        electorate = list(eligible_organisations(vote).order_by("legal_name")[:2])
        head_company = eligible_organisations(vote).filter(slug=ANCHORS["head"].slug).first()
        holder = head_company or electorate[0]
        giver = next(o for o in electorate if o.pk != holder.pk)
        proxy_record(vote=vote, giver=giver, holder=holder, by=organiser)
        vote_open(vote=vote, by=organiser, announce=False)
    return True
