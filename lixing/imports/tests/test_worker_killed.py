"""A task worker killed (SIGKILL) in the middle of a large import: the job does not stay
"running", the read-ahead process does not outlive it, and nothing was half-written.

The worker is a real ``manage.py db_worker`` process on a copy of the test database (SQLite:
an online backup of the in-memory test database into a file; PostgreSQL: the test database
itself), taking the import through the read-ahead path (a forked reader process)."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import connection
from openpyxl import Workbook

from lixing.common.testing import make_mobile, unique_id_number
from lixing.imports.models import ImportJob, JobStatus
from lixing.imports.services import import_check
from lixing.orgs.roster import COLUMNS

ROOT = Path(__file__).resolve().parents[3]
ROWS = 10_000
READ_AHEAD_FROM = 2_000

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(sys.platform != "linux", reason="reads /proc to find the reader process"),
]


def _roster(rows: int, branch: str) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("党员信息")
    ws.append([c.header for c in COLUMNS])
    for n in range(rows):
        number, birth, gender = unique_id_number(300_000 + n)
        ws.append([f"杀{n}", "男" if gender == "M" else "女", number, "汉族", birth, "大学本科", "在职",
                   "2010-07-01", "2011-07-01", "职员", make_mobile(300_000 + n), "宁波市北仑区", "正常", "否", "否",
                   branch, "某公司", ""])  # fmt: skip
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _database_url(tmp_path: Path) -> str:
    """A database the worker process can open, holding what this test wrote."""
    db = django_settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        target = tmp_path / "worker.sqlite3"
        dest = sqlite3.connect(target)
        connection.ensure_connection()
        connection.connection.backup(dest)
        dest.close()
        return f"sqlite:///{target}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _gone(pid: int) -> bool:
    """Dead, or a zombie (holding no memory, waiting only to be reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return True


def _mid_import(job_id: int, progress_file: Path) -> bool:
    """The first batches are written: the worker reported progress (SQLite: a file; PostgreSQL:
    its second, autocommit connection)."""
    if connection.vendor == "sqlite":
        return progress_file.exists()
    done = ImportJob.objects.filter(pk=job_id).values_list("processed_rows", flat=True).first() or 0
    return 0 < done < ROWS


def _manage(env: dict[str, str], *args: str, timeout: int = 120) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True,
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip
    return done.stdout


def test_a_worker_killed_mid_import_leaves_a_failed_job_with_a_message_no_reader_and_no_rows(
    district: Any, settings: Any, tmp_path: Path
) -> None:
    settings.LIXING_IMPORT_READ_AHEAD_ROWS = 0  # the check here, in the test process, reads inline
    job = ImportJob.objects.create(kind="members", org=district.committee_a, original_name="big.xlsx",
                                   file=ContentFile(_roster(ROWS, "甲一支部"), name="big.xlsx"))  # fmt: skip
    job = import_check(job_id=job.pk)
    assert (job.status, job.to_create, job.error_count) == (JobStatus.CHECKED, ROWS, 0), job.errors[:3]
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.APPLYING)  # as confirming does
    from django_tasks_db.backend import DatabaseBackend

    from lixing.imports.tasks import apply_task

    DatabaseBackend("default", {}).enqueue(apply_task, [job.pk], {})
    env = {
        **os.environ, "DATABASE_URL": _database_url(tmp_path), "LIXING_VAR_DIR": str(tmp_path),
        "LIXING_MEDIA_ROOT": str(settings.MEDIA_ROOT), "LIXING_IMPORT_READ_AHEAD_ROWS": str(READ_AHEAD_FROM),
        "LIXING_DEBUG": "1", "LIXING_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }  # fmt: skip
    progress_file = tmp_path / "progress" / f"job-{job.pk}.json"
    worker = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload", "--no-startup-delay",
                               "--interval", "0.1", "-v", "0"], env=env, cwd=ROOT)  # fmt: skip
    readers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        # Mid-import: the reader process is running and the first batches are written.
        while not (readers and _mid_import(job.pk, progress_file)):
            assert worker.poll() is None, "the worker stopped by itself"
            assert time.monotonic() < deadline, "the import never started"
            readers = readers or _children(worker.pid)
            time.sleep(0.01)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    # No orphan: the reader ended with its parent.
    deadline = time.monotonic() + 10
    while not all(_gone(pid) for pid in readers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert readers and all(_gone(pid) for pid in readers), readers

    # The job is noticed (the command a cron runs; the job page does the same) and says so.
    assert "1 stopped import job" in _manage(env, "recover_imports")
    state = _manage(env, "shell", "-c", (
        "import json; from lixing.imports.models import ImportJob; from lixing.orgs.models import Member;"
        "from django_tasks_db.models import DBTaskResult;"
        f"j = ImportJob.objects.get(pk={job.pk});"
        "print(json.dumps([j.status, j.message, Member.objects.filter(name__startswith='杀').count(),"
        " sorted(DBTaskResult.objects.values_list('status', flat=True))]))"))  # fmt: skip
    status, message, written, tasks = json.loads(state.strip().splitlines()[-1])
    assert status == JobStatus.FAILED and "进程意外结束" in message, message
    assert written == 0, "all or nothing: the killed transaction wrote nothing"
    assert tasks == ["FAILED"], "the queue's record of the dead task is not left running"
