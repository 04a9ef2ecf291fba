"""The import flow: upload → check (preview) → confirm → apply, all or nothing.

Small files are checked and applied within the request; larger ones run on the task
queue (django-tasks) and the page follows a progress bar.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import socket
from pathlib import Path
from typing import IO, Any

from django.conf import settings
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


def _runner() -> str:
    """This process, as a job records who works on it."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def _lease(job: ImportJob, status: str) -> None:
    """Take the job: its status, this process as its runner, a first heartbeat."""
    ImportJob.objects.filter(pk=job.pk).update(status=status, runner=_runner(), heartbeat_at=timezone.now())


def _file_sha256(job: ImportJob) -> str:
    digest = hashlib.sha256()
    with job.file.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _save_outcome(job: ImportJob, outcome: Outcome) -> None:
    job.to_create, job.to_update, job.to_skip = outcome.create, outcome.update, outcome.skip
    job.error_count = len(outcome.errors)
    job.errors = [[e.row, e.column, e.message] for e in outcome.errors[:MAX_STORED_ERRORS]]


def _progress_cb(job: ImportJob, *, direct: bool) -> Any:
    def cb(done: int) -> None:
        if done % PROGRESS_EVERY:
            return
        if direct:  # also the heartbeat that says the runner is alive
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, heartbeat_at=timezone.now())
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
    _lease(job, JobStatus.CHECKING)
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=0)
    file_format = ""
    try:
        sha256 = _file_sha256(job)
        with job.file.open("rb") as fh:
            total, rows = read_rows(fh, importer.columns)
            file_format = rows.described
            ImportJob.objects.filter(pk=job.pk).update(total_rows=total, file_format=file_format)
            outcome = importer.check(
                actor=job.actor or _system(), org=job.org, rows=rows, options=job.options,
                progress=_progress_cb(job, direct=True),
            )  # fmt: skip
    except SheetError as exc:
        outcome = Outcome(errors=[RowError(0, "", str(exc))])
        total = 0
    except Exception:  # a bug or a lost file: the job says so instead of "checking" for ever
        logger.exception("import job %s failed while checking", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, runner="", finished_at=timezone.now(),
            message=_("The check stopped on an unexpected error. Nothing was written; please try again later."),
        )  # fmt: skip
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    job.total_rows = total
    job.processed_rows = total
    _save_outcome(job, outcome)
    # The plan the user is about to confirm: this file, these records (see import_apply).
    job.file_format, job.file_sha256, job.fingerprint = file_format, sha256, outcome.fingerprint
    job.status = JobStatus.CHECKED
    job.runner, job.message = "", ""
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
    """Write exactly the plan the user confirmed, in one transaction, or nothing.

    The plan is the file checked (its SHA-256) and the records the check found (the
    importer's fingerprint of them, and the counts): a file replaced since the preview is
    refused before anything is read; records changed meanwhile (a member added or edited
    by someone else) make the counts or the fingerprint differ, and the transaction is
    rolled back. Either way the user checks again and sees the new plan."""
    job = ImportJob.objects.select_related("org", "actor").get(pk=job_id)
    importer = get_importer(job.kind)
    actor = job.actor or _system()
    outcome: Outcome
    _lease(job, JobStatus.APPLYING)
    try:
        if job.file_sha256 and _file_sha256(job) != job.file_sha256:
            raise _PlanChanged(_("Nothing was imported: the file changed since the preview. Check it again."))
        with transaction.atomic():
            with job.file.open("rb") as fh:
                _total, rows = read_rows(fh, importer.columns)
                outcome = importer.apply(
                    actor=actor, org=job.org, rows=rows, options=job.options, progress=_progress_cb(job, direct=False)
                )
            if not outcome.ok:
                raise _Rollback
            planned = (job.to_create, job.to_update, job.to_skip, job.fingerprint)
            if (outcome.create, outcome.update, outcome.skip, outcome.fingerprint) != planned:
                raise _PlanChanged(_(
                    "Nothing was imported: the records changed since the preview (it planned %(c)d new, %(u)d updated; "
                    "now it would be %(nc)d new, %(nu)d updated). Check the file again to see the new plan.")
                    % {"c": job.to_create, "u": job.to_update, "nc": outcome.create, "nu": outcome.update})  # fmt: skip
            audit(actor=actor, action=f"import.{job.kind}", obj=job, org_path=job.org.path,
                  after={"file": job.original_name, "created": outcome.create, "updated": outcome.update,
                         "skipped": outcome.skip})  # fmt: skip
    except _Rollback:
        job.status = JobStatus.FAILED
        job.message = _("Nothing was imported: some rows became invalid since the check.")
        _save_outcome(job, outcome)
    except _PlanChanged as exc:
        job.status = JobStatus.FAILED
        job.message = str(exc)
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
    job.runner = ""
    job.save()
    return job


