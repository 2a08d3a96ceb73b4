"""Importing a network's member list from a spreadsheet.

:func:`import_preview` checks an uploaded file (see
:mod:`cordee.network.import_checks`) and keeps it with its preview in an
:class:`~cordee.network.models.ImportBatch`. :func:`import_start` queues
:func:`apply_import_batch`, which runs :func:`import_apply` in the worker: it
reads the stored file again, checks it again and writes it in one
transaction, all or nothing unless staff chose to import only the valid rows.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from cordee.accounts.models import User
from cordee.audit.services import audit_record
from cordee.network.access import WHOLE_NETWORK, Access
from cordee.network.import_checks import Check, OrganisationPlan, check_table, check_valid_rows
from cordee.network.models import (
    Affiliation,
    ImportBatch,
    Membership,
    Organisation,
    Territory,
)
from cordee.network.spreadsheets import MAX_BYTES, read_table

# Applying.


def _apply(check: Check, *, by: User) -> dict[str, int]:
    """Write a checked table that has no error; the caller holds the transaction."""
    counts: Counter[str] = Counter()
    organisations = _save_organisations(check.organisations, counts)
    users = _save_people(check.organisations, counts)
    new_affiliations = []
    new_memberships = []
    for plan in check.organisations:
        organisation = organisations[plan.siret]
        for person in plan.people:
            user = users[person.email]
            if person.affiliation is None:
                new_affiliations.append(
                    Affiliation(
                        person=user,
                        organisation=organisation,
                        job_title=person.job_title or "",
                        is_head=bool(person.is_head),
                    )
                )
                continue
            fields = []
            if person.job_title is not None and person.job_title != person.affiliation.job_title:
                person.affiliation.job_title = person.job_title
                fields.append("job_title")
            if person.is_head is not None and person.is_head != person.affiliation.is_head:
                person.affiliation.is_head = person.is_head
                fields.append("is_head")
            if fields:
                person.affiliation.save(update_fields=fields)
                counts["affiliations_updated"] += 1
        for membership in plan.memberships:
            if membership.existing is None:
                new_memberships.append(
                    Membership(organisation=organisation, year=membership.year, **membership.values)
                )
            elif membership.values:
                for key, value in membership.values.items():
                    setattr(membership.existing, key, value)
                membership.existing.save(update_fields=list(membership.values))
                counts["memberships_updated"] += 1
    Affiliation.objects.bulk_create(new_affiliations, batch_size=500)
    Membership.objects.bulk_create(new_memberships, batch_size=500)
    counts["affiliations_created"] = len(new_affiliations)
    counts["memberships_created"] = len(new_memberships)
    counts["rows"] = len(check.rows)
    return dict(counts)


def _save_organisations(
    plans: list[OrganisationPlan], counts: Counter[str]
) -> dict[str, Organisation]:
    saved: dict[str, Organisation] = {}
    new = [plan for plan in plans if plan.existing is None]
    slugs = _unique_slugs(new)
    created = []
    for plan in new:
        commune = plan.values["commune"]
        created.append(
            Organisation(
                siret=plan.siret,
                siren=plan.siret[:9],
                slug=slugs[plan.siret],
                # As Organisation.save() does: bulk_create does not call it.
                territory_id=commune.territory_id,
                **plan.values,
            )
        )
    for organisation in Organisation.objects.bulk_create(created, batch_size=500):
        saved[organisation.siret] = organisation
    counts["organisations_created"] = len(created)
    for plan in plans:
        if plan.existing is None:
            continue
        if plan.values:
            for key, value in plan.values.items():
                setattr(plan.existing, key, value)
            plan.existing.save()
            counts["organisations_updated"] += 1
        saved[plan.siret] = plan.existing
    return saved


def _unique_slugs(plans: list[OrganisationPlan]) -> dict[str, str]:
    """A short name for each new organisation: its name, else its name and SIRET."""
    candidates = {}
    for plan in plans:
        base = slugify(plan.values.get("trade_name") or plan.values["legal_name"])[:60]
        base = base.strip("-") or "organisation"
        candidates[plan.siret] = (base, f"{base}-{plan.siret[9:]}", f"{base}-{plan.siret}")
    wanted = [slug for options in candidates.values() for slug in options]
    taken = set(Organisation.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    slugs = {}
    for siret, options in candidates.items():
        # The last option holds the SIRET, unique in the network: it is always free.
        slug = next((option for option in options if option not in taken), options[-1])
        taken.add(slug)
        slugs[siret] = slug
    return slugs


def _save_people(plans: list[OrganisationPlan], counts: Counter[str]) -> dict[str, User]:
    """The person of each e-mail address; those who have no account get one.

    A new account has no password and an unverified address: the person
    comes in by "forgot your password", which proves the address is theirs.
    It exists at once so that the company heads named in the file receive
    what heads receive (the membership reminders, to begin with).
    """
    users: dict[str, User] = {}
    new: dict[str, User] = {}
    for plan in plans:
        for person in plan.people:
            if person.user is not None:
                users[person.email] = person.user
                if person.profile:
                    for key, value in person.profile.items():
                        setattr(person.user, key, value)
                    person.user.save(update_fields=list(person.profile))
                    counts["people_updated"] += 1
            elif person.email not in new:
                user = User(email=person.email, **person.profile)
                user.set_unusable_password()
                new[person.email] = user
    User.objects.bulk_create(new.values(), batch_size=500)
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=user, email=email, verified=False, primary=True)
            for email, user in new.items()
        ],
        batch_size=500,
    )
    counts["people_created"] = len(new)
    return {**users, **new}


# The services and the task.


def _home_territory(access: Access) -> Territory | None:
    """The one territory where ``access`` is staff; None for the whole network or several."""
    if WHOLE_NETWORK in access.staff_paths or len(access.staff_paths) != 1:
        return None
    return Territory.objects.filter(path=next(iter(access.staff_paths))).first()


def _report(check: Check, valid: Check) -> dict[str, Any]:
    table = check.table
    return {
        "kind": table.kind,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
        "ignored_headers": table.ignored_headers,
        "counts": {**check.counts(), "valid": len(valid.rows)},
        "rows": [row.as_dict() for row in check.rows],
    }


# Larger files are checked by the worker: reading a big workbook takes seconds.
CHECK_IN_REQUEST_MAX_BYTES = 256 * 1024


def import_preview(*, upload: UploadedFile, by: User, access: Access) -> ImportBatch:
    """Check an uploaded member list row by row and keep it, with its preview, for import.

    Nothing but the batch is written. A small file is checked at once, and
    ``ValidationError`` says when it cannot be read (not a spreadsheet, no
    header row...); a larger one is checked by the worker
    (:func:`check_import_batch`), and the batch's status and error say how.
    """
    if not access.is_staff:
        raise ValidationError(_("Only the network's staff may import member lists."))
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB: split it into several files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    content = upload.read()
    batch = ImportBatch(
        created_by=by,
        territory=_home_territory(access),
        original_name=(upload.name or "import")[:255],
        status=ImportBatch.Status.CHECKING,
    )
    if len(content) <= CHECK_IN_REQUEST_MAX_BYTES:
        _check_batch(batch, content, access)
    with transaction.atomic():
        batch.file.save(upload.name or "import.csv", ContentFile(content), save=False)
        batch.save()
    if batch.status == ImportBatch.Status.CHECKING:
        check_import_batch.enqueue(batch.pk, by.pk, translation.get_language() or "fr")
    return batch


def _check_batch(batch: ImportBatch, content: bytes, access: Access) -> None:
    table = read_table(content)
    check = check_table(table, access)
    valid = check_valid_rows(table, access) if check.error_rows else check
    batch.report = _report(check, valid)
    batch.status = ImportBatch.Status.PREVIEWED


@task()
def check_import_batch(batch_id: int, user_id: int, language: str) -> None:
    """Check an uploaded file in the worker; the batch's status tells the page how it went."""
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.CHECKING).first()
    if batch is None:
        return
    user = User.objects.get(pk=user_id)
    with translation.override(language):
        try:
            with batch.file.open("rb") as stored:
                _check_batch(batch, stored.read(), Access.for_user(user))
        except ValidationError as error:
            batch.status = ImportBatch.Status.FAILED
            batch.error = " ".join(error.messages)
        except Exception:
            batch.status = ImportBatch.Status.FAILED
            batch.error = _(
                "An unexpected error stopped the check of the file. Upload it again; if it "
                "happens again, tell the platform's administrators."
            )
            batch.save(update_fields=["status", "error"])
            raise
    batch.save(update_fields=["report", "status", "error"])


