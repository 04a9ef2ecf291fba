from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lixing.common.models import TimeStampedModel


class JobStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Ready to confirm")
    APPLYING = "applying", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class ImportJob(TimeStampedModel):
    """One upload of one spreadsheet, from preview to confirmed import."""

    kind = models.CharField(max_length=40)  # the importer's key, e.g. "members"
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=200)
    options = models.JSONField(default=dict, blank=True)  # importer-specific (e.g. a campaign id)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.UPLOADED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    to_create = models.PositiveIntegerField(default=0)
    to_update = models.PositiveIntegerField(default=0)
    to_skip = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # first 1,000 [row, column, message]
    message = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the preview was made from: the file's kind and encoding as detected ("CSV,
    # GB18030/GBK"), its SHA-256, and the importer's fingerprint of the records the plan
    # touches. Confirming applies this plan or refuses (see services.import_apply).
    file_format = models.CharField(max_length=40, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    # Who is working on it ("host:pid") and when it last said so: a job whose runner died
    # is noticed (services.import_recover) instead of staying "running" forever.
    runner = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.original_name}"

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def upload_query(self) -> str:
        """The upload page's query string for another try with the same scope and options."""
        from urllib.parse import urlencode

        return urlencode({"org": self.org_id, **{f"opt_{k}": v for k, v in (self.options or {}).items()}})

    @property
    def is_running(self) -> bool:
        return self.status in {JobStatus.UPLOADED, JobStatus.CHECKING, JobStatus.APPLYING}
