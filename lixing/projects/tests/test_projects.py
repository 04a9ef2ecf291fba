"""Key projects: the list, weekly reports, problems sent to the ticket system in one step
(their resolution shows on the project), monthly supervision, figures — scoped."""

import json
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from lixing.deeds import services as deeds_services
from lixing.figures.periods import Period
from lixing.imports.services import import_run
from lixing.indicators.tests.conftest import xlsx
from lixing.orgs.access import SYSTEM
from lixing.projects import selectors, services
from lixing.projects.figures import headline
from lixing.projects.models import Project, ProjectState, WeeklyReport

from .conftest import day


def test_the_owner_reports_weekly_and_a_second_report_in_the_week_replaces_the_first(district, projects):
    a, _b = projects
    services.report_submit(actor=district.secretary, project=a, invested=D(100), progress="开工", on=day("2021-03-01"),
                           state=ProjectState.STARTED)  # fmt: skip
    services.report_submit(actor=district.secretary, project=a, invested=D(120), progress="基础施工",
                           on=day("2021-03-03"))  # fmt: skip
    a.refresh_from_db()
    assert WeeklyReport.objects.filter(project=a).count() == 1
    assert a.invested == D(120) and a.state == ProjectState.STARTED and a.started_on == day("2021-03-01")


def test_a_unit_cannot_report_on_another_units_project(district, projects):
    _a, b = projects
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=district.secretary, project=b, invested=D(1), progress="x")


def test_a_problem_goes_to_the_ticket_system_in_one_step_and_its_resolution_shows(district, projects):
    a, _b = projects
    with pytest.raises(PermissionDenied):  # the office sends it, not the branch
        services.problem_send(actor=district.secretary, project=a, description="用地审批慢")
    problem = services.problem_send(actor=district.district_admin, project=a, description="用地审批慢")
    ticket = problem.ticket
    assert ticket is not None and ticket.unit == district.branch_a1 and ticket.state == "assigned"
    deeds_services.ticket_start(actor=district.secretary, ticket=ticket)
    deeds_services.ticket_answer(actor=district.secretary, ticket=ticket, outcome="resolved", reply="已协调国土部门")
    html = district.client(district.district_admin).get(f"/projects/{a.pk}/").content.decode()
    assert "用地审批慢" in html and "已协调国土部门" in html
    s = selectors.summary(actor=SYSTEM, org=district.root, year=2021, today=day("2021-07-02"))
    assert (s.problems, s.solved) == (1, 1)


def test_monthly_supervision_picks_the_lagging_and_the_silent(district, projects):
    a, b = projects
    services.report_submit(actor=SYSTEM, project=a, invested=D(200), progress="滞后", on=day("2021-06-28"))
    services.report_submit(actor=SYSTEM, project=b, invested=D(183), progress="正常", on=day("2021-06-28"))
    rows = selectors.supervision_list(actor=SYSTEM, org=district.root, year=2021, today=day("2021-07-02"))
    assert [r.project for r in rows] == [a]  # 20% against 50.1% due; B at 50.1%
    rows = selectors.supervision_list(actor=SYSTEM, org=district.root, year=2021, today=day("2021-07-20"))
    assert {r.project for r in rows} == {a, b}  # B has been silent for over a week


def test_the_figures_count_the_list_and_say_it_in_the_seeds_words(district, projects, monkeypatch):
    a, b = projects
    services.report_submit(actor=SYSTEM, project=a, invested=D(500), progress="x", on=day("2021-06-28"),
                           state=ProjectState.STARTED)  # fmt: skip
    services.report_submit(actor=SYSTEM, project=b, invested=D(365), progress="x", on=day("2021-06-28"),
                           state=ProjectState.COMPLETED)  # fmt: skip
    s = selectors.summary(actor=SYSTEM, org=district.root, year=2021, today=day("2021-07-02"))
    assert (s.listed, s.started, s.completed, s.behind) == (2, 2, 1, 0)
    assert s.plan_share == 865 / 1365
    with translation.override("zh-hans"):
        assert headline(s) == "2个重点项目完成投资865万元，完成年度计划63.4%"
    monkeypatch.setattr("lixing.projects.figures.today", lambda: day("2021-07-02"))
    from lixing.figures.selectors import figure_values

    values = figure_values(actor=district.unit_admin, orgs=[district.committee_a], period=Period.parse("2021"))
    assert values[district.committee_a.pk]["projects.listed"].value == 1  # B1's project is not A's


