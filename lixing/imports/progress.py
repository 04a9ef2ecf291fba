"""Progress of a running job, visible to the page while the job's transaction is open.

Checking writes progress to the job row directly (it writes nothing else). Applying holds
one transaction for the whole file (all or nothing), so its progress cannot go through that
transaction: on PostgreSQL it goes through a second connection (alias "progress", autocommit,
so every app server sees it); on SQLite — a single-machine setup — through a small file under
LIXING_VAR_DIR, because SQLite allows one writer at a time.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone


def _file(job_id: int) -> Path:
    return Path(settings.VAR_DIR) / "progress" / f"job-{job_id}.json"


def report(job_id: int, done: int) -> None:
    if connection.vendor == "postgresql" and "progress" in settings.DATABASES:
        try:
            with connections["progress"].cursor() as cursor:
                cursor.execute(
                    "UPDATE imports_importjob SET processed_rows = %s, heartbeat_at = %s WHERE id = %s",
                    [done, timezone.now(), job_id],
                )
            return
        except Exception:  # noqa: S110 - e.g. a test that forbids the second alias: fall back to the file
            pass
    path = _file(job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"done": done}))
    tmp.replace(path)


def read(job_id: int) -> int | None:
    path = _file(job_id)
    try:
        return int(json.loads(path.read_text())["done"])
    except (OSError, ValueError, KeyError):
        return None


def touched(job_id: int) -> datetime.datetime | None:
    """When the progress file was last written (a heartbeat of the job's runner)."""
    try:
        return datetime.datetime.fromtimestamp(_file(job_id).stat().st_mtime, tz=datetime.UTC)
    except OSError:
        return None


def clear(job_id: int) -> None:
    _file(job_id).unlink(missing_ok=True)
