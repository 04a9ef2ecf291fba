"""The briefing says indicators and key projects in the seeds' words, from the same
registered figures as the dashboard."""

import datetime
from decimal import Decimal as D

from django.utils import translation

from lixing.figures.periods import Period
from lixing.orgs.access import SYSTEM
from lixing.projects import services as project_services
from lixing.reports.briefing import briefing_content

from .conftest import put


def test_the_briefing_says_the_headline_values_and_the_project_list(district, econ, monkeypatch):
    today = datetime.date(2021, 5, 20)
    for path in ("lixing.indicators.figures.today", "lixing.projects.figures.today", "lixing.figures.registry.today"):
        monkeypatch.setattr(path, lambda: today)
    for org, cur, prior in ((district.branch_a1, "150.1", "120"), (district.branch_a2, "40.5", "30"),
                            (district.branch_b1, 24, 30)):  # fmt: skip
        for ind, a, b in ((econ.output, cur, prior), (econ.rate, 80, 80), (econ.staff, 3, 3)):
            put(ind, org, "2021-04", a)
            put(ind, org, "2020-04", b)
    project, _c = project_services.project_save(
        actor=SYSTEM, office=district.root, year=2021, name="石化五期", owner_unit=district.branch_a1,
        annual_plan=D(10000), total_investment=D(50000),
    )  # fmt: skip
    project_services.report_submit(actor=SYSTEM, project=project, invested=D(4000), progress="x",
                                   on=datetime.date(2021, 5, 17))  # fmt: skip
    with translation.override("zh-hans"):
        content = briefing_content(actor=SYSTEM, org=district.root, period=Period.parse("2021"), as_of=today,
                                   issue_no=1)  # fmt: skip
    said = [text for s in content.sections for text in s.examples]
    # 214.6 against 180: +19.2%.
    assert "4月，测试区完成规上工业产值214.6亿元，同比增长19.2%" in said, said
    assert "1个重点项目完成投资4000万元，完成年度计划40.0%" in said, said
