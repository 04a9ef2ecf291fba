"""python manage.py run_worker [db_worker's options] — the task worker, with a heartbeat.

Runs django-tasks' database worker, beside a thread that writes this worker's heartbeat and
queues again the tasks of workers that stopped beating (lixing/common/workers.py). Use it
wherever ``db_worker`` would run: ``make run``, deploy/prod-up.sh, systemd."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DBWorker

from lixing.common.workers import Heart, new_worker_id


class Command(DBWorker):
    help = "Run the background task worker, with a heartbeat that lets dead workers' tasks run again."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # One process that runs the tasks and beats for them: the autoreloader (db_worker's default
        # under DEBUG) would run them in a child that outlives a killed parent.
        parser.set_defaults(worker_id=new_worker_id(), reload=False)

    def handle(self, *args: Any, **options: Any) -> None:  # type: ignore[override]
        heart = Heart(options["worker_id"])
        heart.start()
        try:
            super().handle(**options)
        finally:
            heart.stop()
