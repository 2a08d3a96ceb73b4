"""Meetings of a body: agenda, convocation, attendance and proxies, votes, minutes.

Who sees a meeting: the body's current members, the people on its roll call,
and the staff over the body's territory. The meetings of the general
assembly and of the board are public in part: their date, place, agenda
titles and approved minutes are the network's public record; documents,
notes, the video link, attendance, proxies and draft minutes stay with the
participants.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cordee.governance.models import Body, BodyKind, Mandate, MandateRole
from cordee.meetings import quorum
from cordee.moderation.models import Moderated

if TYPE_CHECKING:
    from cordee.network.access import Access

# Bodies whose meeting dates and approved minutes are public.
PUBLIC_BODY_KINDS = (BodyKind.GENERAL_ASSEMBLY, BodyKind.BOARD)
# Who organises a body's meetings besides the staff: its officers.
ORGANISER_ROLES = (MandateRole.CHAIR, MandateRole.VICE_CHAIR, MandateRole.SECRETARY)


class QuorumKind(models.TextChoices):
    SHARE = quorum.SHARE, _("a share of the members")
    COUNT = quorum.COUNT, _("a fixed number of members")


class BodyRules(models.Model):
    """How a body meets; a body without rules gets the defaults."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="meeting_rules")
    quorum_kind = models.CharField(
        _("quorum"), max_length=5, choices=QuorumKind.choices, default=QuorumKind.SHARE
    )
    quorum_numerator = models.PositiveSmallIntegerField(
        _("share: numerator"), default=1, validators=[MinValueValidator(1)]
    )
    quorum_denominator = models.PositiveSmallIntegerField(
        _("share: denominator"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_("1 and 2 for half of the members, 2 and 3 for two thirds."),
    )
    quorum_count = models.PositiveSmallIntegerField(
        _("fixed number"), default=1, validators=[MinValueValidator(1)]
    )
    proxy_cap = models.PositiveSmallIntegerField(
        _("proxies per holder"),
        default=2,
        validators=[MaxValueValidator(20)],
        help_text=_("How many other members' proxies one member present may hold."),
    )
    convocation_days = models.PositiveSmallIntegerField(
        _("convocation sent (days before)"), default=15, validators=[MaxValueValidator(90)]
    )
    review_days = models.PositiveSmallIntegerField(
        _("minutes reviewed for (days)"),
        default=7,
        validators=[MaxValueValidator(60)],
        help_text=_("How long participants may comment on the minutes before the chair approves."),
    )

    class Meta:
        verbose_name = _("meeting rules")
        verbose_name_plural = _("meeting rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="quorum_share_at_most_one",
            )
        ]

    def __str__(self) -> str:
        return str(self.body)

    @property
    def quorum_rule(self) -> quorum.QuorumRule:
        return quorum.QuorumRule(
            kind=self.quorum_kind,
            numerator=self.quorum_numerator,
            denominator=self.quorum_denominator,
            count=self.quorum_count,
        )


def rules_for(body: Body) -> BodyRules:
    """The body's rules, or the defaults (unsaved) if it has none."""
    try:
        return body.meeting_rules
    except BodyRules.DoesNotExist:
        return BodyRules(body=body)


def organiser_body_ids(access: Access) -> set[int]:
    """Bodies where the person is chair, vice-chair or secretary today."""
    if access.user_id is None:
        return set()
    return set(
        Mandate.objects.current()
        .filter(person_id=access.user_id, role__in=ORGANISER_ROLES)
        .values_list("body_id", flat=True)
    )


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def managed_by(self, access: Access) -> MeetingQuerySet:
        """Meetings the person organises: staff over the body's territory (whole-network
        bodies: whole-network staff) and the body's officers."""
        query = Q(body_id__in=organiser_body_ids(access))
        if access.is_staff:
            query |= access.staff_territory_q("body__territory")
        return self.filter(query)

    def participant_of(self, access: Access) -> MeetingQuerySet:
        """Meetings seen whole: members of the body today, people on the roll call, managers."""
        if access.user_id is None:
            return self.none()
        current = Mandate.objects.current().filter(person_id=access.user_id)
        query = Q(body_id__in=current.values("body_id")) | Q(
            pk__in=Attendance.objects.filter(person_id=access.user_id).values("meeting_id")
        )
        query |= Q(body_id__in=organiser_body_ids(access))
        if access.is_staff:
            query |= access.staff_territory_q("body__territory")
        return self.filter(query)

    def visible_to(self, access: Access) -> MeetingQuerySet:
        """Participants' meetings, and those of the public bodies (seen in part)."""
        return self.participant_of(access) | self.filter(body__kind__in=PUBLIC_BODY_KINDS)


