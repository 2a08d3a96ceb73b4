"""Votes for the people who vote: the list, a vote and its ballot, receipts, results."""

from __future__ import annotations

import csv
import json
import typing
from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from cordee.accounts.models import User
from cordee.network.access import get_access
from cordee.voting.forms import YES_NO_CHOICES, BallotForm, ReceiptForm
from cordee.voting.models import Elector, ElectorateKind, Participation, Status, Vote
from cordee.voting.results import anonymised_ballots, vote_results
from cordee.voting.services import ballot_cast, ballot_check, electors_for

RECEIPT_COOKIE = "receipt-"
RECEIPT_DAYS = 90


def get_vote(request: HttpRequest, public_id: UUID, *, manage: bool = False) -> Vote:
    """The vote if the person may see it (else 404); ``manage``: staff over it (else 403)."""
    access = get_access(request)
    vote = get_object_or_404(
        Vote.objects.visible_to(access).select_related("territory"), public_id=public_id
    )
    if manage and not Vote.objects.managed_by(access).filter(pk=vote.pk).exists():
        raise PermissionDenied
    return vote


def voter(request: HttpRequest) -> User:
    """The logged-in person (views that call this are behind ``login_required``)."""
    return typing.cast(User, request.user)


def _can_manage(request: HttpRequest, vote: Vote) -> bool:
    return Vote.objects.managed_by(get_access(request)).filter(pk=vote.pk).exists()


def _receipt_tokens(request: HttpRequest) -> dict[str, str]:
    """elector public id → receipt token, from this browser's cookies (never the session)."""
    return {
        name.removeprefix(RECEIPT_COOKIE): value
        for name, value in request.COOKIES.items()
        if name.startswith(RECEIPT_COOKIE)
    }


@login_required
@require_GET
def vote_list(request: HttpRequest) -> HttpResponse:
    votes = list(
        Vote.objects.visible_to(get_access(request))
        .select_related("territory")
        .order_by("closes_at")
    )
    now = timezone.now()
    groups: dict[Status, list[Vote]] = {status: [] for status in Status}
    for vote in votes:
        groups[vote.status_at(now)].append(vote)
    groups[Status.CLOSED].reverse()  # the latest results first
    return render(request, "voting/vote_list.html", {"groups": groups})


def _detail_context(request: HttpRequest, vote: Vote, form: BallotForm | None = None) -> dict:
    access = get_access(request)
    electors = electors_for(vote, access) if vote.opened_at else []
    voted = {
        p.elector_id: p for p in Participation.objects.filter(elector__in=[e.pk for e in electors])
    }
    tokens = _receipt_tokens(request)
    if form is None and electors and vote.is_open:
        initial = {}
        remembered = [tokens[str(e.public_id)] for e in electors if str(e.public_id) in tokens]
        if len(electors) == 1 and remembered:
            initial["receipt"] = remembered[0]
        form = BallotForm(vote=vote, electors=electors, initial=initial)
    return {
        "vote": vote,
        "status": vote.status,
        "form": form,
        "electors": [(e, voted.get(e.pk)) for e in electors],
        "all_voted": bool(electors) and len(voted) == len(electors),
        "can_manage": _can_manage(request, vote),
        "receipt_form": ReceiptForm(),
        "has_receipt": bool(tokens),
        "head_organisations": [
            e.organisation
            for e in Elector.objects.filter(
                vote=vote, organisation_id__in=access.head_of_ids
            ).select_related("organisation")
        ]
        if access.head_of_ids and vote.electorate == ElectorateKind.ORGANISATIONS
        else [],
    }


@login_required
@require_GET
def vote_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    vote = get_vote(request, public_id)
    return render(request, "voting/vote_detail.html", _detail_context(request, vote))


