"""Mutual aid: a member asks for help, peers answer, the answer becomes knowledge.

Who sees a request is its *audience* (the whole network, one territory, or
named organisations), decided by :meth:`HelpRequestQuerySet.visible_to`.
Independently, a *discreet* request hides who asks: other members see the
question but never the asker nor their company; the staff of the asker's
territory know. Templates never read ``asker`` or ``organisation`` directly:
they go through :meth:`HelpRequest.asker_shown_to`.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cordee.moderation.models import Moderated

if TYPE_CHECKING:
    from cordee.network.access import Access

# A request without an answer for this long is brought to the staff's attention.
UNANSWERED_AFTER = timedelta(hours=48)


class Audience(models.TextChoices):
    NETWORK = "network", _("the whole network")
    TERRITORY = "territory", _("one territory")
    ORGANISATIONS = "organisations", _("named organisations only")


class Urgency(models.TextChoices):
    LOW = "low", _("it can wait")
    NORMAL = "normal", _("within a few weeks")
    HIGH = "high", _("urgent: production is affected")


class HelpRequestStatus(models.TextChoices):
    OPEN = "open", _("open")
    SOLVED = "solved", _("solved")
    CLOSED = "closed", _("closed")


class HelpRequestQuerySet(models.QuerySet["HelpRequest"]):
    def visible_to(self, access: Access) -> HelpRequestQuerySet:
        """Requests the person may read: their own, those of their audience, and, for the
        staff, those of the territories where they are staff."""
        if not access.user_id:
            return self.none()
        query = Q(asker_id=access.user_id)
        if access.is_staff:
            query |= access.staff_territory_q("territory")
        if access.sees_member_content:
            query |= Q(audience=Audience.NETWORK)
            query |= Q(audience=Audience.TERRITORY) & access.territory_q("audience_territory")
            if access.organisation_ids:
                # Colleagues see their company's requests, unless discreet: seeing one
                # not addressed to them would tell them that someone of theirs asks.
                query |= Q(audience=Audience.ORGANISATIONS) & (
                    Q(audience_organisations__in=access.organisation_ids)
                    | Q(organisation_id__in=access.organisation_ids, is_discreet=False)
                )
        # People asked directly see the request they were asked about.
        query |= Q(
            solicitations__person_id=access.user_id, solicitations__notified_at__isnull=False
        )
        return self.filter(pk__in=self.filter(query).values("pk"))

    def managed_by(self, access: Access) -> HelpRequestQuerySet:
        """Requests whose asker the person may know as staff: their territories'."""
        if not access.is_staff:
            return self.none()
        return self.filter(access.staff_territory_q("territory"))

    def open(self) -> HelpRequestQuerySet:
        return self.filter(status=HelpRequestStatus.OPEN)

    def unanswered_since(self, since: datetime) -> HelpRequestQuerySet:
        return self.open().filter(first_answer_at__isnull=True, created_at__lte=since)


