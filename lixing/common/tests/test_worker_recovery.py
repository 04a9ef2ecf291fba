"""A worker killed with SIGKILL mid-task: the task is not left running — another worker
notices the dead worker, runs the task again, and it finishes once; no process is left."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .sqlite_file import ROOT, command_env, fresh_copy, manage, migrated_sqlite

__all__ = ["migrated_sqlite"]


def _wait_for(predicate, seconds: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "run_worker", "--interval", "0.2", "--no-startup-delay"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _task_state(env: dict[str, str]) -> dict[str, object]:
    out = manage(env, "shell", "-c", (
        "import json; from django_tasks_db.models import DBTaskResult as T; "
        "t = T.objects.get(); print(json.dumps({'status': t.status, 'tries': len(t.worker_ids)}))"
    )).stdout  # fmt: skip
    return dict(json.loads(out.strip().splitlines()[-1]))


def test_a_task_whose_worker_was_killed_runs_again_and_finishes_once(migrated_sqlite: Path, tmp_path: Path) -> None:
    env = command_env(fresh_copy(migrated_sqlite, tmp_path), tmp_path)
    env.update({"LIXING_WORKER_BEAT_SECONDS": "1", "LIXING_WORKER_LEASE_SECONDS": "3"})
    log = tmp_path / "task.log"
    manage(env, "shell", "-c", f"from lixing.common.tests.slow_task import slow_task; slow_task.enqueue({str(log)!r}, 120)")

    first = _worker(env)
    try:
        assert _wait_for(lambda: log.exists() and "start" in log.read_text()), "the first worker never started the task"
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    assert _task_state(env) == {"status": "RUNNING", "tries": 1}  # what django-tasks alone would leave forever

    Path(f"{log}.go").touch()  # the second run may finish at once
    second = _worker(env)
    try:
        assert _wait_for(lambda: "done" in log.read_text()), "the task was not run again"
        assert _wait_for(lambda: _task_state(env)["status"] == "SUCCESSFUL", 30)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(30)
    assert log.read_text().split() == ["start", "start", "done"]  # ran twice, finished once
    assert _task_state(env) == {"status": "SUCCESSFUL", "tries": 2}
    assert second.returncode is not None and first.returncode is not None  # nothing left running


def test_a_task_out_of_tries_is_failed_with_a_message(migrated_sqlite: Path, tmp_path: Path) -> None:
    env = command_env(fresh_copy(migrated_sqlite, tmp_path), tmp_path)
    out = manage(env, "shell", "-c", (
        "import json\n"
        "from django.utils import timezone\n"
        "from django_tasks_db.models import DBTaskResult as T\n"
        "from lixing.common.tests.slow_task import slow_task\n"
        "from lixing.common.workers import tasks_recover\n"
        "r = slow_task.enqueue('/nonexistent', 1)\n"
        "T.objects.filter(pk=r.id).update(status='RUNNING', started_at=timezone.now(), "
        "worker_ids=['lw-1-a', 'lw-2-b', 'lw-3-c'])\n"
        "print(json.dumps(tasks_recover(now=timezone.now() + timezone.timedelta(minutes=5))))\n"
        "t = T.objects.get(pk=r.id); print(json.dumps([t.status, t.traceback]))"
    )).stdout.strip().splitlines()  # fmt: skip
    assert json.loads(out[-2]) == [0, 1]
    status, message = json.loads(out[-1])
    assert status == "FAILED" and "died 3 times" in message
