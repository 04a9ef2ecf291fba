from django.db import models


class TimeStampedModel(models.Model):
    """Base for every model of ours: when a row was created and last changed.

    Not indexed: no page filters by these, and an index on every table would tax every
    insert (a roster import writes 100k rows). A model that sorts big lists by creation
    adds its own composite index."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class WorkerBeat(models.Model):
    """A task worker's sign of life (``manage.py run_worker``), written every few seconds.

    A task left RUNNING by a worker whose beat is older than the lease was orphaned — the
    worker was killed — and is queued again (lixing/common/workers.py)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id}@{self.host}:{self.pid}"
