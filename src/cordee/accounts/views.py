from __future__ import annotations

import json
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cordee.accounts.adapter import INVITATION_SESSION_KEY
from cordee.accounts.forms import EraseAccountForm, InvitationForm, ProfileForm
from cordee.accounts.models import Invitation, User, Visibility
from cordee.accounts.services import invitation_send, user_erase, user_export_data
from cordee.audit.services import audit_record
from cordee.core.permissions import staff_required


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, request.FILES or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


def _active_people() -> QuerySet[User]:
    return User.objects.filter(is_active=True, erased_at__isnull=True)


@login_required
def person_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    person = get_object_or_404(_active_people().prefetch_related("expertise"), public_id=public_id)
    is_self = person == request.user
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "is_self": is_self,
            "show_email": is_self or person.email_visibility == Visibility.MEMBERS,
            "show_phone": bool(person.phone)
            and (is_self or person.phone_visibility == Visibility.MEMBERS),
        },
    )


@login_required
def person_photo(request: HttpRequest, public_id: UUID) -> FileResponse:
    person = get_object_or_404(_active_people(), public_id=public_id)
    if not person.photo:
        raise Http404
    response = FileResponse(person.photo.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    data = user_export_data(user=request.user)
    audit_record(action="account.data_exported", request=request, target=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"cordee-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_erase(request: HttpRequest) -> HttpResponse:
    form = EraseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user_erase(user=request.user, request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(
                request,
                _("Your account is erased. What you wrote stays, signed “Former member”."),
            )
            return redirect("home")
    return render(request, "accounts/account_erase.html", {"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def invitation_list(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_send(
                request=request,
                email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("accounts:invitations")
    invitations = Invitation.objects.select_related("invited_by", "accepted_by")[:100]
    return render(
        request,
        "accounts/invitation_list.html",
        {"form": form, "invitations": invitations, "days": settings.INVITATION_VALID_DAYS},
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation, token=token)
    if request.user.is_authenticated:
        messages.info(request, _("You are already logged in."))
        return redirect("home")
    if not invitation.is_usable:
        return render(
            request, "accounts/invitation_expired.html", {"invitation": invitation}, status=410
        )
    request.session[INVITATION_SESSION_KEY] = invitation.token
    # The invitation reached this address, so it needs no second confirmation.
    request.session["account_verified_email"] = invitation.email
    return redirect(f"{reverse('account_signup')}?{urlencode({'email': invitation.email})}")
