from __future__ import annotations

from cordee.consultations.services import contribution_create
from cordee.consultations.tests.factories import make_consultation
from cordee.knowledge.search import search
from cordee.network.access import Access
from cordee.network.scopes import Scope


def titles(user, query):
    return {
        hit.title for hit in search(access=Access.for_user(user), query=query, mode="lexical").hits
    }


def test_contributions_are_found_by_those_who_see_their_consultation(network, staff, head, expert):
    arve = make_consultation(
        staff, title="Charte de l'antenne", scope=Scope.TERRITORY, scope_territory=network.arve
    )
    contribution_create(
        consultation=arve,
        kind="proposal",
        title="Prêter un régleur multibroches",
        body="Une convention type pour le prêt de personnel entre voisins.",
        by=head,
        access=Access.for_user(head),
    )
    assert "Prêter un régleur multibroches" in titles(head, "régleur multibroches")
    assert "Charte de l'antenne" in titles(head, "charte antenne")
    # The Annecy expert does not see the Arve valley's consultation.
    assert not titles(expert, "régleur multibroches")
    assert "Charte de l'antenne" not in titles(expert, "charte antenne")
