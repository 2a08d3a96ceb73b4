"""The directory, the public showcase and the organisation pages."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from cordee.accounts.models import Invitation
from cordee.network.access import get_access
from cordee.network.forms import (
    AffiliationForm,
    ColleagueInviteForm,
    OrganisationFilterForm,
    OrganisationForm,
    PeopleFilterForm,
)
from cordee.network.models import Affiliation, Organisation
from cordee.network.selectors import (
    directory_organisations,
    directory_people,
    filter_organisations,
    latest_membership,
    organisation_people,
    with_contacts,
)
from cordee.network.services import (
    affiliation_end,
    affiliation_update,
    colleague_invite,
    organisation_update,
)

PAGE_SIZE = 24


def _partial(request: HttpRequest) -> bool:
    """htmx asks for the results only, except when it rebuilds a page from history."""
    htmx: HtmxDetails = request.htmx  # type: ignore[attr-defined]
    return bool(htmx) and not htmx.history_restore_request


def _valid_filters(form: forms.Form) -> dict[str, Any]:
    """The filters of a bound form that are valid: the others are reported on the form and
    left out, so that one bad value in an address does not empty the page."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


def _active_filters(request: HttpRequest, form: forms.Form) -> int:
    """How many filters besides the search box are in use: their fold stays open then."""
    return sum(1 for name in form.fields if name != "q" and request.GET.get(name))


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# The directory and the showcase


def _organisation_list(request: HttpRequest, *, public: bool, template: str) -> HttpResponse:
    access = get_access(request)
    organisations = directory_organisations(access=access, public=public)
    form = OrganisationFilterForm(
        request.GET or None, access=access, public=public, organisations=organisations
    )
    organisations = filter_organisations(organisations, _valid_filters(form))
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "active_filters": _active_filters(request, form),
        "public": public,
    }
    if _partial(request):
        return render(request, "network/_organisation_results.html", context)
    return render(request, template, context)


@vary_on_headers("HX-Request")
def directory(request: HttpRequest) -> HttpResponse:
    # Members and staff see every organisation; everyone else, the showcase.
    public = not get_access(request).sees_member_content
    return _organisation_list(request, public=public, template="network/directory.html")


@vary_on_headers("HX-Request")
def showcase(request: HttpRequest) -> HttpResponse:
    return _organisation_list(request, public=True, template="network/showcase.html")


@login_required
@vary_on_headers("HX-Request")
def people(request: HttpRequest) -> HttpResponse:
    if not get_access(request).sees_member_content:
        raise PermissionDenied
    form = PeopleFilterForm(request.GET or None)
    people = directory_people(_valid_filters(form))
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_contacts(list(page.object_list))
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "active_filters": _active_filters(request, form),
    }
    if _partial(request):
        return render(request, "network/_people_results.html", context)
    return render(request, "network/people.html", context)


# An organisation's page


@login_required
def my_organisation(request: HttpRequest) -> HttpResponse:
    organisations = list(
        Organisation.objects.filter(pk__in=get_access(request).organisation_ids).select_related(
            "commune"
        )
    )
    if not organisations:
        raise Http404
    if len(organisations) == 1:
        return redirect(organisations[0])
    return render(request, "network/my_organisations.html", {"organisations": organisations})


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_access(request)
    organisation = get_object_or_404(
        Organisation.objects.visible_to(access)
        .select_related("commune", "territory")
        .prefetch_related("activities", "certifications"),
        slug=slug,
    )
    is_own = organisation.pk in access.organisation_ids
    # The showcase shows what the organisation agreed to make public; the
    # network's members and its own people see the whole page.
    full = access.sees_member_content or is_own
    people = list(organisation_people(organisation)) if full else []
    if not (is_own or access.can_manage_organisation(organisation)):
        # People who left the directory are named only to their own company and staff.
        people = [
            affiliation
            for affiliation in people
            if affiliation.person.listed_in_directory or affiliation.person_id == access.user_id
        ]
    with_contacts([affiliation.person for affiliation in people])
    sees_membership = is_own or access.is_staff_for(organisation.territory)
    membership = latest_membership(organisation) if sees_membership else None
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "full": full,
            "people": people,
            "sees_membership": sees_membership,
            "membership": membership,
            "membership_is_current": membership is not None
            and membership.ends_on >= timezone.localdate(),
            "can_manage": access.can_manage_organisation(organisation),
        },
    )


