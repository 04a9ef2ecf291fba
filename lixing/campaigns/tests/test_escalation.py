"""Late work escalates step by step, each step exactly once, however often the job runs."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.management import call_command

from lixing.campaigns import services
from lixing.campaigns.models import Assignment
from lixing.escalation.models import Escalation as Supervision
from lixing.escalation.models import Step
from lixing.orgs.access import SYSTEM

from .factories import make_plan

pytestmark = pytest.mark.django_db


def run(day: str) -> str:
    out = io.StringIO()
    call_command("escalate_tasks", "--today", day, stdout=out)
    return out.getvalue()


def steps() -> list[tuple[str, str]]:
    return sorted((s.title, s.step) for s in Supervision.objects.filter(source="campaigns.assignment"))


def test_each_step_happens_once_however_often_the_job_runs(district) -> None:
    plan = make_plan(district)  # task_a due 05-31 (A1), task_b due 06-30 (B1)
    run("2021-05-31")
    assert steps() == []  # due today is not late
    run("2021-06-01")
    run("2021-06-01")
    assert steps() == [("甲党委中心组专题学习", Step.REMINDER)]
    assert Assignment.objects.get(task=plan.task_a).is_late
    run("2021-06-03")
    assert len(steps()) == 1  # reminder only 2 days old: no notice yet
    run("2021-06-04")
    run("2021-06-04")
    notice = Supervision.objects.get(step=Step.NOTICE)
    assert (notice.number, notice.reply_due) == (1, datetime.date(2021, 6, 9))
    run("2021-06-09")
    assert not Supervision.objects.filter(step=Step.LISTED).exists()  # the reply date has not passed
    out = run("2021-06-10")
    assert "listed=1" in out
    run("2021-06-10")
    run("2021-06-20")
    assert steps() == [("甲党委中心组专题学习", Step.LISTED), ("甲党委中心组专题学习", Step.NOTICE),
                       ("甲党委中心组专题学习", Step.REMINDER)]  # fmt: skip


def test_submitted_work_is_not_escalated_and_clears_late(district) -> None:
    plan = make_plan(district)
    run("2021-06-01")
    a = plan.share(plan.task_a, district.branch_a1)
    services.report_create(actor=SYSTEM, assignment=a, percent=100, text="完成", today=datetime.date(2021, 6, 2))
    services.assignment_submit(actor=SYSTEM, assignment=a, today=datetime.date(2021, 6, 2))
    a.refresh_from_db()
    assert not a.is_late
    run("2021-06-20")
    assert steps() == [("甲党委中心组专题学习", Step.REMINDER)]


def test_the_unit_answers_the_notice_on_a_page_and_downloads_it(district) -> None:
    make_plan(district)
    for day in ("2021-06-01", "2021-06-04"):
        run(day)
    notice = Supervision.objects.get(step=Step.NOTICE)
    sec = district.client(district.secretary)
    response = sec.get(f"/campaigns/notices/{notice.pk}/?format=docx")
    assert response.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()
    assert "甲党委中心组专题学习" in xml and "甲一支部" in xml and "2021-05-31" in xml and "2021-06-09" in xml
    assert "督办〔2021〕第1号" in xml and 'w:eastAsia="仿宋"' in xml
    assert district.client(district.other_member).get(f"/campaigns/notices/{notice.pk}/").status_code == 404
    sec.post(f"/campaigns/notices/{notice.pk}/", {"text": "已落实专人，6月15日前完成"})
    notice.refresh_from_db()
    assert notice.replied_on is not None and "6月15日" in notice.reply_text
    page = sec.get(f"/campaigns/notices/{notice.pk}/").content.decode()
    assert "6月15日前完成" in page


def test_the_monthly_report_lists_late_tasks_by_name(district) -> None:
    plan = make_plan(district)
    for day in ("2021-06-01", "2021-06-04", "2021-06-10"):
        run(day)
    page = district.client(district.district_admin).get(f"/campaigns/{plan.campaign.pk}/monthly/?month=2021-06")
    body = page.content.decode()
    assert "甲党委中心组专题学习" in body and "督办〔2021〕第1号" in body
    assert district.client(district.secretary).get(
        f"/campaigns/{plan.campaign.pk}/monthly/?month=2021-06").status_code == 403  # fmt: skip