class _Rollback(Exception):
    pass


class _PlanChanged(Exception):
    """The file or the records are not those of the preview: nothing is written."""


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


def import_recheck(*, actor: Any, job: ImportJob) -> ImportJob:
    """Check a stopped job's stored file again (after a failure, or a runner that died):
    the user gets a fresh preview to confirm."""
    get_importer(job.kind).check_access(actor=actor, org=job.org, options=job.options)
    claimed = ImportJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.UPLOADED, processed_rows=0, message="", finished_at=None, runner=""
    )
    if not claimed:
        raise ValidationError(_("This import is not stopped: there is nothing to check again."))
    if job.file.size <= INLINE_MAX_BYTES:
        import_check(job_id=job.pk)
    else:
        from .tasks import check_task

        transaction.on_commit(lambda: check_task.enqueue(job.pk))
    job.refresh_from_db()
    return job


def _runner_alive(runner: str) -> bool | None:
    """Whether the runner process lives: True/False on this machine, None elsewhere."""
    host, _sep, pid = runner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return not _is_zombie(int(pid))


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return False


def _last_sign_of_life(job: ImportJob) -> datetime.datetime | None:
    """The latest heartbeat: the job row's, or the progress file an apply writes (on SQLite
    the apply's open transaction keeps the row from being written)."""
    beats = [t for t in (job.heartbeat_at, progress.touched(job.pk)) if t is not None]
    return max(beats) if beats else None


def import_recover(*, job: ImportJob) -> ImportJob:
    """Notice a job whose runner died (a worker killed mid-import) and say so on the job.

    A job is "running" while a process works on it; that process records itself and beats
    (every few hundred rows). When the process is gone — seen at once on this machine, or
    when its last heartbeat is older than ``LIXING_IMPORT_LEASE_SECONDS`` — the job is
    marked failed with a message and its page offers to check the file again. Nothing was
    half-written: an apply runs in one transaction, which the database rolls back when its
    connection dies. The task queue's record of the dead task is marked failed too."""
    if job.status not in {JobStatus.CHECKING, JobStatus.APPLYING} or not job.runner:
        return job
    alive = _runner_alive(job.runner)
    if alive is None:
        last = _last_sign_of_life(job)
        lease = datetime.timedelta(seconds=settings.LIXING_IMPORT_LEASE_SECONDS)
        alive = last is not None and timezone.now() - last < lease
    if alive:
        return job
    was = job.status
    message = (
        _("The check stopped: the process doing it ended unexpectedly. Nothing was written; check the file again.")
        if was == JobStatus.CHECKING
        else _("The import stopped: the process doing it ended unexpectedly. Nothing was imported (all or nothing); "
               "check the file again, then confirm.")
    )  # fmt: skip
    recovered = ImportJob.objects.filter(pk=job.pk, status=was, runner=job.runner).update(
        status=JobStatus.FAILED, message=message, finished_at=timezone.now(), runner=""
    )
    if recovered:
        logger.warning("import job %s: runner %s is gone; marked failed", job.pk, job.runner)
        progress.clear(job.pk)
        _fail_dead_tasks(job.pk)
    job.refresh_from_db()
    return job


def import_recover_all() -> int:
    """Recover every job whose runner died (the ``recover_imports`` command, for cron)."""
    jobs = ImportJob.objects.filter(status__in=[JobStatus.CHECKING, JobStatus.APPLYING]).exclude(runner="")
    return sum(1 for job in jobs if import_recover(job=job).status == JobStatus.FAILED)


def _fail_dead_tasks(job_id: int) -> None:
    """The queue's records of this job's tasks still "running" (their worker died) as failed."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another task backend: nothing recorded to fix
        return
    paths = {"lixing.imports.tasks.check_task", "lixing.imports.tasks.apply_task"}
    for result in DBTaskResult.objects.running().filter(task_path__in=paths):
        if (result.args_kwargs or {}).get("args") == [job_id]:
            result.set_failed(RuntimeError("the worker running this task ended unexpectedly"))
