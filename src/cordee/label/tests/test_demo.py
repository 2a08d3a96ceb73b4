"""The label in the demo: last year's campaign decided, this year's open."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from cordee.accounts.models import User
from cordee.label.demo import HEAD_COMPANY, load_label_demo
from cordee.label.models import Assessment, Campaign, Decision
from cordee.network.demo import load_demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            yield load_label_demo()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_the_demo_has_a_decided_campaign_and_an_open_one(demo, db):
    assert demo.status == Campaign.Status.OPEN
    last = Campaign.objects.exclude(pk=demo.pk).get()
    assert last.assessments.count() == 12
    outcomes = set(Decision.objects.values_list("outcome", flat=True))
    assert {Decision.Outcome.GRANTED, Decision.Outcome.CONDITIONS} <= outcomes
    assert Assessment.objects.filter(in_public_register=True).count() >= 5
    load_label_demo()
    assert Assessment.objects.count() == 12


def test_the_demo_head_sees_a_benchmark_against_eleven_peers(demo, db):
    client = Client()
    client.force_login(User.objects.get(email="head@example.org"))
    assessment = Assessment.objects.get(organisation__slug=HEAD_COMPANY)
    page = client.get(
        reverse("label:benchmark", args=[assessment.public_id]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "stroke-dasharray" in page
    assert client.get(reverse("label:certificate", args=[assessment.public_id])).status_code == 200