class HelpRequest(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"),
        max_length=20000,
        help_text=_("What happens, what you tried. Markdown: **bold**, lists, links."),
    )
    theme = models.ForeignKey(
        "knowledge.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("theme"),
    )
    skills = models.ManyToManyField(
        "network.Skill",
        verbose_name=_("technical themes"),
        blank=True,
        related_name="help_requests",
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    audience = models.CharField(
        _("who may see it"), max_length=15, choices=Audience.choices, default=Audience.NETWORK
    )
    audience_territory = models.ForeignKey(
        "network.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territory that may see it"),
    )
    audience_organisations = models.ManyToManyField(
        "network.Organisation",
        verbose_name=_("organisations that may see it"),
        blank=True,
        related_name="+",
    )
    is_discreet = models.BooleanField(
        _("discreet"),
        default=False,
        help_text=_(
            "Other members see the question but not who asks, nor your company. "
            "The staff of your territory know."
        ),
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="help_requests",
        verbose_name=_("asked by"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("organisation"),
    )
    # The asker's organisation's territory: whose staff follow the request.
    territory = models.ForeignKey(
        "network.Territory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("territory"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=HelpRequestStatus.choices,
        default=HelpRequestStatus.OPEN,
        db_index=True,
    )
    outcome = models.TextField(_("outcome"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("asked on"), default=timezone.now, db_index=True)
    first_answer_at = models.DateTimeField(_("first answer on"), null=True, blank=True)
    solved_at = models.DateTimeField(_("solved on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    # When the territory's staff were told nobody had answered (they are told once).
    staff_alerted_at = models.DateTimeField(null=True, blank=True)
    capitalised_as = models.ForeignKey(
        "knowledge.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("practice sheet made from it"),
    )
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="followed_help_requests"
    )

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mutualaid:request", args=[self.public_id])

    @property
    def is_open(self) -> bool:
        return self.status == HelpRequestStatus.OPEN

    def is_asked_by(self, access: Access) -> bool:
        return access.user_id is not None and access.user_id == self.asker_id

    def is_managed_by(self, access: Access) -> bool:
        """Staff over the request's territory: they know who asks and follow it up."""
        return access.is_staff and access.is_staff_for(self.territory)

    def knows_asker(self, access: Access) -> bool:
        """Whether ``access`` may know who asks: always, unless the request is discreet;
        then only the asker and the staff of the asker's territory."""
        if not self.is_discreet or self.is_asked_by(access):
            return True
        return self.is_managed_by(access)

    def asker_shown_to(self, access: Access) -> tuple[object | None, object | None]:
        """``(asker, organisation)`` as ``access`` may see them: ``(None, None)`` when hidden."""
        if self.knows_asker(access):
            return self.asker, self.organisation
        return None, None


class Attachment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    help_request = models.ForeignKey(
        HelpRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="mutualaid/%Y/%m/")
    original_name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["original_name"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class AnswerQuerySet(models.QuerySet["Answer"]):
    def shown_answers(self) -> AnswerQuerySet:
        """Answers themselves, not comments on them, that moderation has not hidden."""
        return self.filter(parent__isnull=True, hidden_at__isnull=True)

    def visible_to(self, access: Access) -> AnswerQuerySet:
        return self.filter(help_request__in=HelpRequest.objects.visible_to(access))

    def managed_by(self, access: Access) -> AnswerQuerySet:
        """Answers the person moderates: those under the requests of their territories."""
        return self.filter(help_request__in=HelpRequest.objects.managed_by(access))


class Answer(Moderated):
    """An answer to a request, or, with ``parent``, a comment on an answer."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    help_request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="answers")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("comment on"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="help_answers",
        verbose_name=_("author"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    body = models.TextField(_("answer"), max_length=20000)
    is_solution = models.BooleanField(_("solution"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        return f"{self.help_request.get_absolute_url()}#answer-{self.public_id}"


class Solicitation(models.Model):
    """A person proposed for a request, with the routing's score and reasons; notified
    once the asker (or the staff) chose to ask them."""

    help_request = models.ForeignKey(
        HelpRequest, on_delete=models.CASCADE, related_name="solicitations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="solicitations"
    )
    score = models.FloatField(default=0.0)
    reasons = models.JSONField(default=list, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Staff who asked the person directly; empty when the asker chose them.
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("solicitation")
        verbose_name_plural = _("solicitations")
        constraints = [
            models.UniqueConstraint(
                fields=["help_request", "person"], name="one_solicitation_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ← {self.help_request}"


class HelperAvailability(models.Model):
    """Whether a person accepts to be proposed for requests, and until when they are away."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helper_availability"
    )
    accepts_requests = models.BooleanField(
        _("I accept to be proposed for help requests"), default=True
    )
    away_until = models.DateField(
        _("away until"),
        null=True,
        blank=True,
        help_text=_("Nobody is proposed to you before this date. Leave empty if you are here."),
    )

    class Meta:
        verbose_name = _("availability for help requests")
        verbose_name_plural = _("availabilities for help requests")

    def __str__(self) -> str:
        return str(self.person)


class HelpOffer(models.Model):
    """ "I can help, let's talk": contact details are shared once the asker accepts."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    help_request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="offers")
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_offers"
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("offer to help")
        verbose_name_plural = _("offers to help")
        constraints = [
            models.UniqueConstraint(fields=["help_request", "helper"], name="one_offer_per_helper")
        ]

    def __str__(self) -> str:
        return f"{self.helper} → {self.help_request}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None


class PeerSession(models.Model):
    """Peers meet at the plant of the member with the problem."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    help_request = models.OneToOneField(
        HelpRequest, on_delete=models.CASCADE, related_name="peer_session"
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="peer_sessions",
        verbose_name=_("invited people"),
    )
    notes = models.TextField(_("notes afterwards"), blank=True, max_length=20000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("peer session")
        verbose_name_plural = _("peer sessions")

    def __str__(self) -> str:
        return f"{self.help_request} — {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("mutualaid:session", args=[self.public_id])