class Meeting(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=160)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at (expected)"), null=True, blank=True)
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("Address, or the plant that hosts.")
    )
    video_url = models.URLField(
        _("video link"),
        blank=True,
        help_text=_("For those who join remotely; shown to participants only."),
    )
    convocation_days = models.PositiveSmallIntegerField(
        _("convocation sent (days before)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(90)],
        help_text=_("Leave empty for the body's rule."),
    )
    proxy_cap = models.PositiveSmallIntegerField(
        _("proxies per holder"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(20)],
        help_text=_("Leave empty for the body's rule."),
    )
    convocation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The roll call opens when the meeting starts; closing it ends the meeting.
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.public_id])

    @property
    def is_public(self) -> bool:
        return self.body.kind in PUBLIC_BODY_KINDS

    @property
    def day(self) -> date:
        return timezone.localtime(self.starts_at).date()

    @property
    def in_session(self) -> bool:
        return self.opened_at is not None and self.closed_at is None

    @property
    def effective_convocation_days(self) -> int:
        if self.convocation_days is not None:
            return self.convocation_days
        return rules_for(self.body).convocation_days

    @property
    def effective_proxy_cap(self) -> int:
        if self.proxy_cap is not None:
            return self.proxy_cap
        return rules_for(self.body).proxy_cap

    @property
    def convocation_due_at(self):
        return self.starts_at - timedelta(days=self.effective_convocation_days)


class AgendaItem(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("In Markdown: what is at stake, what to read first.")
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class AgendaDocument(models.Model):
    """A file attached to an agenda item, its type checked from its content."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to="meetings/%Y/%m/")
    original_name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["original_name"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.original_name


class Presence(models.TextChoices):
    UNKNOWN = "unknown", _("not recorded yet")
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("excused")
    ABSENT = "absent", _("absent")


class Attendance(models.Model):
    """One line of the roll call: a member of the body when the meeting opened."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_attendance"
    )
    status = models.CharField(
        _("attendance"), max_length=8, choices=Presence.choices, default=Presence.UNKNOWN
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_roll_line_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_status_display()}"


class MeetingProxy(models.Model):
    """A member gives their vote at one meeting to another member."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proxies")
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("given by"),
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("held by"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "giver"],
                condition=Q(revoked_at__isnull=True),
                name="one_standing_meeting_proxy_per_giver",
            )
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.holder}"


class ItemVote(models.Model):
    """A vote held on an agenda item; the vote itself lives in the voting app."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    vote = models.OneToOneField(
        "voting.Vote", on_delete=models.CASCADE, related_name="meeting_item"
    )

    class Meta:
        ordering = ["vote__opens_at"]
        verbose_name = _("vote on an item")
        verbose_name_plural = _("votes on items")

    def __str__(self) -> str:
        return str(self.vote)


class ItemDecision(models.Model):
    """A decision the secretary marked in the minutes, under its agenda item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    decision = models.OneToOneField(
        "decisions.Decision", on_delete=models.CASCADE, related_name="meeting_item"
    )

    class Meta:
        ordering = ["decision__decided_on", "pk"]
        verbose_name = _("decision on an item")
        verbose_name_plural = _("decisions on items")

    def __str__(self) -> str:
        return str(self.decision)


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("shown to participants for comments")
    APPROVED = "approved", _("approved")


class Minutes(models.Model):
    """One version of a meeting's minutes; an approved version never changes."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    version = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("minutes"), blank=True, help_text=_("In Markdown."))
    status = models.CharField(
        _("status"), max_length=8, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    correction_note = models.CharField(_("what this version corrects"), max_length=300, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    review_until = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "-version"]
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="one_minutes_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} — v{self.version}"

    @property
    def is_approved(self) -> bool:
        return self.status == MinutesStatus.APPROVED


class MinutesComment(Moderated):
    """A participant's comment on minutes under review; anyone who reads it may report it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment on minutes")
        verbose_name_plural = _("comments on minutes")

    def __str__(self) -> str:
        return self.text[:60]
