"""Who belongs where: territories, organisations, people's affiliations,
memberships, roles and working groups."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cordee.network.identifiers import validate_siren, validate_siret

if TYPE_CHECKING:
    from cordee.network.access import Access


class Territory(models.Model):
    """A region, a department or a branch (valley, basin); nested through ``parent``."""

    class Kind(models.TextChoices):
        REGION = "region", _("region")
        DEPARTMENT = "department", _("department")
        BRANCH = "branch", _("territorial branch")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    # "/region/department/branch/": a territory and those under it share a prefix.
    path = models.CharField(max_length=255, unique=True, editable=False)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # The path is a denormalised copy of the parent chain, kept in step here.
        self.path = f"{self.parent.path if self.parent else '/'}{self.slug}/"
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("network:directory") + f"?territory={self.slug}"

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def ancestor_paths(self) -> list[str]:
        """The paths of this territory and every territory above it."""
        parts = self.path.strip("/").split("/")
        return ["/" + "/".join(parts[: index + 1]) + "/" for index in range(len(parts))]


class Commune(models.Model):
    insee = models.CharField(
        _("INSEE code"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^(\d{5}|2[AB]\d{3})$", _("An INSEE code has 5 characters."))],
    )
    name = models.CharField(_("name"), max_length=120, db_index=True)
    postcode = models.CharField(_("postcode"), max_length=5, db_index=True)
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="communes", verbose_name=_("territory")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return self.name


class TaxonomyItem(models.Model):
    """A named item in French and English; the language shown follows the reader's."""

    name_fr = models.CharField(_("name in French"), max_length=120, unique=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        abstract = True
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "fr").startswith("en") and self.name_en:
            return self.name_en
        return self.name_fr


class Skill(TaxonomyItem):
    """An activity or skill of the taxonomy: bar turning, grinding, surface treatment..."""

    class Family(models.TextChoices):
        PROCESS = "process", _("process")
        TECHNOLOGY = "technology", _("technology")
        MANAGEMENT = "management", _("management")

    family = models.CharField(_("family"), max_length=12, choices=Family.choices)

    class Meta(TaxonomyItem.Meta):
        verbose_name = _("activity or skill")
        verbose_name_plural = _("activities and skills")


class Certification(TaxonomyItem):
    class Meta(TaxonomyItem.Meta):
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")


class SizeBand(models.TextChoices):
    MICRO = "micro", _("1 to 9 employees")
    SMALL = "small", _("10 to 49 employees")
    MEDIUM = "medium", _("50 to 249 employees")
    INTERMEDIATE = "intermediate", _("250 to 4,999 employees")
    LARGE = "large", _("5,000 employees or more")

    @classmethod
    def for_headcount(cls, headcount: int) -> SizeBand:
        if headcount < 10:
            return cls.MICRO
        if headcount < 50:
            return cls.SMALL
        if headcount < 250:
            return cls.MEDIUM
        if headcount < 5000:
            return cls.INTERMEDIATE
        return cls.LARGE


class NafNomenclature(models.TextChoices):
    REV2 = "rev2", _("NAF rev. 2")
    NAF2025 = "naf2025", _("NAF 2025")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def in_territory(self, territory: Territory) -> OrganisationQuerySet:
        return self.filter(territory__path__startswith=territory.path)

    def in_good_standing(self, on: date | None = None) -> OrganisationQuerySet:
        """Organisations whose membership covers ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(
            memberships__starts_on__lte=on,
            memberships__ends_on__gte=on,
            memberships__status__in=GOOD_STANDING,
        ).distinct()

    def visible_to(self, access: Access) -> OrganisationQuerySet:
        """Members and staff see the whole directory; others, the public showcase and
        their own organisations (people of a lapsed member still see their page)."""
        if access.sees_member_content:
            return self
        return self.filter(Q(showcase=True) | Q(pk__in=access.organisation_ids))

    def manageable_by(self, access: Access) -> OrganisationQuerySet:
        """Organisations whose page and people ``access`` may change."""
        return self.filter(Q(pk__in=access.head_of_ids) | access.staff_territory_q("territory"))


class Organisation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    legal_name = models.CharField(_("legal name"), max_length=200)
    trade_name = models.CharField(_("trade name"), max_length=200, blank=True)
    siren = models.CharField(_("SIREN"), max_length=9, db_index=True, validators=[validate_siren])
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        unique=True,
        validators=[validate_siret],
        error_messages={"unique": _("This SIRET is already in the network.")},
    )
    naf_code = models.CharField(
        _("NAF code"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{2}\.\d{2}[A-Z]$", _("Write a NAF code like 25.62A."))],
    )
    naf_nomenclature = models.CharField(
        _("NAF nomenclature"),
        max_length=8,
        choices=NafNomenclature.choices,
        default=NafNomenclature.REV2,
    )
    size_band = models.CharField(_("size"), max_length=12, choices=SizeBand.choices, db_index=True)
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("commune")
    )
    # Copied from the commune, so that territory filters need no join through it.
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="organisations", editable=False
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    description = models.TextField(_("description"), blank=True)
    activities = models.ManyToManyField(
        Skill, verbose_name=_("activities and skills"), blank=True, related_name="organisations"
    )
    certifications = models.ManyToManyField(
        Certification, verbose_name=_("certifications"), blank=True, related_name="organisations"
    )
    machines = models.TextField(
        _("machines"), blank=True, help_text=_("One machine per line, e.g. Tornos MultiSwiss 8x26.")
    )
    showcase = models.BooleanField(
        _("appear on the public showcase"),
        default=False,
        help_text=_("Visitors of the public site see the name, town, activities and website."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.territory_id = self.commune.territory_id
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("network:organisation", args=[self.slug])

    @property
    def name(self) -> str:
        return self.trade_name or self.legal_name

    @property
    def machine_list(self) -> list[str]:
        return [line.strip() for line in self.machines.splitlines() if line.strip()]


class AffiliationQuerySet(models.QuerySet["Affiliation"]):
    def current(self) -> AffiliationQuerySet:
        return self.filter(ended_on__isnull=True)


class Affiliation(models.Model):
    """A person works for an organisation; a company head manages its page and people."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("organisation"),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    is_head = models.BooleanField(_("company head"), default=False)
    started_on = models.DateField(_("since"), default=timezone.localdate)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"],
                condition=Q(ended_on__isnull=True),
                name="one_current_affiliation_per_person_and_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.organisation}"


