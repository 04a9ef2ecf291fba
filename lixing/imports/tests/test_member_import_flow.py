"""The roster through the generic import flow: upload → preview → confirm → all or nothing,
inline for small files and on the task queue (with progress) for large ones."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from lixing.accounts.models import AuditLog
from lixing.imports import services
from lixing.imports.models import ImportJob, JobStatus
from lixing.orgs.models import Member, Rollup
from lixing.orgs.tests.roster_files import roster_row, roster_xlsx

pytestmark = pytest.mark.django_db


def upload(client: Any, org_id: int, body: bytes, name: str = "花名册.xlsx") -> Any:
    return client.post(f"{reverse('imports:upload', args=['members'])}?org={org_id}",
                       {"file": SimpleUploadedFile(name, body)})  # fmt: skip


def test_the_template_has_the_chinese_headers_offices_use(district: Any) -> None:
    r = district.client(district.unit_admin).get(reverse("imports:template", args=["members"]))
    rows = CalamineWorkbook.from_object(io.BytesIO(r.content)).get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["姓名", "性别", "公民身份号码"] and "所在党组织" in rows[0] and "是否流动党员" in rows[0]


def test_upload_previews_every_bad_row_and_writes_nothing(district: Any) -> None:
    c = district.client(district.unit_admin)
    body = roster_xlsx([roster_row(0, "甲一支部"), roster_row(1, "甲一支部", 公民身份号码="330206198001010019X"),
                        roster_row(2, "乙一支部")])  # fmt: skip
    r = upload(c, district.committee_a.pk, body)
    job = ImportJob.objects.get()
    assert r["Location"] == reverse("imports:job", args=[job.pk])
    page = c.get(r["Location"]).content.decode()
    assert job.status == JobStatus.CHECKED and job.error_count == 2
    assert "公民身份号码应为18位" in page and "乙一支部" in page and ">3<" in page and ">4<" in page
    assert not Member.objects.filter(name__startswith="导入").exists()


def test_confirming_a_clean_preview_imports_and_a_second_upload_skips_everything(district: Any) -> None:
    c = district.client(district.unit_admin)
    body = roster_xlsx([roster_row(i, "甲二支部") for i in range(4)])
    job_url = upload(c, district.committee_a.pk, body)["Location"]
    page = c.get(job_url).content.decode()
    assert 'id="n-create">4<' in page and 'id="confirm-import"' in page
    assert not Member.objects.filter(name__startswith="导入").exists(), "nothing before confirmation"
    job = ImportJob.objects.get()
    c.post(reverse("imports:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and Member.objects.filter(name__startswith="导入").count() == 4
    second = upload(c, district.committee_a.pk, body)["Location"]
    again = ImportJob.objects.exclude(pk=job.pk).get()
    assert (again.to_create, again.to_update, again.to_skip) == (0, 0, 4)
    assert 'id="n-skip">4<' in c.get(second).content.decode()


def test_only_structure_holders_may_upload(district: Any) -> None:
    body = roster_xlsx([roster_row(0, "甲一支部")])
    assert upload(district.client(district.secretary), district.branch_a1.pk, body).status_code == 403
    assert upload(district.client(district.other_member), district.branch_a1.pk, body).status_code == 404
    assert not ImportJob.objects.exists()


class _Spy:
    def __init__(self, task: Any) -> None:
        self.task, self.calls = task, 0

    def enqueue(self, *args: Any) -> Any:
        self.calls += 1
        return self.task.enqueue(*args)


def _big_file(rows: int = 1500) -> bytes:
    body = roster_xlsx([roster_row(i, "甲一支部" if i % 2 else "甲二支部") for i in range(rows)])
    assert len(body) > services.INLINE_MAX_BYTES
    return body


def test_a_large_file_goes_through_the_task_queue_end_to_end(
    district: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from lixing.imports import tasks

    check, apply = _Spy(tasks.check_task), _Spy(tasks.apply_task)
    monkeypatch.setattr(tasks, "check_task", check)
    monkeypatch.setattr(tasks, "apply_task", apply)
    c = district.client(district.unit_admin)
    with django_capture_on_commit_callbacks(execute=True):
        job_url = upload(c, district.committee_a.pk, _big_file())["Location"]
    job = ImportJob.objects.get()
    assert check.calls == 1 and job.status == JobStatus.CHECKED and job.to_create == 1500
    assert 'id="n-create">1500<' in c.get(job_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("imports:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert apply.calls == 1 and job.status == JobStatus.DONE, job.message
    assert job.processed_rows == job.total_rows == 1500
    assert Member.objects.filter(name__startswith="导入").count() == 1500
    assert AuditLog.objects.filter(action="member.create").count() == 1500 + 10  # + the fixture's members


def test_the_progress_page_polls_while_the_job_runs(district: Any) -> None:
    c = district.client(district.unit_admin)
    upload(c, district.committee_a.pk, roster_xlsx([roster_row(0, "甲一支部")]))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.APPLYING, total_rows=1000, processed_rows=0)
    from lixing.imports import progress

    progress.report(job.pk, 500)
    page = c.get(reverse("imports:job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'id="job-progress" value="500" max="1000"' in page and 'hx-trigger="every 1s"' in page


def test_a_failure_mid_apply_leaves_the_database_as_before(
    district: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from lixing.orgs import roster

    c = district.client(district.unit_admin)
    with django_capture_on_commit_callbacks(execute=True):
        upload(c, district.committee_a.pk, _big_file())
    job = ImportJob.objects.get()
    assert job.status == JobStatus.CHECKED
    members, audits = Member.objects.count(), AuditLog.objects.count()
    rollups = sorted(Rollup.objects.values_list("org_id", "key", "bucket", "own", "total"))
    monkeypatch.setattr(roster, "BATCH", 100)
    real_insert, calls = roster._insert, []

    def failing_insert(model: Any, names: Any, rows: Any) -> None:
        calls.append(model)
        if len(calls) == 7:  # the fourth batch, after three were written
            raise RuntimeError("disk full")
        real_insert(model, names, rows)

    monkeypatch.setattr(roster, "_insert", failing_insert)
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("imports:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "未导入任何数据" in job.message
    assert (Member.objects.count(), AuditLog.objects.count() - audits) == (members, 0)
    assert sorted(Rollup.objects.values_list("org_id", "key", "bucket", "own", "total")) == rollups
    assert "未导入任何数据" in c.get(reverse("imports:job", args=[job.pk])).content.decode()
