"""A task for the worker-recovery test only: it notes each start, waits until told to go on
(or a time-out), then notes that it finished."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task


@task()
def slow_task(log: str, seconds: float) -> None:
    path = Path(log)
    with path.open("a") as fh:
        fh.write("start\n")
    go = Path(f"{log}.go")
    deadline = time.monotonic() + seconds
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    with path.open("a") as fh:
        fh.write("done\n")
