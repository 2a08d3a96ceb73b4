"""Telling people about the label: a review to carry out, a decision, a follow-up due."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cordee.accounts.models import User
from cordee.label.models import Assessment, Decision, Review
from cordee.network.models import Affiliation
from cordee.notifications.services import notify

REVIEW_ASSIGNED = "label.review_assigned"
DECIDED = "label.decided"
FOLLOW_UP = "label.follow_up"


def heads_of(assessment: Assessment) -> QuerySet[User]:
    heads = Affiliation.objects.current().filter(
        is_head=True, organisation_id=assessment.organisation_id
    )
    return User.objects.filter(pk__in=heads.values("person_id"))


def notify_review_assigned(review: Review) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=[review.reviewer],
            kind=REVIEW_ASSIGNED,
            title=_("Peer review of %(company)s") % {"company": review.assessment.organisation},
            body=_("Site visit on %(date)s. Read the self-assessment before the visit.")
            % {"date": date_format(review.visit_on)},
            url=review.get_absolute_url(),
        )


def notify_decided(decision: Decision) -> None:
    assessment = decision.assessment
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=heads_of(assessment),
            kind=DECIDED,
            title=_("Label committee: %(outcome)s") % {"outcome": decision.get_outcome_display()},
            body=decision.rationale,
            url=assessment.get_absolute_url(),
        )


def remind_follow_ups() -> int:
    """Tell the heads of labelled companies whose mid-term follow-up is today."""
    decisions = Decision.objects.filter(
        follow_up_on=timezone.localdate(), outcome__in=Decision.GRANTED
    ).select_related("assessment__organisation")
    for decision in decisions:
        with translation.override(settings.LANGUAGE_CODE):
            notify(
                recipients=heads_of(decision.assessment),
                kind=FOLLOW_UP,
                title=_("Label: mid-term follow-up of %(company)s")
                % {"company": decision.assessment.organisation},
                body=_("Update your improvement plan: the staff will review it with you."),
                url=decision.assessment.get_absolute_url() + "plan/",
            )
    return len(decisions)
