import pytest
from django.core.exceptions import ImproperlyConfigured

from cordee.notifications import kinds
from cordee.notifications.kinds import Frequency, all_kinds, register_kind
from cordee.notifications.services import ANNOUNCEMENT, INVITATION_ACCEPTED, notify


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(kinds, "_kinds", dict(kinds._kinds))


def test_the_kinds_sent_today_are_registered():
    assert {kind.key for kind in all_kinds()} >= {ANNOUNCEMENT, INVITATION_ACCEPTED}


def test_a_kind_cannot_be_registered_twice(registry):
    with pytest.raises(ImproperlyConfigured, match="twice"):
        register_kind(ANNOUNCEMENT, label="x", description="x", default_frequency=Frequency.DAILY)


def test_a_kind_needs_a_known_default_frequency(registry):
    with pytest.raises(ImproperlyConfigured, match="hourly"):
        register_kind("test.kind", label="x", description="x", default_frequency="hourly")


def test_a_registered_kind_is_offered_with_its_default(registry):
    kind = register_kind(
        "test.kind", label="Test", description="A test", default_frequency="weekly"
    )
    assert kind.default_frequency is Frequency.WEEKLY
    assert all_kinds()[-1] == kind


@pytest.mark.django_db
def test_notifying_an_unregistered_kind_fails_loudly(member):
    with pytest.raises(LookupError, match="register_kind"):
        notify(recipients=[member], kind="nobody.registered.this", title="Hello")
