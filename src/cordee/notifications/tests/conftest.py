import pytest

from cordee.notifications.services import preference_set


@pytest.fixture
def prefers():
    """``prefers(user, kind, "weekly")`` records how that person wants to be told."""

    def choose(user, kind, frequency):
        return preference_set(user=user, kind=kind, frequency=frequency)

    return choose
