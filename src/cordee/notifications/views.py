from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from cordee.core.permissions import staff_required
from cordee.notifications.forms import AnnouncementForm, PreferencesForm
from cordee.notifications.kinds import Frequency, all_kinds
from cordee.notifications.models import Notification
from cordee.notifications.services import (
    announcement_send,
    effective_frequencies,
    notifications_mark_all_read,
    preferences_save,
)
from cordee.notifications.tokens import PreferenceLink, read_preference_token

PAGE_SIZE = 20


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.for_recipient(request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "notifications/_notifications.html"
        if request.htmx
        else "notifications/notification_list.html"
    )
    return render(request, template, {"page": page})


@require_POST
@login_required
def notification_open(request: HttpRequest, public_id: UUID) -> HttpResponse:
    notification = get_object_or_404(
        Notification.objects.for_recipient(request.user), public_id=public_id
    )
    notification.mark_read()
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_all_read(user=request.user)
    if request.htmx:
        page = Paginator(Notification.objects.for_recipient(request.user), PAGE_SIZE).get_page(1)
        return render(
            request, "notifications/_notifications.html", {"page": page, "all_read": True}
        )
    messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(
        request.POST or None, kinds=all_kinds(), initial=effective_frequencies(request.user)
    )
    if request.method == "POST" and form.is_valid():
        preferences_save(user=request.user, frequencies=form.cleaned_data)
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


def _read_link(
    request: HttpRequest, token: str, *, for_session: bool = True
) -> PreferenceLink | HttpResponse:
    """The person and kinds of an e-mail's link, or the page explaining why it does not work.

    With ``for_session``, someone logged in with another account is refused.
    """
    try:
        link = read_preference_token(token)
    except signing.BadSignature:
        return render(request, "notifications/link_invalid.html", {"reason": "invalid"}, status=400)
    except (LookupError, ValidationError):
        return render(request, "notifications/link_invalid.html", {"reason": "gone"}, status=404)
    if for_session and request.user.is_authenticated and request.user != link.user:
        return render(
            request, "notifications/link_invalid.html", {"reason": "someone_else"}, status=404
        )
    return link


@never_cache
@require_http_methods(["GET", "POST"])
def preference_link(request: HttpRequest, token: str) -> HttpResponse:
    """The page an e-mail links to: change how its kinds are sent, without logging in."""
    link = _read_link(request, token)
    if isinstance(link, HttpResponse):
        return link
    form = PreferencesForm(
        request.POST or None, kinds=link.kinds, initial=effective_frequencies(link.user)
    )
    if request.method == "POST" and form.is_valid():
        preferences_save(user=link.user, frequencies=form.cleaned_data)
        messages.success(request, _("Your choice is saved."))
        return redirect("notifications:preference_link", token=token)
    return render(request, "notifications/preference_link.html", {"form": form, "token": token})


# Mail providers post here themselves (RFC 8058), with neither cookie nor CSRF token:
# the signed token is the proof.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe: a POST stops the e-mails of the token's kinds."""
    if request.method == "GET":
        # Someone who opens the address in a browser chooses on the usual page.
        return redirect("notifications:preference_link", token=token)
    link = _read_link(request, token, for_session=False)
    if isinstance(link, HttpResponse):
        return link
    preferences_save(user=link.user, frequencies={kind.key: Frequency.NEVER for kind in link.kinds})
    return render(request, "notifications/unsubscribed.html", {"link": link, "token": token})


@staff_required
@require_http_methods(["GET", "POST"])
def announce(request: HttpRequest) -> HttpResponse:
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            announcement_send(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The announcement is on its way to everyone who has an account.")
            )
            return redirect("notifications:announce")
    return render(request, "notifications/announce.html", {"form": form})