def import_apply(
    *, batch: ImportBatch, by: User, access: Access, valid_only: bool = False
) -> dict[str, int]:
    """Import a checked batch in one transaction; returns what was written.

    The stored file is read and checked again, so that the import follows
    the network as it is now, not as the preview saw it. With an error,
    nothing is written, unless ``valid_only``: then exactly the rows without
    error are. Raises ``ValidationError`` saying what to do otherwise.
    """
    if batch.status == ImportBatch.Status.DONE:
        raise ValidationError(_("This file has already been imported."))
    if not batch.file:
        raise ValidationError(_("The file of this import is gone: upload it again."))
    with batch.file.open("rb") as stored:
        table = read_table(stored.read())
    check = check_table(table, access)
    errors = check.error_rows
    if errors and not valid_only:
        batch.report = _report(check, check_valid_rows(table, access))
        batch.save(update_fields=["report"])
        raise ValidationError(
            ngettext(
                "%(count)s row has an error, so nothing was imported: correct the file and "
                "upload it again, or import only the valid rows.",
                "%(count)s rows have errors, so nothing was imported: correct the file and "
                "upload it again, or import only the valid rows.",
                len(errors),
            )
            % {"count": len(errors)}
        )
    if errors:
        check = check_valid_rows(table, access)
    if not check.rows:
        raise ValidationError(_("No row can be imported: correct the file and upload it again."))
    with transaction.atomic():
        counts = _apply(check, by=by)
        batch.status = ImportBatch.Status.DONE
        batch.valid_only = valid_only
        batch.applied_by = by
        batch.applied_at = timezone.now()
        batch.result = counts
        batch.error = ""
        stored_name = batch.file.name
        storage = batch.file.storage
        # The people's details are in the database now: no copy of the file is kept.
        batch.file = ""
        batch.save()
        transaction.on_commit(lambda: storage.delete(stored_name))
        audit_record(
            action="network.import_applied",
            actor=by,
            target=batch,
            details={"file": batch.original_name, "valid_only": valid_only, **counts},
        )
    return counts


