"""Workflows of a co-written text: writing it, commenting and amending its paragraphs,
answering amendments (an accepted one makes a new version), freezing the final version
and putting it to a vote, recording the vote's outcome."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cordee.accounts.models import User
from cordee.audit.models import ACTION_LABELS
from cordee.audit.services import audit_record
from cordee.knowledge.markdown import render_markdown
from cordee.notifications.services import notify
from cordee.texts.blocks import MAX_PARAGRAPHS, apply_change, normalise, split_blocks
from cordee.texts.models import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    Paragraph,
    ParagraphComment,
    Text,
    TextStatus,
    TextVersion,
    VersionParagraph,
)
from cordee.texts.search import SOURCE, index_text
from cordee.voting.models import Method, Vote

AMENDMENT_PROPOSED = "texts.amendment_proposed"
AMENDMENT_ANSWERED = "texts.amendment_answered"

# The audit log's wording for what happens here (the audit app lets capabilities add theirs).
ACTION_LABELS.update(
    {
        "text.created": gettext_lazy("Started a co-written text"),
        "text.updated": gettext_lazy("Changed a co-written text's title, purpose or authors"),
        "text.amendment_accepted": gettext_lazy("Accepted an amendment to a text"),
        "text.amendment_rejected": gettext_lazy("Rejected an amendment to a text"),
        "text.frozen": gettext_lazy("Froze the final version of a text"),
        "text.reopened": gettext_lazy("Reopened a text to amendments"),
        "text.put_to_vote": gettext_lazy("Put a text to the vote"),
        "text.outcome_recorded": gettext_lazy("Recorded the outcome of a text's vote"),
    }
)


# Reading a version.


def version_blocks(version: TextVersion) -> list[VersionParagraph]:
    """The paragraphs of ``version``, in order, with their stable identity."""
    return list(version.blocks.select_related("paragraph").order_by("position"))


def current_state(text: Text, paragraph: Paragraph) -> VersionParagraph | None:
    """What ``paragraph`` says in the current version; None once deleted."""
    return VersionParagraph.objects.filter(
        version_id=text.current_version_id, paragraph=paragraph
    ).first()


# Writing a text.


def text_create(
    *,
    text: Text,
    markdown: str,
    by: User,
    coauthors: Iterable[User] = (),
    request: HttpRequest | None = None,
) -> Text:
    """Save a new text (its fields set on ``text``) with version 1 made of ``markdown``'s
    blocks; ``by`` and ``coauthors`` are its authors."""
    blocks = split_blocks(markdown)
    if not blocks:
        raise ValidationError(
            _("The text is empty: paste it, or upload a Markdown, DOCX or ODT file.")
        )
    if len(blocks) > MAX_PARAGRAPHS:
        raise ValidationError(
            _("The text has %(count)d paragraphs; at most %(max)d can be amended one by one.")
            % {"count": len(blocks), "max": MAX_PARAGRAPHS}
        )
    with transaction.atomic():
        text.created_by = by
        text.status = TextStatus.DRAFTING
        text.save()
        text.authors.add(by, *coauthors)
        version = TextVersion.objects.create(
            text=text, number=1, note=_("First version"), created_by=by
        )
        paragraphs = Paragraph.objects.bulk_create(Paragraph(text=text) for _block in blocks)
        VersionParagraph.objects.bulk_create(
            VersionParagraph(
                version=version,
                paragraph=paragraph,
                position=index,
                body=body,
                html=render_markdown(body),
            )
            for index, (paragraph, body) in enumerate(zip(paragraphs, blocks, strict=True))
        )
        text.current_version = version
        text.save(update_fields=["current_version"])
        audit_record(
            action="text.created",
            request=request,
            actor=by,
            target=text,
            details={"paragraphs": len(blocks)},
        )
        index_text(text)
    return text


def text_update(
    *,
    text: Text,
    title: str,
    summary: str,
    body: Any,
    add: Iterable[User] = (),
    remove: Iterable[User] = (),
    by: User,
    request: HttpRequest | None = None,
) -> Text:
    """Change what a text is called and for, its body and its authors (the wording itself
    changes only by amendments)."""
    with transaction.atomic():
        text = Text.objects.select_for_update().get(pk=text.pk)
        remaining = set(text.authors.values_list("pk", flat=True))
        remaining |= {person.pk for person in add}
        remaining -= {person.pk for person in remove}
        if not remaining:
            raise ValidationError(
                {"remove_authors": _("A text keeps at least one author: add one first.")}
            )
        text.title, text.summary, text.body = title, summary, body
        text.save(update_fields=["title", "summary", "body", "updated_at"])
        text.authors.add(*add)
        text.authors.remove(*remove)
        audit_record(
            action="text.updated",
            request=request,
            actor=by,
            target=text,
            details={
                "added": [person.email for person in add],
                "removed": [person.email for person in remove],
            },
        )
        index_text(text)
    return text


def _check_open(text: Text) -> None:
    if text.status != TextStatus.DRAFTING:
        raise ValidationError(
            _(
                "This text is no longer open to amendments and comments: its final version "
                "was frozen for the vote."
            )
        )


# Comments.


def comment_add(
    *, text: Text, paragraph: Paragraph, body: str, by: User, request: HttpRequest | None = None
) -> ParagraphComment:
    _check_open(text)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write your comment before sending it.")})
    if paragraph.text_id != text.pk or current_state(text, paragraph) is None:
        raise ValidationError(
            _("This paragraph is no longer in the text: it was deleted by an amendment.")
        )
    return ParagraphComment.objects.create(
        text=text,
        paragraph=paragraph,
        version_id=text.current_version_id,
        author=by,
        body=body,
    )


# Amendments.


def _superseded_message(text: Text, base: TextVersion) -> str:
    return _(
        "This paragraph has changed since version %(base)d, which you amended: the text is "
        "now at version %(current)d. Your proposal is kept below; compare it with the "
        "current wording and send it again."
    ) % {"base": base.number, "current": text.current_version.number}


def _check_wording(
    *, kind: str, proposed: str, justification: str, current: str
) -> tuple[str, str]:
    proposed, justification = normalise(proposed), justification.strip()
    errors: dict[str, str] = {}
    if kind not in AmendmentKind.values:
        errors["kind"] = _("Choose what the amendment does.")
    elif kind == AmendmentKind.DELETE:
        proposed = ""
    elif not proposed:
        errors["proposed"] = _("Write the text you propose.")
    elif kind == AmendmentKind.REPLACE and proposed == current:
        errors["proposed"] = _("The proposed text is the same as the current one: change it.")
    if not justification:
        errors["justification"] = _("Say why: the authors answer each amendment on its merits.")
    if errors:
        raise ValidationError(errors)
    return proposed, justification


def amendment_propose(
    *,
    text: Text,
    paragraph: Paragraph,
    kind: str,
    proposed: str,
    justification: str,
    base_version: TextVersion,
    by: User,
    request: HttpRequest | None = None,
) -> Amendment:
    """Propose an amendment to ``paragraph`` as it reads in ``base_version``.

    Refused when the paragraph has changed (or gone) since ``base_version``: the
    amendment would be applied to a wording its author has not read.
    """
    with transaction.atomic():
        text = Text.objects.select_for_update().get(pk=text.pk)
        _check_open(text)
        if paragraph.text_id != text.pk or base_version.text_id != text.pk:
            raise ValidationError(_("This paragraph is not part of this text."))
        current = current_state(text, paragraph)
        if current is None:
            raise ValidationError(
                _("This paragraph was deleted by an amendment since you read it.")
            )
        base = VersionParagraph.objects.filter(version=base_version, paragraph=paragraph).first()
        if base is None or base.body != current.body:
            raise ValidationError(_superseded_message(text, base_version))
        proposed, justification = _check_wording(
            kind=kind, proposed=proposed, justification=justification, current=current.body
        )
        amendment = Amendment.objects.create(
            text=text,
            paragraph=paragraph,
            kind=kind,
            base_version_id=text.current_version_id,
            base_body=current.body,
            proposed=proposed,
            justification=justification,
            author=by,
        )
        transaction.on_commit(lambda: _tell_authors(amendment, by))
    return amendment


def amendment_rebase(
    *,
    amendment: Amendment,
    proposed: str,
    justification: str,
    by: User,
    request: HttpRequest | None = None,
) -> Amendment:
    """The author of an outdated amendment rewrites it against the current wording; it
    waits for an answer again."""
    with transaction.atomic():
        text = Text.objects.select_for_update().get(pk=amendment.text_id)
        amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
        _check_open(text)
        if amendment.author_id != by.pk:
            raise ValidationError(_("Only the amendment's author can rewrite it."))
        if amendment.status != AmendmentStatus.OUTDATED:
            raise ValidationError(_("Only an outdated amendment is rewritten."))
        current = current_state(text, amendment.paragraph)
        if current is None:
            raise ValidationError(
                _("This paragraph was deleted by another amendment: propose a new paragraph.")
            )
        amendment.proposed, amendment.justification = _check_wording(
            kind=amendment.kind,
            proposed=proposed,
            justification=justification,
            current=current.body,
        )
        amendment.base_version_id = text.current_version_id
        amendment.base_body = current.body
        amendment.status = AmendmentStatus.PENDING
        amendment.save()
        transaction.on_commit(lambda: _tell_authors(amendment, by))
    return amendment


def amendment_withdraw(
    *, amendment: Amendment, by: User, request: HttpRequest | None = None
) -> Amendment:
    """The author takes back an amendment nobody has answered yet; it stays on record."""
    with transaction.atomic():
        amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
        if amendment.author_id != by.pk:
            raise ValidationError(_("Only the amendment's author can withdraw it."))
        if amendment.status not in (AmendmentStatus.PENDING, AmendmentStatus.OUTDATED):
            raise ValidationError(
                _("This amendment was already answered (%(status)s): it stays as it is.")
                % {"status": amendment.get_status_display()}
            )
        amendment.status = AmendmentStatus.WITHDRAWN
        amendment.save(update_fields=["status"])
    return amendment


def amendment_is_outdated(amendment: Amendment, current: VersionParagraph | None) -> bool:
    """The paragraph changed or went since the amendment was written (an insertion only
    needs the paragraph it follows to be there)."""
    if current is None:
        return True
    if amendment.kind == AmendmentKind.INSERT:
        return False
    return current.body != amendment.base_body


def amendment_answer(
    *,
    amendment: Amendment,
    accept: bool,
    answer: str,
    by: User,
    request: HttpRequest | None = None,
) -> TextVersion | None:
    """Accept (a new version is made) or reject an amendment, with an answer for its author.

    An amendment whose paragraph has changed since is not applied: it is marked
    outdated, for its author to rewrite, and ``ValidationError`` says so.
    """
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write an answer: its author will read it.")})
    outdated = False
    with transaction.atomic():
        text = Text.objects.select_for_update().get(pk=amendment.text_id)
        amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
        _check_open(text)
        if amendment.status != AmendmentStatus.PENDING:
            raise ValidationError(
                _("This amendment was already answered (%(status)s).")
                % {"status": amendment.get_status_display()}
            )
        if accept and amendment.is_hidden:
            raise ValidationError(
                _("The moderators hid this amendment: it can be rejected, not accepted.")
            )
        version = None
        if accept and amendment_is_outdated(amendment, current_state(text, amendment.paragraph)):
            amendment.status = AmendmentStatus.OUTDATED
            amendment.save(update_fields=["status"])
            outdated = True
        else:
            if accept:
                version = _apply(text, amendment, by)
            amendment.status = AmendmentStatus.ACCEPTED if accept else AmendmentStatus.REJECTED
            amendment.answer = answer
            amendment.answered_by = by
            amendment.answered_at = timezone.now()
            amendment.result_version = version
            amendment.save()
            audit_record(
                action="text.amendment_accepted" if accept else "text.amendment_rejected",
                request=request,
                actor=by,
                target=text,
                details={"amendment": str(amendment.public_id)},
            )
            transaction.on_commit(lambda: _tell_author(amendment))
    if outdated:
        raise ValidationError(
            _(
                "This paragraph has changed since the amendment was written: it was not "
                "applied, and is marked outdated so that its author can rewrite it against "
                "the current wording."
            )
        )
    return version


def _apply(text: Text, amendment: Amendment, by: User) -> TextVersion:
    """Make the version that ``amendment`` produces; amendments it overtakes are outdated."""
    previous = text.current_version
    states = version_blocks(previous)
    blocks = [(state.paragraph_id, state.body) for state in states]
    rendered = {state.paragraph_id: (state.body, state.html) for state in states}
    new_paragraph = None
    if amendment.kind == AmendmentKind.INSERT:
        new_paragraph = Paragraph.objects.create(text=text)
    changed = apply_change(
        blocks,
        kind=amendment.kind,  # type: ignore[arg-type]
        anchor=amendment.paragraph_id,
        proposed=amendment.proposed,
        new_key=new_paragraph.pk if new_paragraph else None,
    )
    version = TextVersion.objects.create(
        text=text,
        number=previous.number + 1,
        note=_("Amendment accepted: %(kind)s") % {"kind": amendment.get_kind_display()},
        amendment=amendment,
        created_by=by,
    )

    def html(key: Any, body: str) -> str:
        kept_body, kept_html = rendered.get(key, ("", ""))
        return kept_html if kept_body == body and kept_html else render_markdown(body)

    VersionParagraph.objects.bulk_create(
        VersionParagraph(
            version=version, paragraph_id=key, position=index, body=body, html=html(key, body)
        )
        for index, (key, body) in enumerate(changed)
    )
    text.current_version = version
    text.save(update_fields=["current_version", "updated_at"])
    index_text(text)
    if amendment.kind != AmendmentKind.INSERT:
        overtaken = Amendment.objects.filter(
            paragraph_id=amendment.paragraph_id, status=AmendmentStatus.PENDING
        ).exclude(pk=amendment.pk)
        if amendment.kind == AmendmentKind.REPLACE:
            overtaken = overtaken.exclude(kind=AmendmentKind.INSERT)
        outdated = list(overtaken.select_related("text"))
        overtaken.update(status=AmendmentStatus.OUTDATED)
        transaction.on_commit(lambda: _tell_outdated(outdated))
    return version


# Notices.


def _tell_authors(amendment: Amendment, by: User) -> None:
    text = amendment.text
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=text.authors.all(),
            kind=AMENDMENT_PROPOSED,
            title=_("New amendment to “%(title)s”") % {"title": text.title},
            body=amendment.justification[:500],
            url=amendment.get_absolute_url(),
            exclude=[by],
        )


def _tell_author(amendment: Amendment) -> None:
    if amendment.author_id is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=[amendment.author],
            kind=AMENDMENT_ANSWERED,
            title=(
                _("Your amendment to “%(title)s” is accepted")
                if amendment.status == AmendmentStatus.ACCEPTED
                else _("Your amendment to “%(title)s” is rejected")
            )
            % {"title": amendment.text.title},
            body=amendment.answer[:500],
            url=amendment.get_absolute_url(),
            exclude=[amendment.answered_by] if amendment.answered_by else None,
        )


def _tell_outdated(amendments: list[Amendment]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        for amendment in amendments:
            if amendment.author_id is None:
                continue
            notify(
                recipients=User.objects.filter(pk=amendment.author_id),
                kind=AMENDMENT_ANSWERED,
                title=_("Your amendment to “%(title)s” is outdated")
                % {"title": amendment.text.title},
                body=_(
                    "Another amendment to the same paragraph was accepted first. Rewrite "
                    "yours against the new wording, and it will be answered."
                ),
                url=amendment.get_absolute_url(),
            )


# The final version and its vote.


def text_freeze(*, text: Text, by: User, request: HttpRequest | None = None) -> Text:
    """The current version becomes the final one: no more amendments or comments."""
    with transaction.atomic():
        text = Text.objects.select_for_update().get(pk=text.pk)
        _check_open(text)
        pending = text.amendments.filter(status=AmendmentStatus.PENDING).count()
        if pending:
            raise ValidationError(
                ngettext(
                    "%(count)d amendment is waiting for an answer: answer it before freezing "
                    "the final version.",
                    "%(count)d amendments are waiting for an answer: answer them before "
                    "freezing the final version.",
                    pending,
                )
                % {"count": pending}
            )
        text.status = TextStatus.FROZEN
        text.frozen_at = timezone.now()
        text.save(update_fields=["status", "frozen_at", "updated_at"])
        audit_record(
            action="text.frozen",
            request=request,
            actor=by,
            target=text,
            details={"version": text.current_version.number},
        )
    return text


def text_reopen(*, text: Text, by: User, request: HttpRequest | None = None) -> Text:
    """Back to amendments, as long as no vote was prepared."""
    with transaction.atomic():
        text = Text.objects.select_for_update().get(pk=text.pk)
        if text.status != TextStatus.FROZEN:
            raise ValidationError(_("Only a frozen text can be reopened to amendments."))
        if text.vote_id is not None:
            raise ValidationError(
                _("A vote on this text is prepared: the version voted on cannot change.")
            )
        text.status = TextStatus.DRAFTING
        text.frozen_at = None
        text.save(update_fields=["status", "frozen_at", "updated_at"])
        audit_record(action="text.reopened", request=request, actor=by, target=text)
    return text


def text_put_to_vote(
    *, text: Text, vote: Vote, by: User, request: HttpRequest | None = None
) -> Vote:
    """Create and publish a yes / no vote (its settings on ``vote``) on the frozen version."""
    from cordee.voting.services import vote_open, vote_save

    with transaction.atomic():
        text = Text.objects.select_for_update().get(pk=text.pk)
        if text.status != TextStatus.FROZEN:
            raise ValidationError(_("Freeze the final version before putting it to the vote."))
        if text.vote_id is not None:
            raise ValidationError(_("This text is already put to a vote."))
        vote.method = Method.YES_NO
        vote.title = (
            _("Adopt “%(title)s” (version %(number)d)")
            % {"title": text.title, "number": text.current_version.number}
        )[:200]
        if text.scope_territory_id and vote.territory_id is None:
            vote.territory_id = text.scope_territory_id
        vote_save(vote=vote, options=[], by=by, request=request)
        vote_open(vote=vote, by=by, request=request)
        vote.refresh_from_db()
        text.vote = vote
        text.save(update_fields=["vote", "updated_at"])
        audit_record(
            action="text.put_to_vote",
            request=request,
            actor=by,
            target=text,
            details={"vote": str(vote.public_id), "version": text.current_version.number},
        )
    return vote


def vote_outcome(vote: Vote) -> dict[str, Any] | None:
    """Whether the vote adopted the text, once its results are published; else None."""
    if vote.results_published_at is None:
        return None
    from cordee.voting.results import vote_results

    results = vote_results(vote)
    counted = results.total.details.get("result")
    passed = bool(counted and counted.passed)
    return {
        "adopted": passed and results.turnout.quorum_reached,
        "quorum_reached": results.turnout.quorum_reached,
        "counts": results.total.details.get("counts", {}),
        "result": counted,
        "turnout": results.turnout,
    }


def text_record_outcome(*, text: Text) -> bool:
    """Record whether the vote adopted the text (once its results are out). True if recorded."""
    with transaction.atomic():
        text = Text.objects.select_for_update(of=("self",)).select_related("vote").get(pk=text.pk)
        if text.status != TextStatus.FROZEN or text.vote is None:
            return False
        outcome = vote_outcome(text.vote)
        if outcome is None:
            return False
        ended: datetime = text.vote.ended_at
        if outcome["adopted"]:
            text.status = TextStatus.ADOPTED
            text.adopted_on = timezone.localdate(ended)
        else:
            text.status = TextStatus.NOT_ADOPTED
        text.save(update_fields=["status", "adopted_on", "updated_at"])
        index_text(text)
        audit_record(action="text.outcome_recorded", target=text, details={"status": text.status})
    return True


def texts_record_outcomes() -> int:
    """Record the outcome of every frozen text whose vote has published its results."""
    due: QuerySet[Text] = Text.objects.filter(
        status=TextStatus.FROZEN, vote__results_published_at__isnull=False
    )
    return sum(text_record_outcome(text=text) for text in due)


# Personal data.


def export_texts(user: User) -> dict[str, Any]:
    """What a person wrote in the co-written texts, for their data export."""
    return {
        "texts_authored": [
            {"title": text.title, "url": text.get_absolute_url()}
            for text in Text.objects.filter(authors=user).order_by("created_at")
        ],
        "amendments": [
            {
                "text": amendment.text.title,
                "kind": amendment.kind,
                "proposed": amendment.proposed,
                "justification": amendment.justification,
                "status": amendment.status,
                "answer": amendment.answer,
                "created_at": amendment.created_at.isoformat(),
            }
            for amendment in Amendment.objects.filter(author=user).select_related("text")
        ],
        "comments": [
            {
                "text": comment.text.title,
                "body": comment.body,
                "created_at": comment.created_at.isoformat(),
            }
            for comment in ParagraphComment.objects.filter(author=user).select_related("text")
        ],
    }


def erase_texts(user: User) -> None:
    """Amendments and comments stay, as contributions to the texts: they name the erased
    account, shown as "Former member". A private text nobody else wrote goes."""
    solo_private = Text.objects.filter(authors=user, scope="private").exclude(
        authors__in=User.objects.exclude(pk=user.pk)
    )
    from cordee.knowledge.search import unindex_object

    for text in solo_private:
        unindex_object(SOURCE, text.pk)
        text.current_version = None
        text.save(update_fields=["current_version"])
        text.delete()
