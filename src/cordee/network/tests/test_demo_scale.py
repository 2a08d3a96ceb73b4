"""Networks of other sizes, and the demo's command: each test starts from an empty network."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cordee.accounts.models import User
from cordee.network.access import Access
from cordee.network.demo import DEMO, DemoConflict, Scale, load_demo, scale_named
from cordee.network.models import Affiliation, Organisation, Territory


def test_a_network_that_is_not_the_demo_is_left_alone(network):
    with pytest.raises(DemoConflict):
        load_demo()


def test_a_small_regional_network_is_consistent(db):
    result = load_demo(Scale("test", companies=40, people=240, regional=True))
    assert result.organisations == 40
    assert Territory.objects.count() == 10
    assert Organisation.objects.values("territory").distinct().count() > 3
    heads = Counter(
        Affiliation.objects.filter(is_head=True).values_list("organisation_id", flat=True)
    )
    assert len(heads) == 40 and set(heads.values()) == {1}
    assert Affiliation.objects.count() == result.people + 3  # and three demo accounts
    for organisation in Organisation.objects.select_related("commune"):
        assert organisation.territory_id == organisation.commune.territory_id
    assert Access.for_user(User.objects.get(email="coordinator@example.org")).is_staff_for(
        Territory.objects.get(slug="arve")
    )
    with pytest.raises(DemoConflict):
        load_demo(Scale("test", companies=40, people=240, regional=True))


def test_the_command_says_when_there_is_nothing_to_do(db, capsys):
    call_command("load_demo", "--scale", "12")
    call_command("load_demo")
    assert "nothing to do" in capsys.readouterr().out


def test_the_command_explains_a_wrong_scale(db):
    with pytest.raises(CommandError, match="regional"):
        call_command("load_demo", "--scale", "huge")


def test_scales_have_names():
    assert scale_named("demo") is DEMO
    assert scale_named("regional").people == 30000
    assert scale_named("100").companies == 100


def test_the_demo_is_never_loaded_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo")
    assert not Organisation.objects.exists()