@task()
def apply_import_batch(
    batch_id: int, user_id: int, valid_only: bool, language: str
) -> dict[str, int]:
    """Run :func:`import_apply` in the worker; the batch's status tells the page how it went."""
    if not ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.RUNNING
    ):
        return {}  # Another worker took it, or it was imported already.
    batch = ImportBatch.objects.get(pk=batch_id)
    user = User.objects.get(pk=user_id)
    with translation.override(language):
        try:
            return import_apply(
                batch=batch, by=user, access=Access.for_user(user), valid_only=valid_only
            )
        except ValidationError as error:
            # Back to the preview (refreshed by import_apply), with the reason.
            batch.status = ImportBatch.Status.PREVIEWED
            batch.error = " ".join(error.messages)
            batch.save(update_fields=["status", "error"])
            return {}
        except Exception:
            batch.status = ImportBatch.Status.FAILED
            batch.error = _(
                "An unexpected error stopped the import and nothing was written. Try again; "
                "if it happens again, tell the platform's administrators."
            )
            batch.save(update_fields=["status", "error"])
            raise


def import_start(*, batch: ImportBatch, by: User, valid_only: bool) -> None:
    """Queue the import of a previewed batch; refuse a file with errors unless ``valid_only``."""
    counts = batch.report.get("counts", {})
    if counts.get("error") and not valid_only:
        raise ValidationError(
            _(
                "The file has errors, so it cannot be imported as it is: correct it and upload "
                "it again, or import only the valid rows."
            )
        )
    if valid_only and not counts.get("valid"):
        raise ValidationError(_("No row can be imported: correct the file and upload it again."))
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEWED).update(
        status=ImportBatch.Status.QUEUED, error=""
    )
    if not claimed:
        raise ValidationError(_("This file is already being imported, or has been."))
    apply_import_batch.enqueue(batch.pk, by.pk, valid_only, translation.get_language() or "fr")


# Uploaded lists hold people's details: they are kept no longer than needed.
KEEP_IMPORTS_DAYS = 30


def import_batches_forget(*, now: datetime | None = None) -> int:
    """Delete the files and the rows of the imports older than :data:`KEEP_IMPORTS_DAYS`;
    their counts stay, for the record. Returns how many were cleared."""
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_IMPORTS_DAYS)
    old = ImportBatch.objects.filter(created_at__lt=cutoff).exclude(
        status__in=(ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)
    )
    cleared = 0
    for batch in old.iterator():
        if not batch.file and "rows" not in batch.report:
            continue
        if batch.file:
            batch.file.delete(save=False)
        batch.report = {key: value for key, value in batch.report.items() if key != "rows"}
        if batch.status in (ImportBatch.Status.CHECKING, ImportBatch.Status.PREVIEWED):
            batch.status = ImportBatch.Status.FAILED
            batch.error = _(
                "This file was not imported within %(days)s days and was deleted: upload it "
                "again to import it."
            ) % {"days": KEEP_IMPORTS_DAYS}
        batch.save(update_fields=["file", "report", "status", "error"])
        cleared += 1
    return cleared


@task()
def forget_old_imports() -> int:
    """The daily clean-up of old member list imports."""
    return import_batches_forget()
