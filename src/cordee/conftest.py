"""Fixtures shared by every test: the personas, and clients logged in as them."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from cordee.accounts.models import User
from cordee.core.testing.network import build_test_network
from cordee.core.testing.personas import make_person

# Timings on a shared 2-core machine are noisy: a property test must fail on a
# wrong result, never because one example was slow.
hypothesis_settings.register_profile("cordee", deadline=None)
hypothesis_settings.load_profile("cordee")


@pytest.fixture
def network(db: None) -> SimpleNamespace:
    """The small test network: territories, communes, four organisations (one lapsed)."""
    return build_test_network()


@pytest.fixture
def person(network: SimpleNamespace) -> Callable[..., User]:
    """``person("staff")`` creates that persona (once per test) and returns it."""
    made: dict[str, User] = {}

    def get(persona: str) -> User:
        if persona not in made:
            made[persona] = make_person(persona, network)
        return made[persona]

    return get


@pytest.fixture
def client_as(person: Callable[[str], User]) -> Callable[[str], Client]:
    """``client_as("member")`` is a client logged in as that persona; "visitor" is anonymous."""

    def make(persona: str) -> Client:
        client = Client()
        if persona != "visitor":
            client.force_login(person(persona))
        return client

    return make


@pytest.fixture
def admin(person: Callable[[str], User]) -> User:
    return person("admin")


@pytest.fixture
def coordinator(person: Callable[[str], User]) -> User:
    return person("coordinator")


@pytest.fixture
def staff(person: Callable[[str], User]) -> User:
    return person("staff")


@pytest.fixture
def head(person: Callable[[str], User]) -> User:
    return person("head")


@pytest.fixture
def member(person: Callable[[str], User]) -> User:
    return person("member")


@pytest.fixture
def expert(person: Callable[[str], User]) -> User:
    return person("expert")


@pytest.fixture
def funder(person: Callable[[str], User]) -> User:
    return person("funder")


@pytest.fixture
def outsider(person: Callable[[str], User]) -> User:
    return person("outsider")
