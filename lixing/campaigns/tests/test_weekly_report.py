"""一周一报: compiled from the units' updates, downloadable as .docx with Chinese fonts."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest

from lixing.campaigns import services
from lixing.orgs.access import SYSTEM

from .factories import Plan, make_plan

pytestmark = pytest.mark.django_db
W = "2021W23"  # 2021-06-07 … 2021-06-13


def week_of_updates(district) -> Plan:
    plan = make_plan(district)
    a = plan.share(plan.task_a, district.branch_a1)
    b = plan.share(plan.task_b, district.branch_b1)
    services.report_create(actor=SYSTEM, assignment=b, percent=20, text="制定方案", today=datetime.date(2021, 6, 1))
    services.report_create(actor=SYSTEM, assignment=b, percent=50, text="开展两场", today=datetime.date(2021, 6, 8))
    services.report_create(
        actor=SYSTEM, assignment=b, percent=70, text="完成三场宣讲", today=datetime.date(2021, 6, 10)
    )
    services.report_create(actor=SYSTEM, assignment=a, percent=100, text="完成", today=datetime.date(2021, 5, 20))
    services.assignment_submit(actor=SYSTEM, assignment=a, today=datetime.date(2021, 5, 21))
    services.assignment_verify(actor=SYSTEM, assignment=a, today=datetime.date(2021, 6, 9))
    return plan


def test_the_weekly_report_says_what_moved_finished_and_is_late(district) -> None:
    plan = week_of_updates(district)
    c = district.client(district.district_admin)
    body = c.get(f"/campaigns/{plan.campaign.pk}/weekly/?week={W}").content.decode()
    moved = body.split("本周推进")[1].split("本周完成")[0]
    assert "乙党委红色教育" in moved and "20% → 70%" in moved and "完成三场宣讲" in moved
    finished = body.split("本周完成")[1]
    assert "甲党委中心组专题学习" in finished.split("逾期")[0]
    late = c.get(f"/campaigns/{plan.campaign.pk}/weekly/?week=2021W27").content.decode().split("逾期 (")[1]
    assert "乙党委红色教育" in late  # due 06-30, still open in the week of 07-05


def test_the_weekly_report_downloads_as_docx_with_chinese_fonts(district) -> None:
    plan = week_of_updates(district)
    response = district.client(district.district_admin).get(
        f"/campaigns/{plan.campaign.pk}/weekly/?week={W}&format=docx"
    )
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    xml = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()
    assert "一周一报" in xml and "乙党委红色教育" in xml and "20% → 70%" in xml
    assert 'w:eastAsia="宋体"' in xml and 'w:eastAsia="仿宋"' in xml


def test_units_do_not_get_the_district_weekly_report(district) -> None:
    plan = make_plan(district)
    assert district.client(district.unit_admin).get(f"/campaigns/{plan.campaign.pk}/weekly/").status_code == 403
    assert (
        district.client(district.district_admin).get(f"/campaigns/{plan.campaign.pk}/weekly/?week=bad").status_code
        == 404
    )


def test_the_weekly_command_writes_the_docx(district, tmp_path) -> None:
    import io as _io

    from django.core.management import call_command

    plan = week_of_updates(district)
    out = _io.StringIO()
    call_command("make_weekly_report", "--campaign", str(plan.campaign.pk), "--week", W, "--out", str(tmp_path),
                 stdout=out)  # fmt: skip
    assert "moved=1 finished=1" in out.getvalue()
    assert (tmp_path / f"weekly-{plan.campaign.pk}-{W}.docx").read_bytes()[:2] == b"PK"
