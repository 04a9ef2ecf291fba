"""The demo campaign: 党史学习教育 for the demo district, a 5 · 24 · 62 plan at mixed stages
(some finished on time, some late, some supervised, one returned), written through the
services so counters, progress and audit are all true."""

from __future__ import annotations

import datetime
from decimal import Decimal

from lixing.common.demo import DemoContext
from lixing.escalation.models import Escalation, Step
from lixing.escalation.services import escalation_answer
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member, Organization, OrgKind

from . import services
from .demo_plan import GROUPS, PLAN
from .models import Assignment, GroupRole
from .supervision import escalate, series_of

DAY = datetime.timedelta(days=1)
RETURN_REASON = "佐证材料不全，请补充活动照片和签到表后重新提交。"
REPORT_TEXTS = [
    "已制定实施方案，召开部署会。", "已完成阶段性工作，形成台账。", "已组织开展，参加党员干部百余人次。",
    "正在推进，下周完成材料汇总。", "已完成过半，部分支部尚未开展。", "活动已开展，照片和签到表已上传。",
]  # fmt: skip
ANSWER = "已召开专题会议研究推进，落实专人负责，计划两周内完成并报送佐证材料。"


def build_demo_campaign(ctx: DemoContext) -> None:
    root = Organization.objects.get(pk=ctx.root_id)
    rng = ctx.rng
    today: datetime.date = ctx.today
    subtree = Organization.objects.filter(path__startswith=root.path, dissolved_at__isnull=True)
    committees = list(subtree.filter(depth=root.depth + 1).order_by("path")[:40]) or [root]
    branches = list(subtree.filter(kind=OrgKind.BRANCH).order_by("path")[:300])
    start = datetime.date(today.year, 2, 26)
    if start > today - 60 * DAY:
        start = today - 90 * DAY
    end = max(datetime.date(start.year, 12, 31), today + 60 * DAY)
    campaign = services.campaign_create(
        actor=SYSTEM, org=root, title=f"{start.year}年党史学习教育", motto="学党史、悟思想、办实事、开新局",
        starts_on=start, ends_on=end,
    )  # fmt: skip
    people = list(Member.objects.filter(org__path__startswith=root.path).order_by("id")[:40])
    for name, leading, duty in GROUPS:
        group = services.group_create(actor=SYSTEM, campaign=campaign, name=name, is_leading=leading, duty=duty)
        roles = [GroupRole.LEADER, GroupRole.DEPUTY, GroupRole.MEMBER, GroupRole.MEMBER]
        if leading:
            roles = [GroupRole.LEADER, GroupRole.DEPUTY, GroupRole.DEPUTY, GroupRole.DIRECTOR, GroupRole.MEMBER]
        for role in roles:
            member = people.pop(0) if people else None
            services.group_person_add(actor=SYSTEM, group=group, name=member.name if member else "联络员", role=role,
                                      position=member.position if member else "", member=member)  # fmt: skip

    total = sum(len(tasks) for _, measures in PLAN for _, tasks in measures)
    span = (end - start).days
    n = 0
    tasks = []
    for theme_title, measures in PLAN:
        theme = services.theme_create(actor=SYSTEM, campaign=campaign, title=theme_title)
        for measure_title, task_titles in measures:
            measure = services.measure_create(actor=SYSTEM, theme=theme, title=measure_title)
            for title in task_titles:
                n += 1
                # Offices fix most dates by hand; every seventh is left to the planner.
                due = None if n % 7 == 0 else start + datetime.timedelta(days=int(span * (0.15 + 0.8 * n / total)))
                units = rng.sample(committees, k=min(len(committees), rng.choice([1, 1, 2, 3])))
                if branches and rng.random() < 0.3:
                    units.append(rng.choice(branches))
                tasks.append(services.task_create(
                    actor=SYSTEM, measure=measure, title=title, lead_unit=rng.choice(committees[:4]),
                    responsible_units=units, due_on=due, weight=rng.choice([None, None, None, Decimal(2), Decimal(3)]),
                    done_definition="按方案完成并上传佐证材料", starts_on=start,
                ))  # fmt: skip
    services.schedule_apply(actor=SYSTEM, campaign=campaign)
    _work(campaign.pk, today, start, rng)
    # A fortnight of daily supervision runs: reminders, then notices, then monthly listings.
    for back in range(21, -1, -1):
        escalate(today=today - back * DAY, campaign_id=campaign.pk)
    notices = list(Escalation.objects.filter(series=series_of(campaign.pk), step=Step.NOTICE).order_by("id"))
    for s in notices[: len(notices) // 2]:
        escalation_answer(actor=SYSTEM, escalation=s, text=ANSWER, today=min(s.reply_due or today, today))
    ctx.say(f"campaigns: {campaign.title}: 5 themes, 24 measures, {len(tasks)} tasks, {len(notices)} notices")


def _work(campaign_id: int, today: datetime.date, start: datetime.date, rng: object) -> None:
    import random

    assert isinstance(rng, random.Random)
    returned = False
    for a in Assignment.objects.filter(campaign_id=campaign_id).select_related("task", "unit").order_by("id"):
        due = a.task.due_on or today
        roll = rng.random()
        if due < today:
            day = max(start, due - rng.randint(3, 25) * DAY)
            if roll < 0.75:
                services.report_create(actor=SYSTEM, assignment=a, percent=rng.choice([60, 80]),
                                       text=rng.choice(REPORT_TEXTS), today=day)  # fmt: skip
                submit_day = min(today, due + (rng.randint(1, 6) * DAY if roll > 0.65 else -DAY))
                services.assignment_submit(actor=SYSTEM, assignment=a, text="已完成。", today=submit_day)
                if roll < 0.6:
                    services.assignment_verify(actor=SYSTEM, assignment=a, today=min(today, submit_day + 2 * DAY))
                elif not returned:
                    services.assignment_return(actor=SYSTEM, assignment=a, reason=RETURN_REASON, today=today - DAY)
                    returned = True
            elif roll < 0.9:
                services.report_create(actor=SYSTEM, assignment=a, percent=rng.choice([20, 40, 50]),
                                       text=rng.choice(REPORT_TEXTS), today=day)  # fmt: skip
            # else: never started — late with nothing reported.
        elif roll < 0.55:
            day = max(start, today - rng.randint(0, 20) * DAY)
            services.report_create(actor=SYSTEM, assignment=a, percent=rng.choice([10, 30, 50, 70]),
                                   text=rng.choice(REPORT_TEXTS), today=day)  # fmt: skip
