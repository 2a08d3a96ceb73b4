"""The capacity exchange: offers and needs of machine time, equipment and skilled staff,
the matches between them, and the contacts people make from a match."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cordee.exchange import matching
from cordee.moderation.models import Moderated

if TYPE_CHECKING:
    from cordee.network.access import Access


class Side(models.TextChoices):
    OFFER = "offer", _("offer")
    NEED = "need", _("need")


class Kind(models.TextChoices):
    MACHINE = "machine", _("machine time")
    EQUIPMENT = "equipment", _("equipment")
    STAFF = "staff", _("skilled staff")


class Unit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    WEEKS = "weeks", _("weeks")
    PEOPLE = "people", _("people")
    UNITS = "units", _("units")


class Visibility(models.TextChoices):
    NETWORK = matching.NETWORK, _("the whole network")
    TERRITORY = matching.TERRITORY, _("our territory only")


class Status(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXPIRED = "expired", _("expired")


class ListingQuerySet(models.QuerySet["Listing"]):
    def visible_to(self, access: Access) -> ListingQuerySet:
        """Offers and needs a person may see: members and staff see those of the whole
        network and of their territory; staff, all those over their territories; everyone,
        their own organisations'. Hidden ones are left to their organisation and staff."""
        visible = Q(organisation_id__in=access.organisation_ids)
        if access.is_staff:
            visible |= access.staff_territory_q("territory")
        if access.sees_member_content:
            shown = Q(visibility=Visibility.NETWORK) | access.territory_q("territory")
            visible |= shown & Q(hidden_at__isnull=True)
        return self.filter(visible)

    def open(self) -> ListingQuerySet:
        return self.filter(status=Status.OPEN, hidden_at__isnull=True)

    def in_territory_of(self, access: Access) -> ListingQuerySet:
        """Listings of organisations in the territories where ``access`` is staff."""
        if not access.is_staff:
            return self.none()
        return self.filter(access.staff_territory_q("territory"))


class Listing(Moderated):
    """An offer or a need of one organisation."""

    Side = Side
    Kind = Kind
    Unit = Unit
    Status = Status
    Visibility = Visibility

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    side = models.CharField(_("offer or need"), max_length=5, choices=Side.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, db_index=True)
    title = models.CharField(
        _("what"),
        max_length=150,
        help_text=_(
            "The machine, equipment or skill in a few words, "
            "e.g. multi-spindle lathe 8 spindles, 5-axis machining centre, CMM."
        ),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        related_name="exchange_listings",
        verbose_name=_("organisation"),
    )
    # Copied from the organisation when posted, so that territory filters need no join.
    territory = models.ForeignKey(
        "network.Territory", on_delete=models.PROTECT, related_name="+", editable=False
    )
    skill = models.ForeignKey(
        "network.Skill",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skill"),
    )
    description = models.TextField(_("description"), blank=True, max_length=4000)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), db_index=True)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=8,
        decimal_places=1,
        validators=[MinValueValidator(0.5, _("Write a quantity of at least 0.5."))],
    )
    unit = models.CharField(_("unit"), max_length=6, choices=Unit.choices, default=Unit.HOURS)
    shared_staff = models.BooleanField(
        _("staff shared through an employers' group"),
        default=False,
        help_text=_("The people are employed by an employers' group (groupement d'employeurs)."),
    )
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.NETWORK
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posted by"),
    )
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("offer or need")
        verbose_name_plural = _("offers and needs")
        indexes = [models.Index(fields=["status", "side", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_side_display()}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("exchange:detail", args=[self.public_id])

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The end comes before the start: choose an end on or after it.")}
            )

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    @property
    def is_offer(self) -> bool:
        return self.side == Side.OFFER

    def end(self, status: Status) -> None:
        """Close, withdraw or expire the listing now."""
        self.status = status
        self.ended_at = timezone.now()
        self.save(update_fields=["status", "ended_at", "updated_at"])

    def as_entry(self) -> matching.Entry:
        """What :mod:`cordee.exchange.matching` needs (``territory`` must be loaded)."""
        return matching.Entry(
            key=self.pk,
            side=self.side,
            kind=self.kind,
            organisation=self.organisation_id,
            territory_path=self.territory.path,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            quantity=self.quantity,
            unit=self.unit,
            skill=self.skill_id,
            words=matching.keywords(self.title),
            visibility=self.visibility,
        )


class Match(models.Model):
    """A need and an offer that suit each other, with the reasons why."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    need = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="offer_matches")
    offer = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="need_matches")
    distance = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField()
    # [{"code": ..., "values": {...}}], put into words by cordee.exchange.reasons.
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["distance", "-score", "pk"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["need", "offer"], name="one_match_per_need_and_offer")
        ]

    def __str__(self) -> str:
        return f"{self.need_id} ↔ {self.offer_id}"

    def other(self, listing: Listing) -> Listing:
        return self.offer if listing.pk == self.need_id else self.need


class ContactStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    # A contact ("prise de contact" in French) agrees apart from an accepted amendment.
    ACCEPTED = "accepted", pgettext_lazy("contact", "accepted")
    DECLINED = "declined", _("declined")


class Contact(models.Model):
    """One side of a match asks to get in touch; contact details are shown to both sides
    only once the other side accepts."""

    Status = ContactStatus

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    match = models.OneToOneField(Match, on_delete=models.CASCADE, related_name="contact")
    # The listing of the side that asked.
    asked_from = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="+")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("message"), blank=True, max_length=1000)
    asked_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(
        max_length=10, choices=ContactStatus.choices, default=ContactStatus.PENDING
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.match} ({self.status})"

    @property
    def asked_to(self) -> Listing:
        return self.match.other(self.asked_from)


class PostingRights(models.Model):
    """Who, besides its company heads, may post and answer for an organisation."""

    organisation = models.OneToOneField(
        "network.Organisation", on_delete=models.CASCADE, related_name="exchange_rights"
    )
    every_colleague = models.BooleanField(
        _("every colleague may post for the organisation"), default=False
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("colleagues who may post"),
    )

    class Meta:
        verbose_name = _("exchange posting rights")
        verbose_name_plural = _("exchange posting rights")

    def __str__(self) -> str:
        return str(self.organisation)
