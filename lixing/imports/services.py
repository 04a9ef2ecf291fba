"""The import flow: upload → check (preview) → confirm → apply, all or nothing.

Small files are checked and applied within the request; larger ones run on the task
queue (django-tasks) and the page follows a progress bar.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lixing.accounts.audit import audit
from lixing.common.uploads import SHEET_TYPES, validate_upload
from lixing.orgs.models import Organization

from . import progress
from .models import ImportJob, JobStatus
from .registry import Outcome, RowError, get_importer
from .sheets import SheetError, read_rows

logger = logging.getLogger(__name__)

# Files up to this size are handled inside the request; bigger ones go to the task queue.
INLINE_MAX_BYTES = 64 * 1024
MAX_STORED_ERRORS = 1000
PROGRESS_EVERY = 500


def _save_outcome(job: ImportJob, outcome: Outcome) -> None:
    job.to_create, job.to_update, job.to_skip = outcome.create, outcome.update, outcome.skip
    job.error_count = len(outcome.errors)
    job.errors = [[e.row, e.column, e.message] for e in outcome.errors[:MAX_STORED_ERRORS]]


def _progress_cb(job: ImportJob, *, direct: bool) -> Any:
    def cb(done: int) -> None:
        if done % PROGRESS_EVERY:
            return
        if direct:
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)
        else:
            progress.report(job.pk, done)

    return cb


def import_start(
    *, actor: Any, kind: str, org: Organization, upload: UploadedFile, options: dict[str, Any] | None = None
) -> ImportJob:
    """Store the upload and start checking it. Writes nothing but the job."""
    importer = get_importer(kind)
    options = options or {}
    importer.check_access(actor=actor, org=org, options=options)
    validate_upload(upload, allowed=SHEET_TYPES)
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind, org=org, actor=actor if getattr(actor, "is_authenticated", False) else None,
            file=upload, original_name=(upload.name or "upload.xlsx")[:200], options=options,
        )  # fmt: skip
    if (upload.size or 0) <= INLINE_MAX_BYTES:
        import_check(job_id=job.pk)
    else:
        from .tasks import check_task

        transaction.on_commit(lambda: check_task.enqueue(job.pk))
    job.refresh_from_db()
    return job


def import_check(*, job_id: int) -> ImportJob:
    """Parse and validate every row; record counts and errors. Idempotent."""
    job = ImportJob.objects.select_related("org", "actor").get(pk=job_id)
    importer = get_importer(job.kind)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.CHECKING, processed_rows=0)
    try:
        with job.file.open("rb") as fh:
            total, rows = read_rows(fh, importer.columns)
            ImportJob.objects.filter(pk=job.pk).update(total_rows=total)
            outcome = importer.check(
                actor=job.actor or _system(), org=job.org, rows=rows, options=job.options,
                progress=_progress_cb(job, direct=True),
            )  # fmt: skip
    except SheetError as exc:
        outcome = Outcome(errors=[RowError(0, "", str(exc))])
        total = 0
    job.refresh_from_db()
    job.total_rows = total
    job.processed_rows = total
    _save_outcome(job, outcome)
    job.status = JobStatus.CHECKED
    job.save()
    return job


def _system() -> Any:
    from lixing.orgs.access import SYSTEM

    return SYSTEM


def import_confirm(*, actor: Any, job: ImportJob) -> ImportJob:
    """Confirm a checked job; apply it inline (small) or on the queue (large)."""
    if job.status != JobStatus.CHECKED:
        raise ValidationError(_("This import is not waiting for confirmation."))
    if job.error_count:
        raise ValidationError(_("Correct the rows with errors and upload the file again."))
    importer = get_importer(job.kind)
    importer.check_access(actor=actor, org=job.org, options=job.options)
    # Claim it exactly once (a double click, two tabs): only one request moves it on.
    claimed = ImportJob.objects.filter(pk=job.pk, status=JobStatus.CHECKED).update(
        status=JobStatus.APPLYING, processed_rows=0
    )
    if not claimed:
        raise ValidationError(_("This import has already been confirmed."))
    if job.file.size <= INLINE_MAX_BYTES:
        import_apply(job_id=job.pk)
    else:
        from .tasks import apply_task

        transaction.on_commit(lambda: apply_task.enqueue(job.pk))
    job.refresh_from_db()
    return job


def import_apply(*, job_id: int) -> ImportJob:
    """Write every row in one transaction; on any error, nothing is written."""
    job = ImportJob.objects.select_related("org", "actor").get(pk=job_id)
    importer = get_importer(job.kind)
    actor = job.actor or _system()
    outcome: Outcome
    try:
        with transaction.atomic():
            with job.file.open("rb") as fh:
                _total, rows = read_rows(fh, importer.columns)
                outcome = importer.apply(
                    actor=actor, org=job.org, rows=rows, options=job.options, progress=_progress_cb(job, direct=False)
                )
            if not outcome.ok:
                raise _Rollback
            audit(actor=actor, action=f"import.{job.kind}", obj=job, org_path=job.org.path,
                  after={"file": job.original_name, "created": outcome.create, "updated": outcome.update,
                         "skipped": outcome.skip})  # fmt: skip
    except _Rollback:
        job.status = JobStatus.FAILED
        job.message = _("Nothing was imported: some rows became invalid since the check.")
        _save_outcome(job, outcome)
    except (SheetError, PermissionDenied, ValidationError) as exc:
        job.status = JobStatus.FAILED
        job.message = _("Nothing was imported: %(error)s") % {"error": " ".join(_messages(exc))}
    except Exception:  # a database or programming error mid-way: the transaction is rolled back
        logger.exception("import job %s failed while applying", job.pk)
        job.status = JobStatus.FAILED
        job.message = _("Nothing was imported: an unexpected error stopped the import. Please try again later.")
    else:
        job.status = JobStatus.DONE
        _save_outcome(job, outcome)
        job.message = ""
    finally:
        progress.clear(job.pk)
    job.processed_rows = job.total_rows
    job.finished_at = timezone.now()
    job.save()
    return job


class _Rollback(Exception):
    pass


def _messages(exc: Exception) -> list[str]:
    return list(exc.messages) if isinstance(exc, ValidationError) else [str(exc)]


def import_run(
    *,
    actor: Any,
    kind: str,
    org: Organization,
    source: str | Path | IO[bytes],
    options: dict[str, Any] | None = None,
    dry_run: bool = False,
    name: str = "",
) -> Outcome:
    """Import a file in this process, all or nothing (``dry_run``: only check it): the path
    of ``import_members`` and the benchmark. Same importer, same audit rows as the pages.
    Returns the counts and every bad row; when there is a bad row nothing is written."""
    importer = get_importer(kind)
    options = options or {}
    importer.check_access(actor=actor, org=org, options=options)

    def rows() -> Any:
        if not isinstance(source, str | Path):
            source.seek(0)
        try:
            return read_rows(str(source) if isinstance(source, Path) else source, importer.columns)[1]
        except SheetError as exc:
            raise _SheetFailed(Outcome(errors=[RowError(0, "", str(exc))])) from exc

    def no_progress(done: int) -> None:
        return None

    try:
        if dry_run:
            return importer.check(actor=actor, org=org, rows=rows(), options=options, progress=no_progress)
        file_rows = rows()
    except _SheetFailed as failed:
        return failed.outcome
    # One pass: ``apply`` validates every row as ``check`` does and stops writing at the first
    # bad one; the transaction is then rolled back. (The pages need two passes because a
    # person reads the preview in between; here nobody does.)
    with transaction.atomic():
        outcome = importer.apply(actor=actor, org=org, rows=file_rows, options=options, progress=no_progress)
        if not outcome.ok:
            transaction.set_rollback(True)
            return outcome
        audit(actor=actor, action=f"import.{kind}", org_path=org.path, object_type="imports.file",
              object_repr=name or str(source)[:200],
              after={"file": name or str(source), "created": outcome.create, "updated": outcome.update,
                     "skipped": outcome.skip})  # fmt: skip
    return outcome


class _SheetFailed(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__()
        self.outcome = outcome


def import_cancel(*, actor: Any, job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk, status__in=[JobStatus.CHECKED, JobStatus.UPLOADED]).update(
        status=JobStatus.CANCELLED
    )
