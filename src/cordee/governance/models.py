"""The network's bodies and the mandates of the people who sit in them.

A body is where members decide: the general assembly, the board, the
executive committee, working groups and clubs, territorial branches. Their
composition is public, so that anyone can see who decides.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from cordee.network.access import Access


class BodyKind(models.TextChoices):
    GENERAL_ASSEMBLY = "assembly", _("general assembly")
    BOARD = "board", _("board")
    EXECUTIVE = "executive", _("executive committee")
    WORKING_GROUP = "group", _("working group")
    CLUB = "club", _("club")
    BRANCH = "branch", _("territorial branch")


class BodyQuerySet(models.QuerySet["Body"]):
    def managed_by(self, access: Access) -> BodyQuerySet:
        """Bodies of the territories where ``access`` is staff; the network's bodies (no
        territory) are managed by the whole network's staff."""
        if not access.is_staff:
            return self.none()
        return self.filter(access.staff_territory_q("territory"))


class Body(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=BodyKind.choices, db_index=True)
    territory = models.ForeignKey(
        "network.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("territory"),
        help_text=_("Leave empty for a body of the whole network."),
    )
    working_group = models.OneToOneField(
        "network.WorkingGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body",
        verbose_name=_("working group"),
        help_text=_("For a working group or club: the group whose members' content it shares."),
    )
    # A territorial branch sends delegates to this body (the network's board).
    delegates_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegating_branches",
        verbose_name=_("sends delegates to"),
    )
    seats = models.PositiveSmallIntegerField(
        _("seats"),
        null=True,
        blank=True,
        help_text=_("How many members it has when full (or how many delegates a branch elects)."),
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:body", args=[self.slug])

    def clean(self) -> None:
        super().clean()
        if self.delegates_to_id and self.delegates_to_id == self.pk:
            raise ValidationError({"delegates_to": _("A body cannot send delegates to itself.")})


class MandateRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice-chair")
    SECRETARY = "secretary", _("secretary")
    TREASURER = "treasurer", _("treasurer")
    DELEGATE = "delegate", _("delegate")
    MEMBER = "member", _("member")


class MandateSource(models.TextChoices):
    ELECTED = "elected", _("elected")
    APPOINTED = "appointed", _("appointed")
    EX_OFFICIO = "ex_officio", _("ex officio")


class MandateQuerySet(models.QuerySet["Mandate"]):
    def current(self, on: date | None = None) -> MandateQuerySet:
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))

    def past(self, on: date | None = None) -> MandateQuerySet:
        on = on or timezone.localdate()
        return self.filter(ends_on__lt=on)

    def overlapping(self, starts_on: date, ends_on: date | None) -> MandateQuerySet:
        """Mandates whose period shares at least one day with ``starts_on``–``ends_on``."""
        overlap = self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
        if ends_on is not None:
            overlap = overlap.filter(starts_on__lte=ends_on)
        return overlap


class Mandate(models.Model):
    """A person sits in a body, in a role, for a period, elected or appointed."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="mandates", verbose_name=_("body")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mandates",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("representing"),
    )
    role = models.CharField(
        _("role"), max_length=12, choices=MandateRole.choices, default=MandateRole.MEMBER
    )
    source = models.CharField(
        _("how"), max_length=12, choices=MandateSource.choices, default=MandateSource.ELECTED
    )
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    election = models.ForeignKey(
        "voting.Vote",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("elected by the vote"),
    )

    # A delegate sits in the board for a territorial branch.
    branch = models.ForeignKey(
        Body,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegate_mandates",
        limit_choices_to={"kind": BodyKind.BRANCH},
        verbose_name=_("delegate of the branch"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["body", "role", "starts_on"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="mandate_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}, {self.body}"

    def clean(self) -> None:
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A mandate cannot end before it starts.")})

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)


class BranchElection(models.Model):
    """A territorial branch elects its delegates with a vote of the votes app.

    The vote's options are the candidates (:class:`Candidate`); once it is
    closed, staff confirm the elected, which creates their mandates in the
    body the branch sends delegates to.
    """

    branch = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="elections", verbose_name=_("branch")
    )
    vote = models.OneToOneField(
        "voting.Vote", on_delete=models.PROTECT, related_name="branch_election"
    )
    seats = models.PositiveSmallIntegerField(_("delegates to elect"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-vote__closes_at"]
        verbose_name = _("branch election")
        verbose_name_plural = _("branch elections")

    def __str__(self) -> str:
        return str(self.vote)

    def get_absolute_url(self) -> str:
        return reverse("governance:election", args=[self.vote.public_id])


class Candidate(models.Model):
    """A person standing in a branch election: one option of its vote."""

    election = models.ForeignKey(
        BranchElection, on_delete=models.CASCADE, related_name="candidates"
    )
    option = models.OneToOneField(
        "voting.VoteOption", on_delete=models.CASCADE, related_name="candidate"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidacies"
    )
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["option__order"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "person"], name="one_candidacy_per_election"
            )
        ]

    def __str__(self) -> str:
        return self.option.label
