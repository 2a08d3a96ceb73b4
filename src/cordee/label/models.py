"""The label: criteria frameworks, yearly campaigns, self-assessments, peer reviews,
committee decisions and improvement plans."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cordee.network.models import Organisation

if TYPE_CHECKING:
    from cordee.network.access import Access

LEVELS = (1, 2, 3, 4, 5)
LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Pillar(models.TextChoices):
    # The slugs are those of the knowledge base's themes, so that practice sheets match.
    INNOVATION = "innovation", _("Innovation")
    CSR = "rse", _("Corporate social responsibility")
    MANAGEMENT = "management", _("Management")
    STEERING = "pilotage-strategique", _("Strategic steering")
    INDUSTRY_40 = "industrie-4-0", _("Industry 4.0")


class Framework(models.Model):
    """A version of the criteria framework (référentiel). Frozen once a campaign uses it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=160)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    description = models.TextField(_("description"), blank=True)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous version"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        verbose_name = _("criteria framework")
        verbose_name_plural = _("criteria frameworks")
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="one_framework_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("label:framework", args=[self.public_id])

    @property
    def is_frozen(self) -> bool:
        """A campaign uses it: changing it would change the meaning of given answers."""
        return self.campaigns.exists()


class Criterion(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("framework")
    )
    pillar = models.CharField(_("pillar"), max_length=24, choices=Pillar.choices)
    code = models.CharField(_("code"), max_length=12, help_text=_("For instance INN-1."))
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    evidence = models.TextField(_("expected evidence"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    level_1 = models.TextField(_("level 1"))
    level_2 = models.TextField(_("level 2"))
    level_3 = models.TextField(_("level 3"))
    level_4 = models.TextField(_("level 4"))
    level_5 = models.TextField(_("level 5"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["framework", "position", "code"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="one_criterion_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def levels(self) -> list[tuple[int, str]]:
        return [(level, getattr(self, f"level_{level}")) for level in LEVELS]


class Campaign(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open to applications")
        CLOSED = "closed", _("closed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=160)
    year = models.PositiveSmallIntegerField(_("year"))
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("framework")
    )
    closes_on = models.DateField(_("self-assessments due on"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("label campaign")
        verbose_name_plural = _("label campaigns")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("label:campaign", args=[self.public_id])


class LabelProfile(models.Model):
    """What the label needs to know about a company to check conflicts of interest."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="label_profile"
    )
    group_name = models.CharField(
        _("group"),
        max_length=160,
        blank=True,
        help_text=_("The group the company belongs to, if any: its companies never review it."),
    )
    competitors = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="+",
        verbose_name=_("declared competitors"),
        help_text=_("Their people will not review this company."),
    )

    class Meta:
        verbose_name = _("label profile")
        verbose_name_plural = _("label profiles")

    def __str__(self) -> str:
        return str(self.organisation)


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def visible_to(self, access: Access) -> AssessmentQuerySet:
        """The company's own people, its reviewers, and the staff over its territory."""
        if not access.is_authenticated:
            return self.none()
        return self.filter(
            Q(organisation_id__in=access.organisation_ids)
            | Q(reviews__reviewer_id=access.user_id)
            | access.staff_territory_q("organisation__territory")
        ).distinct()

    def granted(self) -> AssessmentQuerySet:
        return self.filter(decision__outcome__in=Decision.GRANTED)


class Assessment(models.Model):
    """A company's application to a campaign: its self-assessment, then what follows."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("self-assessment in progress")
        SUBMITTED = "submitted", _("submitted, waiting for the peer review")
        DECIDED = "decided", _("decided by the committee")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("campaign")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="label_assessments",
        verbose_name=_("company"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    in_public_register = models.BooleanField(
        _("show the label in the public register"),
        default=False,
        help_text=_("Visitors of the public site see the company's name and the validity dates."),
    )
    shares_practices = models.BooleanField(
        _("share our strong practices"),
        default=False,
        help_text=_(
            "Companies weak on a criterion where you are strong (level 4 or 5) may see your "
            "name and contact you."
        ),
    )
    target_level = models.PositiveSmallIntegerField(
        _("our target level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(3), MaxValueValidator(5)],
        help_text=_("Criteria below it join those at level 2 or less in the plan."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-campaign__year", "organisation__legal_name"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"], name="one_assessment_per_campaign"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.campaign}"

    def get_absolute_url(self) -> str:
        return reverse("label:assessment", args=[self.public_id])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("level"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    evidence = models.TextField(_("evidence"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="one_answer"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5),
                name="answer_level_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.level}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # A random name: the evidence may be confidential, its name tells nothing.
    return f"label/{uuid.uuid4().hex}"


class Attachment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class Review(models.Model):
    """A peer reviewer assigned to an assessment, with the site visit."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="label_reviews",
        verbose_name=_("reviewer"),
    )
    # The company the reviewer worked for when assigned: conflicts are checked on it.
    reviewer_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("their company")
    )
    visit_on = models.DateField(_("site visit on"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    summary = models.TextField(_("summary for the committee"), blank=True)

    class Meta:
        ordering = ["visit_on"]
        verbose_name = _("peer review")
        verbose_name_plural = _("peer reviews")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "reviewer"], name="one_review_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.assessment}"

    def get_absolute_url(self) -> str:
        return reverse("label:review", args=[self.public_id])


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("level"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5),
                name="score_level_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.level}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        GRANTED = "granted", _("granted")
        CONDITIONS = "conditions", _("granted with conditions")
        POSTPONED = "postponed", _("postponed")
        REFUSED = "refused", _("refused")

    GRANTED = (Outcome.GRANTED, Outcome.CONDITIONS)

    public_id = models.UUIDField(
        _("verification code"), default=uuid.uuid4, unique=True, editable=False
    )
    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("decision"), max_length=12, choices=Outcome.choices)
    rationale = models.TextField(_("rationale"))
    conditions = models.TextField(_("conditions"), blank=True)
    decided_on = models.DateField(_("decided on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    follow_up_on = models.DateField(_("mid-term follow-up on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")

    def __str__(self) -> str:
        return f"{self.assessment}: {self.get_outcome_display()}"

    @property
    def is_granted(self) -> bool:
        return self.outcome in self.GRANTED

    def is_valid_on(self, on: date) -> bool:
        return (
            self.is_granted
            and self.valid_until is not None
            and self.decided_on <= on <= (self.valid_until)
        )


class ImprovementAction(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ONGOING = "ongoing", _("in progress")
        DONE = "done", _("done")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    title = models.CharField(_("action"), max_length=200)
    owner = models.CharField(_("owner"), max_length=120)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")

    def __str__(self) -> str:
        return self.title
