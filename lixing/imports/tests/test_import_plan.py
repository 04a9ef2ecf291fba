"""Confirming applies exactly what was previewed, or nothing: a file changed since the
preview, or records changed meanwhile, are refused with a way forward; a row whose ID number
belongs to someone with another name is a conflict that blocks the import."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lixing.imports.models import ImportJob, JobStatus
from lixing.imports.services import import_run
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member
from lixing.orgs.services import member_create
from lixing.orgs.tests.roster_files import roster_row, roster_xlsx

pytestmark = pytest.mark.django_db


def preview(district: Any, body: bytes) -> tuple[Any, ImportJob]:
    c = district.client(district.unit_admin)
    url = f"{reverse('imports:upload', args=['members'])}?org={district.committee_a.pk}"
    c.post(url, {"file": SimpleUploadedFile("花名册.xlsx", body)})
    job = ImportJob.objects.latest("pk")
    assert job.status == JobStatus.CHECKED and job.error_count == 0, job.errors
    return c, job


def test_a_preview_followed_by_a_changed_file_is_refused_and_can_be_checked_again(district: Any) -> None:
    c, job = preview(district, roster_xlsx([roster_row(i, "甲一支部") for i in range(3)]))
    assert job.to_create == 3 and len(job.file_sha256) == 64
    # The stored file is replaced behind the preview's back (five rows now).
    with job.file.open("wb") as fh:
        fh.write(roster_xlsx([roster_row(i, "甲一支部") for i in range(5)]))
    c.post(reverse("imports:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "文件已被更改" in job.message
    assert not Member.objects.filter(name__startswith="导入").exists()
    page = c.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'id="recheck-import"' in page
    c.post(reverse("imports:recheck", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.to_create) == (JobStatus.CHECKED, 5), "a fresh preview of the file as it is now"
    c.post(reverse("imports:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and Member.objects.filter(name__startswith="导入").count() == 5


def test_records_changed_since_the_preview_make_the_confirmation_refuse(district: Any) -> None:
    rows = [roster_row(i, "甲一支部") for i in range(3)]
    c, job = preview(district, roster_xlsx(rows))
    # Meanwhile someone enters one of these people by hand, with another phone.
    r = rows[1]
    member_create(actor=SYSTEM, org=district.branch_a1, name=r["姓名"], gender="F" if r["性别"] == "女" else "M",
                  id_number=r["公民身份号码"], birth_date=r["出生日期"], joined_at=r["入党日期"],
                  confirmed_at=r["转正日期"], phone="13911112222")  # fmt: skip
    c.post(reverse("imports:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "记录已发生变化" in job.message
    assert Member.objects.filter(name__startswith="导入").count() == 1, "only the one entered by hand"
    assert Member.objects.get(id_number=r["公民身份号码"]).phone == "13911112222", "not overwritten"


def test_a_row_whose_id_number_belongs_to_someone_with_another_name_is_a_conflict_that_blocks(district: Any) -> None:
    existing = district.a1_members[3]
    row = roster_row(0, "甲一支部", 姓名="另一个人", 公民身份号码=existing.id_number, 出生日期=existing.birth_date,
                     性别="男" if existing.gender == "M" else "女")  # fmt: skip
    c = district.client(district.unit_admin)
    url = f"{reverse('imports:upload', args=['members'])}?org={district.committee_a.pk}"
    r = c.post(url, {"file": SimpleUploadedFile("花名册.xlsx", roster_xlsx([row, roster_row(1, "甲一支部")]))})
    job = ImportJob.objects.get()
    page = c.get(r["Location"]).content.decode()
    assert job.error_count == 1 and job.to_update == 0
    assert existing.name in page and "不一致" in page and 'id="confirm-import"' not in page
    outcome = import_run(actor=district.unit_admin, kind="members", org=district.committee_a,
                         source=job.file.path)  # fmt: skip
    assert outcome.update == 0 and [e.column for e in outcome.errors] == ["公民身份号码"]
    existing.refresh_from_db()
    assert existing.name != "另一个人" and not Member.objects.filter(name__startswith="导入").exists()


def test_the_check_names_nobody_and_no_organisation_outside_the_actors_subtree(district: Any) -> None:
    outsider = district.b1_members[1]
    row = roster_row(0, "甲一支部", 公民身份号码=outsider.id_number, 出生日期=outsider.birth_date,
                     性别="男" if outsider.gender == "M" else "女")  # fmt: skip
    c = district.client(district.unit_admin)
    url = f"{reverse('imports:upload', args=['members'])}?org={district.committee_a.pk}"
    page = c.get(c.post(url, {"file": SimpleUploadedFile("a.xlsx", roster_xlsx([row]))})["Location"]).content.decode()
    assert "已在其他地方登记" in page and "联系党工委办公室" in page
    for secret in (outsider.name, district.branch_b1.name, district.committee_b.name):
        assert secret not in page
