from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cordee.consultations.models import Phase
from cordee.consultations.participation import compare, naf_section, participation
from cordee.consultations.services import comment_create, consultation_move, contribution_create
from cordee.network.access import Access
from cordee.network.models import SizeBand

counts = st.dictionaries(st.sampled_from("abcdef"), st.integers(min_value=0, max_value=50))


@given(counts, counts)
def test_shares_add_up_and_flags_need_members(participants, members):
    rows = compare(participants, members, {}, min_members=1)
    for side, total in (("participant_share", participants), ("member_share", members)):
        shares = sum(getattr(row, side) for row in rows)
        assert abs(shares - (1 if sum(total.values()) else 0)) < 1e-9
    for row in rows:
        if row.under_represented:
            assert row.members > 0 and row.participant_share < row.member_share


def test_a_part_absent_from_the_participants_is_flagged():
    rows = {row.key: row for row in compare({"arve": 9}, {"arve": 5, "chablais": 5}, {})}
    assert rows["chablais"].under_represented
    assert not rows["arve"].under_represented


def test_a_part_of_two_members_is_no_trend():
    rows = {row.key: row for row in compare({"arve": 9}, {"arve": 50, "chablais": 2}, {})}
    assert not rows["chablais"].under_represented


def test_shares_of_a_many_valued_axis_are_of_the_organisations():
    rows = {
        row.key: row
        for row in compare(
            {"turning": 2, "grinding": 2},
            {"turning": 4, "grinding": 2},
            {},
            participant_total=2,
            member_total=4,
        )
    }
    assert rows["turning"].participant_share == 1.0 and rows["grinding"].member_share == 0.5


def test_naf_sections():
    assert naf_section("25.62A") == "C"
    assert naf_section("71.12B") == "M"
    assert naf_section("46.87Y") == "G"
    assert naf_section("") == ""


def contribute(consultation, user):
    return contribution_create(
        consultation=consultation,
        kind="idea",
        title="t",
        body="b",
        by=user,
        access=Access.for_user(user),
    )


def test_participation_by_territory_size_and_activity(consultation, network, head, expert, member):
    contribution = contribute(consultation, head)
    comment_create(
        contribution=contribution, body="x", parent=None, by=expert, access=Access.for_user(expert)
    )
    result = participation(consultation)
    assert result.people == 2 and result.organisations == 2
    territories = {row.label: row for row in dict(result.axes)["Territory"]}
    assert territories["Vallée de l'Arve"].participants == 1
    assert territories["Vallée de l'Arve"].members == 2  # bouvier and arvis
    assert territories["Bassin annécien"].participants == 1
    sizes = {row.key: row for row in dict(result.axes)["Organisation size"]}
    assert sizes[SizeBand.SMALL].participants == 2


def test_participation_page_shows_both_territories_once_decided(
    client_as, consultation, staff, head, expert
):
    contribute(consultation, head)
    contribute(consultation, expert)
    url = consultation.get_absolute_url() + "participation/"
    assert client_as("member").get(url).status_code == 404
    assert client_as("staff").get(url).status_code == 200
    consultation_move(consultation=consultation, to=Phase.DECISION, by=staff)
    page = client_as("member").get(url).content.decode()
    assert "Vallée de l&#x27;Arve" in page and "Bassin annécien" in page