def test_someone_outside_sees_no_project(district, projects):
    a, _b = projects
    assert district.client(district.other_member).get(f"/projects/{a.pk}/").status_code == 404
    rows = selectors.project_list(actor=district.other_member, org=district.branch_b1, year=2021)
    assert [r.project.name for r in rows] == ["码头扩建"]


def test_the_list_page_has_a_pinned_number_of_queries(district, projects, django_assert_num_queries):
    c = district.client(district.district_admin)
    url = f"/projects/?org={district.root.pk}&year=2021"
    c.get(url)
    with django_assert_num_queries(7):
        html = c.get(url).content.decode()
    assert "石化五期" in html and "码头扩建" in html


def test_adding_a_project_twice_makes_one_record(district):
    c = district.client(district.district_admin)
    data = {"name": "新材料产业园", "owner_unit": district.committee_a.pk, "category": "industry",
            "total_investment": "1000", "annual_plan": "300", "lead_cadre": "", "planned_start": "2021-03-01"}  # fmt: skip
    for _ in range(2):
        assert c.post(f"/projects/new/?org={district.root.pk}&year=2021", data).status_code == 302
    assert Project.objects.filter(name="新材料产业园").count() == 1


HEAD = [
    "项目名称",
    "责任单位",
    "牵头领导",
    "项目类别",
    "总投资（万元）",
    "年度计划投资（万元）",
    "计划开工",
    "计划竣工",
]


def test_the_list_is_imported_and_bad_rows_leave_nothing_half_applied(district):
    bad = import_run(actor=district.district_admin, kind="project_list", org=district.root, options={"year": 2021},
                     source=xlsx([HEAD, ["甲项目", "甲党委", "王", "产业项目", 1000, 300, "2021-03-01", ""],
                                  ["乙项目", "无此单位", "", "", 10, 5, "", ""],
                                  ["丙项目", "乙党委", "", "宇宙项目", "很多", 5, "", ""],
                                  ["丁项目", "乙党委", "", "", 10, 50, "", ""]]))  # fmt: skip
    assert not bad.ok
    assert {(e.row, e.column) for e in bad.errors} == {(3, "责任单位"), (4, "项目类别"), (4, "总投资（万元）"),
                                                       (5, "年度计划投资（万元）")}  # fmt: skip
    assert not Project.objects.exists()
    good = import_run(actor=district.district_admin, kind="project_list", org=district.root, options={"year": 2021},
                      source=xlsx([HEAD, ["甲项目", "甲党委", "王", "产业项目", 1000, 300, "2021-03-01", ""]]))  # fmt: skip
    assert good.ok and Project.objects.get().owner_unit == district.committee_a


def test_the_api_lists_and_takes_weekly_reports(district, projects):
    a, _b = projects
    c = district.client(district.secretary)
    rows = c.get(f"/api/v1/projects/?org={district.branch_a1.pk}&year=2021").json()
    assert [r["name"] for r in rows] == ["石化五期"]
    resp = c.post(f"/api/v1/projects/{a.pk}/reports", json.dumps({"invested": "250.5", "progress": "桩基完成"}),
                  content_type="application/json")  # fmt: skip
    assert resp.status_code == 201, resp.content
    a.refresh_from_db()
    assert a.invested == D("250.5")
    bad = c.post(f"/api/v1/projects/{a.pk}/reports", json.dumps({"invested": -1, "progress": "x"}),
                 content_type="application/json")  # fmt: skip
    assert bad.status_code == 422
    other = district.client(district.other_member)
    assert other.get(f"/api/v1/projects/{a.pk}").status_code == 404


def test_a_problem_is_sent_even_when_the_base_categories_were_removed(district, projects):
    from lixing.deeds.models import Category

    Category.objects.all().delete()
    problem = services.problem_send(actor=district.district_admin, project=projects[0], description="电力增容")
    assert problem.ticket is not None and problem.ticket.category.name == "企业难题"
