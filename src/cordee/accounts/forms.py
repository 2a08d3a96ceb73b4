from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from cordee.accounts.models import LANGUAGE_CHOICES, Expertise, User
from cordee.accounts.photos import normalise_photo


class SignupExtraForm(forms.Form):
    """The fields allauth's sign-up form lacks: a person's name."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    field_order = ["first_name", "last_name"]

    def signup(self, request: Any, user: User) -> None:
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])


class ProfileForm(forms.ModelForm):
    expertise_text = forms.CharField(
        label=_("Expertise"),
        required=False,
        max_length=1000,
        help_text=_(
            "Your fields of expertise, separated by commas, e.g. bar turning, ISO 9001, lean."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "job_title",
            "photo",
            "phone",
            "phone_visibility",
            "email_visibility",
            "listed_in_directory",
            "languages",
        ]
        widgets = {
            "photo": forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "phone_visibility": forms.RadioSelect,
            "email_visibility": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["job_title"].widget.attrs["autocomplete"] = "organization-title"
        if self.instance.pk:
            self.fields["expertise_text"].initial = ", ".join(
                expertise.name for expertise in self.instance.expertise.all()
            )

    def clean_expertise_text(self) -> list[str]:
        names: dict[str, str] = {}
        for raw in self.cleaned_data["expertise_text"].split(","):
            name = " ".join(raw.split())
            if not name:
                continue
            if len(name) > 80:
                raise ValidationError(
                    _("“%(name)s…” is too long: keep each field of expertise under 80 characters."),
                    params={"name": name[:30]},
                )
            names.setdefault(name.casefold(), name)
        if len(names) > 30:
            raise ValidationError(_("Give at most 30 fields of expertise."))
        return list(names.values())

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = [char for char in phone if char.isdigit()]
        if phone and (len(digits) < 6 or set(phone) - set("0123456789+ .-()")):
            raise ValidationError(
                _("Enter a phone number, e.g. 04 50 98 12 34 or +33 4 50 98 12 34.")
            )
        return phone

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            if photo.size and photo.size > settings.PHOTO_MAX_BYTES:
                raise ValidationError(
                    _("This photo is too large: keep it under %(size)s MB.")
                    % {"size": settings.PHOTO_MAX_BYTES // (1024 * 1024)}
                )
            return normalise_photo(photo)
        return photo

    def save(self, commit: bool = True) -> User:
        user: User = super().save(commit=False)
        if self.cleaned_data.get("remove_photo") and not isinstance(
            self.cleaned_data.get("photo"), UploadedFile
        ):
            user.photo.delete(save=False)
            user.photo = ""
        if commit:
            user.save()
            expertise = []
            for name in self.cleaned_data["expertise_text"]:
                existing = Expertise.objects.filter(name__iexact=name).first()
                expertise.append(existing or Expertise.objects.create(name=name))
            user.expertise.set(expertise)
        return user


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    message = forms.CharField(
        label=_("Personal message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EraseAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be erased and cannot be restored.")
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password. Type it again."))
        return password
