"""Task workers that survive death: heartbeats, leases, and orphaned tasks run again.

django-tasks' database worker marks a task RUNNING when it claims it and never looks back:
a worker killed with SIGKILL (or a machine that dies) leaves the task RUNNING forever.
``manage.py run_worker`` wraps that worker: a thread writes its :class:`WorkerBeat` every
``LIXING_WORKER_BEAT_SECONDS``, and every worker, at start and on each beat, looks for tasks
RUNNING under a worker of ours whose beat is older than ``LIXING_WORKER_LEASE_SECONDS``.
Such a task is queued again (its ``worker_ids`` keep every try, so its page can say how many),
up to ``LIXING_WORKER_MAX_TRIES``; after that it is marked failed with a message.

A task may therefore run more than once: every task of ours is idempotent or guarded by a
unique step (an import applies its checked plan in one transaction or refuses; a briefing is
unique per organisation and week), so it *finishes* once.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from .models import WorkerBeat

logger = logging.getLogger(__name__)
PREFIX = "lw-"


def new_worker_id() -> str:
    """Ours start with ``lw-``: only tasks claimed by a beating worker are ever recovered."""
    return f"{PREFIX}{os.getpid()}-{get_random_string(12)}"


def beat(worker_id: str, *, started_at: datetime.datetime) -> None:
    now = timezone.now()
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "started_at": started_at, "seen_at": now},
    )


def _pid_alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"  # a zombie is dead
    except (OSError, IndexError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def worker_alive(beat: WorkerBeat | None, *, now: datetime.datetime, lease: datetime.timedelta) -> bool:
    """On this machine, the process itself says (a long SQLite write can hold up the beats);
    on another, its beat within the lease."""
    if beat is None:
        return False
    if beat.host == socket.gethostname()[:255]:
        return _pid_alive(beat.pid)
    return now - beat.seen_at < lease


def tasks_recover(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Queue again the tasks whose worker stopped beating; fail those out of tries.

    Returns (queued again, failed). Safe from any number of workers at once: each change is
    conditional on the task still being RUNNING under the same list of workers."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    lease = datetime.timedelta(seconds=settings.LIXING_WORKER_LEASE_SECONDS)
    max_tries = settings.LIXING_WORKER_MAX_TRIES
    requeued = failed = 0
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only("id", "worker_ids", "started_at")
    candidates = [t for t in running if t.worker_ids and str(t.worker_ids[-1]).startswith(PREFIX)]
    if not candidates:
        return 0, 0
    beats = WorkerBeat.objects.in_bulk([t.worker_ids[-1] for t in candidates])
    for t in candidates:
        if worker_alive(beats.get(t.worker_ids[-1]), now=now, lease=lease):
            continue
        if t.worker_ids[-1] not in beats and t.started_at and now - t.started_at < lease:
            continue  # claimed by a worker whose first beat may still be on its way
        same = DBTaskResult.objects.filter(pk=t.pk, status=TaskResultStatus.RUNNING, worker_ids=t.worker_ids)
        if len(t.worker_ids) < max_tries:
            if same.update(status=TaskResultStatus.READY, run_after=now, started_at=None):
                requeued += 1
                logger.warning("task %s: worker %s stopped beating; queued again", t.pk, t.worker_ids[-1])
        elif same.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path="lixing.common.workers.WorkerDied",
            traceback=f"The worker running this task died {len(t.worker_ids)} times; it was not tried again.",
        ):
            failed += 1
    return requeued, failed


class Heart(threading.Thread):
    """Beats for one worker process, and recovers orphaned tasks, until stopped."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"beat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def run(self) -> None:
        every = settings.LIXING_WORKER_BEAT_SECONDS
        while not self.stopping.is_set():
            try:
                close_old_connections()
                with transaction.atomic():
                    beat(self.worker_id, started_at=self.started_at)
                tasks_recover()
            except Exception:  # a database hiccup must not stop the beat for good
                logger.exception("worker %s: beat failed", self.worker_id)
            self.stopping.wait(every)
        connection.close()

    def stop(self) -> None:
        self.stopping.set()
        WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
