"""The plan spreadsheet: preview → confirm; a bad row is reported by row and column, nothing written."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from lixing.campaigns.importer import PlanImporter
from lixing.campaigns.models import Assignment, Measure, Task, Theme
from lixing.imports.models import ImportJob, JobStatus

from .factories import make_plan

pytestmark = pytest.mark.django_db
HEADERS = [c.header for c in PlanImporter.columns]


def xlsx(rows: list[list[Any]]) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("工作清单.xlsx", buf.getvalue())


GOOD: list[list[Any]] = [
    [
        "红色教育专题活动",
        "专题宣讲",
        "组建党史宣讲团",
        "测试区党工委",
        "甲党委、乙一支部",
        "2021-06-30",
        "",
        2,
        "成立并宣讲",
    ],
    ["红色教育专题活动", "专题宣讲", "开展青年理论宣讲", "甲党委", "甲一支部", "", "", "", ""],
    ["我为群众办实事", "结对帮扶", "点亮微心愿", "乙党委", "乙一支部，甲二支部", "2021/9/30", "2021-04-01", "", ""],
]


def upload(client: Any, plan: Any, rows: list[list[Any]]) -> ImportJob:
    url = f"/imports/campaign_plan/upload/?org={plan.campaign.org_id}&opt_campaign={plan.campaign.pk}"
    response = client.post(url, {"file": xlsx(rows)})
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportJob.objects.latest("id")


def test_the_office_imports_a_plan_after_the_preview(district) -> None:
    plan = make_plan(district)
    c = district.client(district.district_admin)
    job = upload(c, plan, GOOD)
    assert job.status == JobStatus.CHECKED and job.error_count == 0 and job.to_create == 3
    assert not Task.objects.filter(title="组建党史宣讲团").exists()  # the preview writes nothing
    c.post(f"/imports/job/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    assert Theme.objects.filter(campaign=plan.campaign).count() == 3
    assert Measure.objects.filter(campaign=plan.campaign).count() == 3
    task = Task.objects.get(title="组建党史宣讲团")
    assert task.due_fixed and task.weight == 2 and task.lead_unit == district.root
    assert set(Assignment.objects.filter(task=task).values_list("unit_id", flat=True)) == {
        district.committee_a.pk, district.branch_b1.pk}  # fmt: skip
    assert not Task.objects.get(title="开展青年理论宣讲").due_fixed


def test_importing_the_same_sheet_twice_updates_instead_of_duplicating(district) -> None:
    plan = make_plan(district)
    c = district.client(district.district_admin)
    for _ in range(2):
        job = upload(c, plan, GOOD)
        c.post(f"/imports/job/{job.pk}/confirm/")
    assert job.to_update == 3 and job.to_create == 0
    assert Task.objects.filter(campaign=plan.campaign).count() == 5


def test_a_bad_row_is_reported_by_row_and_column_and_nothing_is_written(district) -> None:
    plan = make_plan(district)
    c = district.client(district.district_admin)
    bad = [
        *GOOD,
        ["红色教育专题活动", "专题宣讲", "无名单位的任务", "不存在的单位", "甲一支部", "2021-13-45", "", "多", ""],
    ]
    job = upload(c, plan, bad)
    errors = {(row, col) for row, col, _msg in job.errors}
    assert (5, "牵头单位") in errors and (5, "完成时限") in errors and (5, "权重") in errors
    assert all(row == 5 for row, _c in errors)
    page = c.get(f"/imports/job/{job.pk}/").content.decode()
    assert "不存在的单位" in page
    response = c.post(f"/imports/job/{job.pk}/confirm/")
    assert response.status_code == 302
    assert Task.objects.filter(campaign=plan.campaign).count() == 2
    assert Theme.objects.filter(campaign=plan.campaign).count() == 1


def test_a_unit_outside_the_campaign_is_an_error(district) -> None:
    from lixing.orgs.access import SYSTEM
    from lixing.orgs.models import OrgKind
    from lixing.orgs.services import org_create

    org_create(actor=SYSTEM, parent=None, name="外区党委", kind=OrgKind.WORKING_COMMITTEE)
    plan = make_plan(district)
    job = upload(district.client(district.district_admin), plan, [["专题", "举措", "任务", "外区党委", "甲一支部"]])
    assert [(r, col) for r, col, _m in job.errors] == [(2, "牵头单位")]


def test_a_unit_admin_cannot_import_into_the_district_plan(district) -> None:
    plan = make_plan(district)
    url = f"/imports/campaign_plan/upload/?org={plan.campaign.org_id}&opt_campaign={plan.campaign.pk}"
    assert district.client(district.unit_admin).post(url, {"file": xlsx(GOOD)}).status_code == 404
    assert not ImportJob.objects.exists()


def test_the_template_downloads(district) -> None:
    response = district.client(district.district_admin).get("/imports/campaign_plan/template.xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
