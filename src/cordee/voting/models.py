"""Votes, their electorate, proxies, and ballots kept apart from who cast them.

Secrecy rests on the schema: :class:`Participation` says who voted and when;
:class:`Ballot` holds what was voted, with no foreign key to a person, an
organisation or an elector, no timestamp, and a random primary key, so that
neither a join nor the order of rows links a ballot to a voter. Only public
votes link them, from the participation side.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from cordee.network.models import Organisation, Territory

if TYPE_CHECKING:
    from cordee.network.access import Access

# The default majority judgment scale, lowest grade first (index 0 is "To reject").
DEFAULT_GRADES = (
    _("To reject"),
    _("Insufficient"),
    _("Passable"),
    _("Fairly good"),
    _("Good"),
    _("Very good"),
    _("Excellent"),
)


class Method(models.TextChoices):
    YES_NO = "yes_no", _("yes / no / abstain")
    SINGLE = "single", _("single choice")
    APPROVAL = "approval", _("approval (tick all you accept)")
    JUDGMENT = "judgment", _("majority judgment (grade every option)")
    RANKED = "ranked", _("ranked choice (Schulze)")
    CONSENT = "consent", _("consent (passes unless a reasoned objection stands)")


class Threshold(models.TextChoices):
    SIMPLE = "simple", _("simple majority (more than half)")
    TWO_THIRDS = "two_thirds", _("two thirds (at least)")


class ElectorateKind(models.TextChoices):
    ORGANISATIONS = "organisations", _("one vote per member organisation with dues paid")
    PEOPLE = "people", _("one vote per person of the member organisations")
    # Given explicitly when the vote opens, e.g. a meeting's members present or represented.
    LISTED = "listed", _("the people listed when the vote opens (e.g. a meeting's members)")


class Weighting(models.TextChoices):
    EQUAL = "equal", _("one vote each")
    SIZE = "size", _("by company size: 1 (1–9 employees) to 5 (5,000 or more)")


SIZE_WEIGHTS = {"micro": 1, "small": 2, "medium": 3, "intermediate": 4, "large": 5}


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    UPCOMING = "upcoming", _("upcoming")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class VoteQuerySet(models.QuerySet["Vote"]):
    def managed_by(self, access: Access) -> VoteQuerySet:
        """Votes over territories where ``access`` is staff (whole-network votes: its staff)."""
        if not access.is_staff:
            return self.none()
        return self.filter(access.staff_territory_q("territory"))

    def visible_to(self, access: Access) -> VoteQuerySet:
        """Published votes of the person's scope or electorate, and every vote they manage
        (drafts too)."""
        scope = access.territory_q("territory")
        if access.sees_member_content:
            scope |= Q(territory__isnull=True)
        if access.user_id is not None:
            electors = Elector.objects.filter(
                Q(person_id=access.user_id) | Q(organisation_id__in=access.organisation_ids)
            )
            scope |= Q(pk__in=electors.values("vote_id"))
        # A listed electorate is not a territory's: only its electors (and managers) see it.
        scope = (scope & ~Q(electorate=ElectorateKind.LISTED)) | (
            Q(pk__in=[]) if access.user_id is None else Q(pk__in=_listed_votes(access.user_id))
        )
        visible = Q(opened_at__isnull=False) & scope
        if access.is_staff:
            visible |= access.staff_territory_q("territory")
        return self.filter(visible)


def _listed_votes(user_id: int) -> models.QuerySet:
    """The votes of a listed electorate where ``user_id`` votes or holds a proxy."""
    return Elector.objects.filter(Q(person_id=user_id) | Q(proxy_person_id=user_id)).values(
        "vote_id"
    )


class Vote(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("question"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("What is decided, and what to read first.")
    )
    method = models.CharField(
        _("voting method"), max_length=10, choices=Method.choices, default=Method.JUDGMENT
    )
    threshold = models.CharField(
        _("majority needed"),
        max_length=10,
        choices=Threshold.choices,
        default=Threshold.SIMPLE,
        help_text=_("For yes / no votes, as your statutes require."),
    )
    count_abstentions = models.BooleanField(
        _("abstentions count as votes cast"),
        default=False,
        help_text=_("For yes / no votes: when ticked, an abstention weighs like a no."),
    )
    grade_labels = models.JSONField(
        _("grades"), default=list, blank=True, help_text=_("Best grade first; empty: the default.")
    )
    secret = models.BooleanField(
        _("secret ballot"),
        default=True,
        help_text=_("Nobody can see what a voter chose. Untick for a public vote."),
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territory"),
        help_text=_(
            "Who votes: the member organisations of this territory and those under "
            "it. Empty: the whole network."
        ),
    )
    electorate = models.CharField(
        _("electorate"),
        max_length=14,
        choices=ElectorateKind.choices,
        default=ElectorateKind.ORGANISATIONS,
    )
    weighting = models.CharField(
        _("weights"),
        max_length=8,
        choices=Weighting.choices,
        default=Weighting.EQUAL,
        help_text=_("Only where the statutes say so; for votes of organisations."),
    )
    quorum_percent = models.DecimalField(
        _("quorum (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("The share of the electorate that must take part for the result to stand."),
    )
    proxy_cap = models.PositiveSmallIntegerField(
        _("proxies per holder"),
        default=2,
        validators=[MaxValueValidator(20)],
        help_text=_("How many other organisations' votes one organisation may hold."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by staff: "open" takes the electorate's snapshot (casting starts at opens_at),
    # "close" ends it early. results_published_at: the electorate was told.
    opened_at = models.DateTimeField(_("published on"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True, editable=False)
    results_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = VoteQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_at"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="vote_closes_after_it_opens"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("voting:detail", args=[self.public_id])

    def status_at(self, now: datetime | None = None) -> Status:
        now = now or timezone.now()
        if self.opened_at is None:
            return Status.DRAFT
        if self.closed_at is not None or now >= self.closes_at:
            return Status.CLOSED
        if now < self.opens_at:
            return Status.UPCOMING
        return Status.OPEN

    @property
    def status(self) -> Status:
        return self.status_at()

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def ended_at(self) -> datetime:
        return self.closed_at or self.closes_at

    @property
    def grades(self) -> list[str]:
        """Grade labels, lowest first, as majority judgment counts them."""
        if self.grade_labels:
            return list(reversed(self.grade_labels))
        return [str(label) for label in DEFAULT_GRADES]

    def receipt_hash(self, token: str) -> str:
        """What the ballot keeps of the voter's receipt: sha256 of the token and the vote."""
        return hashlib.sha256(f"{token}:{self.public_id}".encode()).hexdigest()

    @cached_property
    def option_list(self) -> list[VoteOption]:
        return list(self.options.all())


