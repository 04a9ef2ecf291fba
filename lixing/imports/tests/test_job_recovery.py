"""A job whose runner died is noticed and says what to do next, instead of "running" forever."""

from __future__ import annotations

import datetime
import socket
import subprocess
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lixing.imports.models import ImportJob, JobStatus
from lixing.orgs.tests.roster_files import roster_row, roster_xlsx

from .test_member_import_flow import upload

pytestmark = pytest.mark.django_db


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def _running_job(district: Any, **fields: Any) -> tuple[Any, ImportJob]:
    c = district.client(district.unit_admin)
    upload(c, district.committee_a.pk, roster_xlsx([roster_row(0, "甲一支部")]))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.APPLYING, **fields)
    return c, job


def test_a_job_whose_worker_died_on_this_machine_is_failed_with_a_message_and_offers_a_recheck(
    district: Any,
) -> None:
    c, job = _running_job(district, runner=f"{socket.gethostname()}:{_dead_pid()}", heartbeat_at=timezone.now())
    page = c.get(reverse("imports:job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "进程意外结束" in job.message and job.message in page
    assert 'id="recheck-import"' in page and 'hx-trigger="every 1s"' not in page
    c.post(reverse("imports:recheck", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED and job.to_create == 1


def test_a_job_on_another_machine_is_failed_once_its_lease_has_run_out(district: Any, settings: Any) -> None:
    settings.LIXING_IMPORT_LEASE_SECONDS = 60
    c, job = _running_job(
        district, runner="elsewhere:123", heartbeat_at=timezone.now() - datetime.timedelta(seconds=30)
    )
    c.get(reverse("imports:job", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.APPLYING, "still within its lease"
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(seconds=61))
    call_command("recover_imports")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.runner == ""


def test_a_live_runner_is_left_alone(district: Any) -> None:
    c, job = _running_job(district, runner=f"{socket.gethostname()}:{__import__('os').getpid()}",
                          heartbeat_at=timezone.now() - datetime.timedelta(days=1))  # fmt: skip
    c.get(reverse("imports:job", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.APPLYING


def test_a_check_that_hits_an_unexpected_error_fails_with_a_message_instead_of_running_for_ever(
    district: Any,
) -> None:
    from lixing.imports.services import import_check

    c, job = _running_job(district)
    job.file.storage.delete(job.file.name)  # the stored upload is lost
    job = import_check(job_id=job.pk)
    assert job.status == JobStatus.FAILED and "意外错误" in job.message and job.runner == ""
    assert 'id="recheck-import"' in c.get(reverse("imports:job", args=[job.pk])).content.decode()