class MembershipTier(models.Model):
    """A level of dues, e.g. by size band; amounts are set by each network."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    amount = models.DecimalField(
        _("yearly dues (€)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        ordering = ["amount"]
        verbose_name = _("membership tier")
        verbose_name_plural = _("membership tiers")

    def __str__(self) -> str:
        return self.name


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    INVOICED = "invoiced", _("invoiced")
    PAID = "paid", _("paid")
    EXEMPT = "exempt", _("exempt")
    LAPSED = "lapsed", _("lapsed")


# Invoiced members keep their rights while the invoice is open.
GOOD_STANDING = (MembershipStatus.INVOICED, MembershipStatus.PAID, MembershipStatus.EXEMPT)
# "Dues paid", as electorates require.
DUES_SETTLED = (MembershipStatus.PAID, MembershipStatus.EXEMPT)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def managed_by(self, access: Access) -> MembershipQuerySet:
        """Memberships of organisations in the territories where ``access`` is staff."""
        if not access.is_staff:
            return self.none()
        return self.filter(access.staff_territory_q("organisation__territory"))

    def not_renewed(self) -> MembershipQuerySet:
        """Memberships whose organisation has no later one with its dues settled."""
        later = Membership.objects.filter(
            organisation_id=models.OuterRef("organisation_id"),
            starts_on__gt=models.OuterRef("ends_on"),
            status__in=DUES_SETTLED,
        )
        return self.exclude(models.Exists(later))


class Membership(models.Model):
    """An organisation's membership for one year."""

    Status = MembershipStatus

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    tier = models.ForeignKey(
        MembershipTier, on_delete=models.PROTECT, related_name="+", verbose_name=_("tier")
    )
    amount = models.DecimalField(
        _("dues (€)"), max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), db_index=True)
    invoiced_on = models.DateField(_("invoiced on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "organisation__legal_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="one_membership_per_organisation_and_year"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="membership_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"

    @property
    def in_good_standing(self) -> bool:
        return self.status in GOOD_STANDING

    def mark_paid(self, on: date | None = None) -> None:
        self.status = self.Status.PAID
        self.paid_on = on or timezone.localdate()
        self.save(update_fields=["status", "paid_on"])


class Role(models.TextChoices):
    ADMIN = "admin", _("network administrator")
    COORDINATOR = "coordinator", _("territory coordinator")
    STAFF = "staff", _("network staff")
    FUNDER = "funder", _("funder / observer")


class RoleAssignment(models.Model):
    """A role given to a person over a territory (and those under it), or the whole network."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("territory"),
        help_text=_("Empty for the whole network."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "role", "territory"], name="one_role_per_person_and_territory"
            )
        ]

    def __str__(self) -> str:
        where = self.territory or _("whole network")
        return f"{self.person}: {self.get_role_display()} ({where})"


class WorkingGroup(models.Model):
    """A working group or club; content can be scoped to its members."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_groups",
        verbose_name=_("territory"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="working_groups",
        verbose_name=_("members"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.name


def import_file_path(instance: ImportBatch, filename: str) -> str:
    # A random name: the stored file holds people's details, its name tells nothing.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "csv"
    return f"imports/{uuid.uuid4().hex}.{extension[:5]}"


class ImportBatchQuerySet(models.QuerySet["ImportBatch"]):
    def visible_to(self, access: Access) -> ImportBatchQuerySet:
        """The person's own imports, and those of the territories where they are staff."""
        if not access.is_staff:
            return self.none()
        return self.filter(Q(created_by_id=access.user_id) | access.staff_territory_q("territory"))


class ImportBatch(models.Model):
    """A spreadsheet of members uploaded by staff: its checked preview, then its import.

    The file is kept until it is imported, so that the import checks it again
    rather than trusting the preview.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("being checked")
        PREVIEWED = "previewed", _("checked, waiting for your decision")
        QUEUED = "queued", _("waiting to be imported")
        RUNNING = "running", _("being imported")
        DONE = "done", _("imported")
        FAILED = "failed", _("not imported")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded on"), auto_now_add=True)
    # Where the uploader is staff, when that is one territory: their colleagues there
    # see the import too. Empty: the whole network's staff.
    territory = models.ForeignKey(
        Territory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territory"),
    )
    file = models.FileField(_("file"), upload_to=import_file_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED
    )
    report = models.JSONField(_("preview"), default=dict, blank=True)
    valid_only = models.BooleanField(_("only the valid rows"), default=False)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    applied_at = models.DateTimeField(_("imported on"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("why it was not imported"), blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("member list import")
        verbose_name_plural = _("member list imports")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("network:import_batch", args=[self.public_id])

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.QUEUED, self.Status.RUNNING)
