from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LANGUAGE_CHOICES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("tr", _("Turkish")),
]


def photo_path(instance: User, filename: str) -> str:
    # A random name: a photo's address tells nothing about whose it is.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"photos/{uuid.uuid4().hex}.{extension}"


class Visibility(models.TextChoices):
    """Who may see a piece of contact information."""

    NOBODY = "nobody", _("Nobody")
    MEMBERS = "members", _("Members of the network")


class EmailUserManager(UserManager["User"]):
    """Users are identified by their e-mail address: there is no user name."""

    use_in_migrations = True

    def _create_user(  # type: ignore[override]
        self, email: str, password: str | None, **extra_fields: object
    ) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: object
    ) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: object
    ) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class Expertise(models.Model):
    """A declared field of expertise (a tag), shared by everyone who declares it."""

    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("expertise")
        verbose_name_plural = _("expertise")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    phone_visibility = models.CharField(
        _("who sees my phone number"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.NOBODY,
    )
    email_visibility = models.CharField(
        _("who sees my e-mail address"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    listed_in_directory = models.BooleanField(
        _("appear in the people directory"),
        default=True,
        help_text=_(
            "Members of the network can find you by name, company and expertise. "
            "Untick to be left out; your company's page then names you only to your "
            "colleagues and the network's staff."
        ),
    )
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    expertise = models.ManyToManyField(
        Expertise, verbose_name=_("expertise"), blank=True, related_name="people"
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    erased_at = models.DateTimeField(_("erased on"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name shown next to what this person wrote; "former member" once erased."""
        if self.erased_at:
            return str(_("Former member"))
        return self.get_full_name() or self.email.split("@")[0]


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry() -> timezone.datetime:
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation sent by staff: the only way in when sign-up is by invitation."""

    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    message = models.TextField(_("personal message"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires on"), default=_invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set when a company head or staff invites a colleague: accepting the
    # invitation makes the new account one of the organisation's people.
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()

    def accept(self, user: User) -> None:
        self.accepted_at = timezone.now()
        self.accepted_by = user
        self.save(update_fields=["accepted_at", "accepted_by"])