# Error reports never carry a ballot or a receipt: every posted value is hidden.
@sensitive_post_parameters()
@never_cache
@login_required
@require_POST
def cast(request: HttpRequest, public_id: UUID) -> HttpResponse:
    vote = get_vote(request, public_id)
    access = get_access(request)
    electors = electors_for(vote, access)
    if not electors:
        raise PermissionDenied
    form = BallotForm(request.POST, vote=vote, electors=electors)
    if form.is_valid():
        elector = form.elector
        try:
            token = ballot_cast(
                vote=vote,
                elector=elector,
                choices=form.choices(),
                by=voter(request),
                access=access,
                # Pasted, or kept by this browser for this elector.
                token=form.cleaned_data["receipt"].strip()
                or _receipt_tokens(request).get(str(elector.public_id), ""),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            response = render(
                request,
                "voting/cast_done.html",
                {"vote": vote, "elector": elector, "token": token, "form": form},
            )
            response.set_cookie(
                RECEIPT_COOKIE + str(elector.public_id),
                token,
                max_age=RECEIPT_DAYS * 24 * 3600,
                path=vote.get_absolute_url(),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Strict",
            )
            return response
    context = _detail_context(request, vote, form=form)
    return render(request, "voting/vote_detail.html", context, status=400)


@sensitive_post_parameters()
@never_cache
@vary_on_headers("HX-Request")
@login_required
@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Check a receipt: pasted in the form, or the ones this browser kept."""
    vote = get_vote(request, public_id)
    form = ReceiptForm(request.POST or None)
    tokens: list[str] = []
    if request.method == "POST":
        if request.POST.get("from_browser"):
            form = ReceiptForm()
            tokens = list(_receipt_tokens(request).values())
        elif form.is_valid():
            tokens = [form.cleaned_data["token"]]
    checked = [(token, ballot_check(vote=vote, token=token)) for token in tokens]
    found = [
        (vote.receipt_hash(token.strip()), _readable(vote, ballot.choices))
        for token, ballot in checked
        if ballot
    ]
    # htmx replaces only the answer; without JavaScript, the whole page comes back.
    partial = request.method == "POST" and bool(getattr(request, "htmx", False))
    return render(
        request,
        "voting/_receipt_result.html" if partial else "voting/receipt.html",
        {
            "vote": vote,
            "form": form,
            "checked": bool(tokens),
            "found": found,
            "missing": sum(1 for _, ballot in checked if ballot is None),
            "has_receipt": bool(_receipt_tokens(request)),
        },
    )


def _readable(vote: Vote, choices: dict) -> list[tuple[str, str]]:
    """A ballot's content as (option, choice) lines, for its voter only."""
    options = {str(o.pk): o.label for o in vote.option_list}
    grades = vote.grades
    if "grades" in choices:
        return [(label, grades[choices["grades"].get(pk, 0)]) for pk, label in options.items()]
    if "ranks" in choices:
        return [(label, str(choices["ranks"].get(pk, "–"))) for pk, label in options.items()]
    if "answer" in choices:
        return [(vote.title, str(dict(YES_NO_CHOICES).get(choices["answer"], "")))]
    if "option" in choices:
        return [(options.get(choices["option"], ""), "✓")]
    if "options" in choices:
        return [(options[pk], "✓") for pk in choices["options"] if pk in options]
    objection = choices.get("objection", "")
    return [(vote.title, objection or gettext("I consent"))]


def _closed_vote(request: HttpRequest, public_id: UUID) -> Vote:
    vote = get_vote(request, public_id)
    if not vote.is_closed:
        raise Http404("The results are published once the vote closes.")
    return vote


@login_required
@require_GET
def receipts(request: HttpRequest, public_id: UUID) -> HttpResponse:
    vote = _closed_vote(request, public_id)
    hashes = list(vote.ballots.order_by("receipt_hash").values_list("receipt_hash", flat=True))
    return render(request, "voting/receipts.html", {"vote": vote, "hashes": hashes})


@login_required
@require_GET
def results(request: HttpRequest, public_id: UUID) -> HttpResponse:
    vote = _closed_vote(request, public_id)
    context = {"vote": vote, "results": vote_results(vote)}
    if not vote.secret:
        public_ballots = (
            Participation.objects.filter(elector__vote=vote, public_ballot__isnull=False)
            .select_related("elector__organisation", "elector__person", "public_ballot")
            .order_by("elector__organisation__legal_name", "elector__person__last_name")
        )
        context["readable"] = [
            (str(p.elector), _readable(vote, p.public_ballot.choices))
            for p in public_ballots
            if p.public_ballot is not None
        ]
    return render(request, "voting/results.html", context)


@login_required
@require_GET
def export(request: HttpRequest, public_id: UUID, file_format: str) -> HttpResponse:
    vote = _closed_vote(request, public_id)
    if file_format not in ("csv", "json"):
        raise Http404("The ballots are exported as CSV or JSON.")
    rows = anonymised_ballots(vote)
    name = f"ballots-{vote.public_id}"
    if file_format == "json":
        response = HttpResponse(
            json.dumps(
                {
                    "vote": vote.title,
                    "method": vote.method,
                    "options": [o.label for o in vote.option_list],
                    "grades_lowest_first": vote.grades if vote.method == "judgment" else None,
                    "ballots": rows,
                },
                ensure_ascii=False,
                indent=1,
            ),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    options = [o.label for o in vote.option_list]
    writer = csv.writer(response)
    per_option = vote.method in ("judgment", "ranked")
    writer.writerow(["weight", "territory", *(options if per_option else ["ballot"])])
    for row in rows:
        ballot = row["ballot"]
        if per_option:
            cells = [ballot.get(option, "") for option in options]
        elif isinstance(ballot, list):
            cells = [" | ".join(ballot)]
        elif isinstance(ballot, dict):
            cells = [ballot.get("objection", "")]
        else:
            cells = [ballot]
        # A leading = + - @ would be a formula in a spreadsheet: quote it.
        cells = ["'" + c if isinstance(c, str) and c[:1] in "=+-@" else c for c in cells]
        writer.writerow([row["weight"], row["territory"], *cells])
    return response