def organisation_logo(request: HttpRequest, slug: str) -> FileResponse:
    organisation = get_object_or_404(
        Organisation.objects.visible_to(get_access(request)), slug=slug
    )
    if not organisation.logo:
        raise Http404
    try:
        logo = organisation.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(logo)
    # Pages add the last change to the address, so a new logo shows at once.
    response["Cache-Control"] = "private, max-age=86400"
    return response


# Managing an organisation: its company heads and the staff over its territory


def _managed_organisation(request: HttpRequest, slug: str) -> Organisation:
    """The organisation, if the person may manage it: 404 when they cannot see it, 403 when
    they see it but it is not theirs to manage."""
    access = get_access(request)
    organisation = get_object_or_404(
        Organisation.objects.visible_to(access).select_related("commune", "territory"),
        slug=slug,
    )
    if not access.can_manage_organisation(organisation):
        raise PermissionDenied
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    # Read before the form changes the instance: the page keeps its saved name.
    name = organisation.name
    form = OrganisationForm(
        request.POST or None,
        request.FILES or None,
        instance=organisation,
        can_change_identity=get_access(request).is_staff_for(organisation.territory),
    )
    if request.method == "POST" and form.is_valid():
        organisation = organisation_update(request=request, form=form)
        messages.success(request, _("The page of %(name)s is saved.") % {"name": organisation})
        return redirect(organisation)
    return render(
        request,
        "network/organisation_edit.html",
        {"organisation": organisation, "name": name, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_people_manage(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    form = ColleagueInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = colleague_invite(
                request=request, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            if isinstance(added, Invitation):
                message = _(
                    "Invitation sent to %(email)s: they will join %(organisation)s "
                    "when they create their account."
                ) % {"email": added.email, "organisation": organisation}
            else:
                message = _("%(name)s is now one of the people of %(organisation)s.") % {
                    "name": added.person.display_name,
                    "organisation": organisation,
                }
            messages.success(request, message)
            return redirect("network:organisation_people", organisation.slug)
    return render(
        request,
        "network/organisation_people.html",
        {
            "organisation": organisation,
            "people": organisation_people(organisation),
            "invitations": organisation.invitations.pending().select_related("invited_by"),
            "form": form,
        },
    )


def _affiliation(organisation: Organisation, person: UUID) -> Affiliation:
    return get_object_or_404(organisation_people(organisation), person__public_id=person)


@login_required
@require_http_methods(["GET", "POST"])
def affiliation_edit(request: HttpRequest, slug: str, person: UUID) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    affiliation = _affiliation(organisation, person)
    form = AffiliationForm(
        request.POST or None,
        initial={"job_title": affiliation.job_title, "is_head": affiliation.is_head},
    )
    if request.method == "POST" and form.is_valid():
        try:
            affiliation_update(request=request, affiliation=affiliation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(name)s: saved.") % {"name": affiliation.person.display_name}
            )
            return redirect("network:organisation_people", organisation.slug)
    return render(
        request,
        "network/affiliation_edit.html",
        {"organisation": organisation, "affiliation": affiliation, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def affiliation_end_confirm(request: HttpRequest, slug: str, person: UUID) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    affiliation = _affiliation(organisation, person)
    error = None
    if request.method == "POST":
        try:
            affiliation_end(request=request, affiliation=affiliation)
        except ValidationError as exception:
            error = exception.messages[0]
        else:
            messages.success(
                request,
                _("%(name)s no longer appears among the people of %(organisation)s.")
                % {"name": affiliation.person.display_name, "organisation": organisation},
            )
            if affiliation.person == request.user:
                # Their rights over the organisation may have left with them.
                return redirect("home")
            return redirect("network:organisation_people", organisation.slug)
    return render(
        request,
        "network/affiliation_end.html",
        {"organisation": organisation, "affiliation": affiliation, "error": error},
    )
