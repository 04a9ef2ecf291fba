"""The demo's key projects: the district's list for this year (Daxie-like: 石化, 新材料, 码头,
园区道路 …) owned by the committees, with milestones and weekly reports up to today — most on
track, some behind plan, one silent for weeks, a few completed — and problems from the
reports sent to the ticket system, some already solved. Written through the services (and
deeds' services for the tickets' progress)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from lixing.common.demo import DemoContext
from lixing.deeds import services as deeds_services
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Organization, OrgKind

from . import services
from .models import ProjectCategory, ProjectState
from .standing import expected_share

# (name, category, total 万元, annual plan 万元, pace: share of the time-proportional plan reached)
PROJECTS = [
    ("大榭石化五期项目", ProjectCategory.INDUSTRY, Decimal(2_600_000), Decimal(520_000), Decimal("1.05")),
    ("万华高性能材料研究院", ProjectCategory.INDUSTRY, Decimal(180_000), Decimal(60_000), Decimal("1.10")),
    ("馏分油改扩建轻芳构化项目", ProjectCategory.INDUSTRY, Decimal(95_000), Decimal(40_000), Decimal(1)),
    ("华泰盛富二期项目", ProjectCategory.INDUSTRY, Decimal(420_000), Decimal(150_000), Decimal("0.62")),
    ("东华能源三期项目", ProjectCategory.INDUSTRY, Decimal(650_000), Decimal(200_000), Decimal("0.98")),
    ("穿鼻岛综合开发", ProjectCategory.INFRASTRUCTURE, Decimal(300_000), Decimal(50_000), Decimal("0.55")),
    ("招商国际码头扩建", ProjectCategory.INFRASTRUCTURE, Decimal(210_000), Decimal(70_000), Decimal("1.02")),
    ("园区主干道提升改造", ProjectCategory.INFRASTRUCTURE, Decimal(28_000), Decimal(28_000), Decimal("2.2")),
    ("海湾社区邻里中心", ProjectCategory.SOCIAL, Decimal(6_500), Decimal(6_500), Decimal("2.2")),
    ("大榭中学扩建", ProjectCategory.SOCIAL, Decimal(18_000), Decimal(12_000), Decimal("0.97")),
    ("老旧小区综合改造", ProjectCategory.URBAN, Decimal(9_800), Decimal(9_800), Decimal("0.90")),
]
PROBLEMS = ["施工用地审批进度慢", "大件运输通道需协调", "用电增容手续待办", "施工用工短缺", "环评批复待下达"]


def build_demo_projects(ctx: DemoContext) -> None:
    if ctx.preset != "district":
        return
    root = Organization.objects.get(pk=ctx.root_id)
    units = list(Organization.objects.filter(parent=root, kind=OrgKind.COMMITTEE).order_by("path"))
    if not units:
        return
    today, year = ctx.today, ctx.today.year
    n_problems = 0
    for i, (name, category, total, plan, pace) in enumerate(PROJECTS):
        unit = units[i % len(units)]
        project, _created = services.project_save(
            actor=SYSTEM, office=root, year=year, name=name, owner_unit=unit, annual_plan=plan, total_investment=total,
            lead_cadre=f"{'王李张刘陈杨黄赵周吴徐'[i]}{'建国志强海峰立新'[i % 8]}", category=category,
            planned_start=datetime.date(year, 1 + i % 3, 1), planned_end=datetime.date(year + (1 if total > plan else 0), 12, 31),
        )  # fmt: skip
        for q, title in enumerate(("开工建设", "主体结构完成", "设备安装", "竣工验收")):
            due = datetime.date(year, 3 * q + 3, 28)
            m = services.milestone_add(actor=SYSTEM, project=project, title=title, due_on=due)
            slow = pace < Decimal("0.8")
            if due < today and not (slow and q >= 2):
                services.milestone_done(
                    actor=SYSTEM, milestone=m, on=due - datetime.timedelta(days=ctx.rng.randint(0, 10))
                )
        completes = total == plan and pace >= 2  # finished within the year
        silent = i == len(PROJECTS) - 1  # has not reported for weeks
        day = datetime.date(year, 1, 7)
        last = today - datetime.timedelta(days=30 if silent else 1)
        first = True
        while day <= last:
            share = min(expected_share(year, day) * pace, Decimal(1))
            invested = (plan * share).quantize(Decimal("0.01"))
            done = completes and share >= 1
            problems = PROBLEMS[(i + day.isocalendar()[1]) % len(PROBLEMS)] if pace < 1 and day.day <= 7 else ""
            report = services.report_submit(
                actor=SYSTEM, project=project, invested=invested, on=day,
                progress="按计划推进" if pace >= 1 else "进度滞后，正在协调解决", problems=problems,
                state=ProjectState.COMPLETED if done else (ProjectState.STARTED if first else None),
            )  # fmt: skip
            first = False
            if problems and n_problems < 12:
                problem = services.problem_send(actor=SYSTEM, project=project, description=problems, report=report)
                n_problems += 1
                if ctx.rng.random() < 0.5 and problem.ticket is not None:
                    deeds_services.ticket_start(actor=SYSTEM, ticket=problem.ticket)
                    deeds_services.ticket_answer(actor=SYSTEM, ticket=problem.ticket, outcome="resolved",
                                                 reply="已协调解决", on=min(day + datetime.timedelta(days=9), today))  # fmt: skip
            if done:
                break
            day += datetime.timedelta(days=7)
    ctx.say(f"  projects: {len(PROJECTS)} key projects, {n_problems} problems sent to the ticket system")