class VoteOption(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.label


class Elector(models.Model):
    """One vote of the electorate, as it stood when the vote was published."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="electors")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    weight = models.PositiveIntegerField(_("weight"), default=1)
    territory = models.ForeignKey(
        Territory, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The organisation holding this organisation's proxy, frozen at publication.
    proxy_holder = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # For a listed electorate: the person who casts this person's vote (a meeting's proxy).
    proxy_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("elector")
        verbose_name_plural = _("electors")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "organisation"], name="one_elector_per_organisation"
            ),
            models.UniqueConstraint(fields=["vote", "person"], name="one_elector_per_person"),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(person__isnull=False),
                name="elector_is_someone",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.person)


class Proxy(models.Model):
    """An organisation gives its vote to another; revocable until the vote is published."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="proxies")
    giver = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("given by")
    )
    holder = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("held by")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["giver__legal_name"]
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "giver"],
                condition=Q(revoked_at__isnull=True),
                name="one_standing_proxy_per_giver",
            )
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.holder}"


class Participation(models.Model):
    """Who voted (public to organisers). Links to the ballot only for public votes."""

    elector = models.OneToOneField(Elector, on_delete=models.CASCADE, related_name="participation")
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    voted_at = models.DateTimeField(_("voted on"), default=timezone.now)
    public_ballot = models.OneToOneField(
        "Ballot", on_delete=models.SET_NULL, null=True, blank=True, related_name="participation"
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        return str(self.elector)


def random_ballot_id() -> int:
    # Random, so that the order of rows tells nothing about the order of voting.
    return secrets.randbits(63) or 1


class Ballot(models.Model):
    """What one elector chose: no link to them, no time. See the module's docstring."""

    id = models.BigIntegerField(primary_key=True, default=random_ballot_id, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    choices = models.JSONField(default=dict)
    weight = models.PositiveIntegerField(default=1)
    territory = models.ForeignKey(
        Territory, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    receipt_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return self.receipt_hash[:12]


class Delegate(models.Model):
    """A person a company head names to cast their organisation's vote."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="delegates")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("delegate"),
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "organisation"], name="one_delegate_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.organisation})"
