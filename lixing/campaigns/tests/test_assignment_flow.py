"""A unit reports progress, submits; the lead unit verifies or returns with a reason."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lixing.campaigns.models import ProgressReport, Status

from .factories import make_plan

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_a_unit_sees_only_its_own_tasks(district) -> None:
    plan = make_plan(district)
    page = district.client(district.secretary).get(f"/campaigns/{plan.campaign.pk}/tasks/")
    assert page.status_code == 200
    assert "甲党委中心组专题学习" in page.content.decode()
    assert "乙党委红色教育" not in page.content.decode()
    other = district.client(district.other_member).get(f"/campaigns/{plan.campaign.pk}/tasks/").content.decode()
    assert "乙党委红色教育" in other and "甲党委中心组专题学习" not in other


def test_another_units_task_is_not_found(district) -> None:
    plan = make_plan(district)
    a = plan.share(plan.task_a, district.branch_a1)
    assert district.client(district.other_member).get(f"/campaigns/assignments/{a.pk}/").status_code == 404


def test_the_office_sees_every_task(district) -> None:
    plan = make_plan(district)
    body = district.client(district.district_admin).get(f"/campaigns/{plan.campaign.pk}/tasks/").content.decode()
    assert "甲党委中心组专题学习" in body and "乙党委红色教育" in body


def test_secretary_reports_progress_with_an_attachment_and_a_link(district) -> None:
    plan = make_plan(district)
    a = plan.share(plan.task_a, district.branch_a1)
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    response = district.client(district.secretary).post(f"/campaigns/assignments/{a.pk}/", {
        "percent": 40, "text": "已开展两次集中学习", "link_url": "https://example.org/news/1",
        "link_ref": "study.session:12", "attachments": [photo],
    })  # fmt: skip
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.percent) == (Status.IN_PROGRESS, 40)
    report = ProgressReport.objects.get(assignment=a)
    assert report.attachments.count() == 1 and report.link_ref == "study.session:12"
    a.task.refresh_from_db()
    assert a.task.progress == 40


def test_an_attachment_of_the_wrong_type_is_refused_and_nothing_is_written(district) -> None:
    plan = make_plan(district)
    a = plan.share(plan.task_a, district.branch_a1)
    bad = SimpleUploadedFile("run.exe", b"MZ" + b"\x00" * 20)
    response = district.client(district.secretary).post(f"/campaigns/assignments/{a.pk}/",
                                                        {"percent": 40, "text": "x", "attachments": [bad]})  # fmt: skip
    assert response.status_code == 200
    assert "exe" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_plain_member_cannot_report(district) -> None:
    plan = make_plan(district)
    a = plan.share(plan.task_a, district.branch_a1)
    response = district.client(district.member).post(f"/campaigns/assignments/{a.pk}/", {"percent": 40, "text": "x"})
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_submit_then_the_lead_unit_verifies(district) -> None:
    plan = make_plan(district)
    a = plan.share(plan.task_a, district.branch_a1)
    sec = district.client(district.secretary)
    sec.post(f"/campaigns/assignments/{a.pk}/", {"percent": 90, "text": "基本完成"})
    sec.post(f"/campaigns/assignments/{a.pk}/submit/", {"text": "请验收"})
    a.refresh_from_db()
    assert a.status == Status.SUBMITTED
    # The secretary is not the lead unit: cannot verify their own work.
    assert sec.post(f"/campaigns/assignments/{a.pk}/verify/").status_code == 403
    district.client(district.unit_admin).post(f"/campaigns/assignments/{a.pk}/verify/", {"text": "材料齐全"})
    a.refresh_from_db()
    assert (a.status, a.percent) == (Status.VERIFIED, 100)
    a.task.refresh_from_db()
    assert a.task.progress == 100


def test_a_returned_task_goes_back_to_in_progress_with_the_reason_visible(district) -> None:
    plan = make_plan(district)
    a = plan.share(plan.task_a, district.branch_a1)
    sec = district.client(district.secretary)
    sec.post(f"/campaigns/assignments/{a.pk}/", {"percent": 100, "text": "已完成"})
    sec.post(f"/campaigns/assignments/{a.pk}/submit/")
    lead = district.client(district.unit_admin)
    lead.post(f"/campaigns/assignments/{a.pk}/return/", {"reason": "缺少签到表"})
    a.refresh_from_db()
    assert a.status == Status.RETURNED and a.return_reason == "缺少签到表"
    page = sec.get(f"/campaigns/assignments/{a.pk}/").content.decode()
    assert "缺少签到表" in page
    sec.post(f"/campaigns/assignments/{a.pk}/", {"percent": 100, "text": "已补充签到表"})
    a.refresh_from_db()
    assert a.status == Status.IN_PROGRESS
    assert "缺少签到表" in sec.get(f"/campaigns/assignments/{a.pk}/").content.decode()
    sec.post(f"/campaigns/assignments/{a.pk}/submit/")
    lead.post(f"/campaigns/assignments/{a.pk}/verify/")
    a.refresh_from_db()
    assert a.status == Status.VERIFIED and a.return_reason == ""


def test_returning_needs_a_reason(district) -> None:
    plan = make_plan(district)
    a = plan.share(plan.task_a, district.branch_a1)
    sec = district.client(district.secretary)
    sec.post(f"/campaigns/assignments/{a.pk}/", {"percent": 100, "text": "已完成"})
    sec.post(f"/campaigns/assignments/{a.pk}/submit/")
    district.client(district.unit_admin).post(f"/campaigns/assignments/{a.pk}/return/", {"reason": " "})
    a.refresh_from_db()
    assert a.status == Status.SUBMITTED


def test_late_submission_is_verified_but_not_on_time(district) -> None:
    from lixing.campaigns import services

    plan = make_plan(district)
    a = plan.share(plan.task_a, district.branch_a1)
    services.report_create(actor=district.secretary, assignment=a, percent=100, text="完成",
                           today=datetime.date(2021, 6, 1))  # fmt: skip
    services.assignment_submit(actor=district.secretary, assignment=a, today=datetime.date(2021, 6, 2))
    a = services.assignment_verify(actor=district.unit_admin, assignment=a, today=datetime.date(2021, 6, 3))
    assert a.status == Status.VERIFIED and not a.on_time
