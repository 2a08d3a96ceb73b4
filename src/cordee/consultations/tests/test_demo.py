from __future__ import annotations

from cordee.consultations.demo import CHARTER, CSR, load_consultations_demo
from cordee.consultations.models import Comment, Consultation, Phase
from cordee.consultations.participation import participation
from cordee.core.testing.personas import make_person


def test_the_demo_loads_once_with_an_open_charter_and_a_closed_consultation(network, head, expert):
    make_person("staff", network, email="staff@example.org")
    load_consultations_demo()
    load_consultations_demo()
    charter = Consultation.objects.get(title=CHARTER)
    closed = Consultation.objects.get(title=CSR)
    assert charter.phase == Phase.CONTRIBUTIONS
    assert charter.contributions.count() == 30
    assert Comment.objects.filter(contribution__consultation=charter, parent__isnull=False).exists()
    territories = set(charter.contributions.values_list("organisation__territory__slug", flat=True))
    assert territories == {"arve", "annecy"}
    assert closed.phase == Phase.CLOSED and closed.synthesis_published_at is not None
    assert participation(closed).organisations == 2
