"""The demo's practical deeds: a year of visits shaped like the Daxie report, tickets in
every state (some late), micro-projects in every phase, wishes, registrations and volunteering.

Daxie 2021: "走访调研企业163家次，收集问题和意见建议54个，实际解决问题23个；进社区、赴基层走访调研
206次……征集到主要难点问题15个，已顺利解决11个"; "成立100支以上党员行动小组". Everything is
written through the services, so counters and the audit log are true. The province preset
is skipped here: bench/deeds.py builds 500k tickets at that scale with bulk inserts.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from lixing.common.demo import DemoContext
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member, Organization, OrgKind

from . import services
from .models import Category, CategoryGroup, EventKind, Ticket, TicketEvent, VisitTarget
from .selectors import communities

FINER_CATEGORIES = [
    ("道路交通", CategoryGroup.PUBLIC, 10), ("物业管理", CategoryGroup.PUBLIC, 15),
    ("环境卫生", CategoryGroup.PUBLIC, 7), ("养老服务", CategoryGroup.PUBLIC, 20),
    ("用工招聘", CategoryGroup.ENTERPRISE, 20), ("审批服务", CategoryGroup.ENTERPRISE, 10),
    ("要素保障", CategoryGroup.ENTERPRISE, 30), ("报表填报", CategoryGroup.GRASSROOTS, 30),
]  # fmt: skip

ENTERPRISE_PROBLEMS = [
    "高端人才落户手续办理慢", "厂房场地不足希望协调", "产品推广渠道有限", "供应链对接不畅", "员工疫苗上门接种",
    "进出港车辆排队时间长", "企业扶持资金兑现进度", "用工招聘难", "危化品运输审批流程长", "员工子女入学咨询",
    "园区道路破损影响运输", "消防验收需指导", "出口退税办理咨询", "污水管网接入问题", "希望开通职工通勤班车",
]  # fmt: skip
COMMUNITY_PROBLEMS = [
    "广场舞噪音扰民", "小区停车位不足", "老旧小区加装电梯", "楼道堆物存在消防隐患", "流浪犬只伤人隐患",
    "居家养老助餐需求", "路灯损坏", "垃圾分类投放点异味", "架空层改造", "公共绿地被占用",
    "菜市场周边秩序乱", "老年人不会用智能手机", "小区监控覆盖不足", "雨水井堵塞积水", "健身器材老化",
]  # fmt: skip
SUGGESTIONS = ["建议增设便民服务点", "建议周末开放审批窗口", "建议组织政策宣讲会", "建议增加公交班次"]
TOPICS = ["我为企业解难题", "三服务走访", "我为群众办实事", "基层减负调研", "安全生产检查", "营商环境调研"]
PROJECTS = [
    ("海湾社区架空层改造为邻里中心", 86000), ("金海丰社区老年食堂", 120000), ("榭北社区健身步道", 65000),
    ("海信社区楼道照明更新", 18000), ("东港社区儿童游乐角", 45000), ("渡头社区雨水管网疏通", 52000),
    ("榭南社区电动自行车充电棚", 38000), ("海湾社区口袋公园", 99000), ("金海丰社区无障碍坡道", 26000),
    ("榭北社区垃圾分类亭升级", 30000), ("海信社区便民理发室", 12000), ("东港社区四点半课堂", 20000),
    ("渡头社区文化长廊", 40000), ("榭南社区停车位划线", 15000),
]  # fmt: skip
WISHES = [
    "一台助听器", "冬天的棉被", "孙子的书包和文具", "轮椅一辆", "陪伴聊天", "修理漏水的水龙头", "一次理发上门服务",
    "学习使用智能手机", "一箱牛奶", "老花镜", "电饭煲", "帮忙换灯泡", "春节对联和福字", "体检陪同",
]  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗"


def _categories() -> dict[str, list[Category]]:
    for i, (name, group, days) in enumerate(FINER_CATEGORIES):
        Category.objects.get_or_create(name=name, defaults={"group": group, "expected_days": days, "order": 50 + i})
    out: dict[str, list[Category]] = {g: [] for g in CategoryGroup.values}
    for cat in Category.objects.all():
        out[cat.group].append(cat)
    return out


def _spread(rng: random.Random, start: datetime.date, end: datetime.date, n: int) -> list[datetime.date]:
    days = (end - start).days
    return sorted(start + datetime.timedelta(days=rng.randrange(days + 1)) for _ in range(n))


def _backdate(ticket: Ticket, when: dict[str, datetime.date]) -> None:
    """Events get the dates the story gives them (services stamp "now")."""
    for kind, day in when.items():
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
        TicketEvent.objects.filter(ticket=ticket, kind=kind).update(at=at)


class _Story:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx, self.rng, self.today = ctx, ctx.rng, ctx.today
        self.root = Organization.objects.get(pk=ctx.root_id)
        sub = Organization.objects.filter(path__startswith=self.root.path, dissolved_at__isnull=True)
        self.committees = list(sub.filter(depth=self.root.depth + 1).order_by("path"))
        self.branches = list(sub.filter(kind=OrgKind.BRANCH).order_by("path"))
        self.communities = list(communities().filter(path__startswith=self.root.path)) or self.committees
        self.members = list(Member.objects.filter(org__path__startswith=self.root.path).select_related("org")[:20000])
        self.cats = _categories()
        self.start = self.today - datetime.timedelta(days=365)

    def members_of(self, org: Organization, n: int) -> list[Member]:
        pool = [m for m in self.members if m.org.path.startswith(org.path)] or self.members
        return self.rng.sample(pool, min(n, len(pool)))

    def unit_under(self, org: Organization) -> Organization:
        pool = [b for b in self.branches if b.path.startswith(org.path)] or [org]
        return self.rng.choice(pool)

    def visits(self, target: str, n_visits: int, n_problems: int, n_solved: int) -> None:
        """``n_visits`` visits; ``n_problems`` problems among them; ``n_solved`` of those solved."""
        days = _spread(self.rng, self.start, self.today - datetime.timedelta(days=20), n_visits)
        with_problems = set(self.rng.sample(range(n_visits), min(n_problems, n_visits)))
        extra = n_problems - len(with_problems)
        group = CategoryGroup.ENTERPRISE if target == VisitTarget.ENTERPRISE else CategoryGroup.GRASSROOTS
        texts = ENTERPRISE_PROBLEMS if target == VisitTarget.ENTERPRISE else COMMUNITY_PROBLEMS
        made: list[Ticket] = []
        for i, day in enumerate(days):
            committee = self.rng.choice(self.committees)
            count = (1 + (1 if extra > 0 and i % 7 == 0 else 0)) if i in with_problems else 0
            if count == 2:
                extra -= 1
            problems = [
                services.ProblemIn(
                    title=(self.rng.choice(SUGGESTIONS) if self.rng.random() < 0.15 else self.rng.choice(texts)),
                    description="走访中企业（群众）反映，需协调解决。", category=self.rng.choice(self.cats[group]),
                ) for _ in range(count)
            ]  # fmt: skip
            name = (self.rng.choice(self.branches).unit_name or "宁波某企业") if target == VisitTarget.ENTERPRISE \
                else self.rng.choice(self.communities).display_name  # fmt: skip
            visit = services.visit_create(
                actor=SYSTEM, org=committee, target_type=target, target_name=name, visited_on=day,
                topic=self.rng.choice(TOPICS), members=self.members_of(committee, self.rng.randint(1, 3)),
                problems=problems,
            )  # fmt: skip
            made += list(visit.tickets.select_related("office", "category"))
        self.rng.shuffle(made)
        for k, ticket in enumerate(made):
            self.progress(ticket, solved=k < n_solved, may_reopen=False)

    def progress(self, ticket: Ticket, *, solved: bool, may_reopen: bool = True) -> None:
        """Move a ticket along: solved ones all the way; the others stop somewhere on the way."""
        received = ticket.received_on
        unit = self.unit_under(
            ticket.office if ticket.office.depth > self.root.depth else self.rng.choice(self.committees)
        )
        assigned_on = received + datetime.timedelta(days=self.rng.randint(0, 3))
        if not solved and (self.today - received).days < 15:
            return  # still new
        leads = [m for m in self.members if m.org.path.startswith(unit.path)]
        lead = self.rng.choice(leads) if leads else None
        ticket = services.ticket_assign(actor=SYSTEM, ticket=ticket, unit=unit, lead=lead)
        when: dict[str, datetime.date] = {EventKind.RECEIVED: received, EventKind.ASSIGNED: assigned_on}
        stop = None if solved else self.rng.choice(["assigned", "in_progress", "partial", "cannot", "in_progress"])
        if stop == "assigned":
            _backdate(ticket, when)
            return
        ticket = services.ticket_start(actor=SYSTEM, ticket=ticket)
        when[EventKind.STARTED] = assigned_on + datetime.timedelta(days=1)
        if stop == "in_progress":
            _backdate(ticket, when)
            return
        span = max(ticket.category.expected_days + self.rng.randint(-8, 10), 1)
        answered = min(received + datetime.timedelta(days=span), self.today)
        if stop in ("partial", "cannot"):
            services.ticket_answer(actor=SYSTEM, ticket=ticket, outcome=stop, on=answered,
                                   reason="涉及上级审批权限，已向上级部门反映" if stop == "cannot" else "部分事项需跨年度安排资金")  # fmt: skip
            when[EventKind.ANSWERED] = answered
            _backdate(ticket, when)
            return
        ticket = services.ticket_answer(actor=SYSTEM, ticket=ticket, outcome="resolved", on=answered,
                                        reply="已协调相关部门解决，感谢您的反映。")  # fmt: skip
        when[EventKind.ANSWERED] = answered
        if self.rng.random() < 0.75 and answered < self.today:
            satisfied = self.rng.random() < 0.9 or not may_reopen
            services.ticket_confirm(actor=SYSTEM, ticket=ticket, satisfied=satisfied,
                                    note="" if satisfied else "希望彻底解决")  # fmt: skip
            when[EventKind.CONFIRMED if satisfied else EventKind.REOPENED] = answered + datetime.timedelta(days=2)
        _backdate(ticket, when)

    def other_tickets(self, n: int) -> None:
        """Calls, letters, meetings and the public form; the last few are still new."""
        days = _spread(self.rng, self.start, self.today, n)
        days += [self.today - datetime.timedelta(days=d) for d in (1, 3, 6)]
        for i, day in enumerate(days):
            ticket = self.received(day)
            if i < n:
                self.progress(ticket, solved=self.rng.random() < 0.55)

    def received(self, day: datetime.date) -> Ticket:
        source = self.rng.choice(["hotline", "letter", "meeting", "public", "public", "public"])
        enterprise = self.rng.random() < 0.25
        group = CategoryGroup.ENTERPRISE if enterprise else CategoryGroup.PUBLIC
        surname = self.rng.choice(SURNAMES)
        return services.ticket_create(
            actor=SYSTEM, office=self.root, source=source, category=self.rng.choice(self.cats[group]),
            title=self.rng.choice(ENTERPRISE_PROBLEMS if enterprise else COMMUNITY_PROBLEMS),
            description="来电（来信、来访）反映的问题，请尽快核实处理。", submitter_type="enterprise" if enterprise else "resident",
            submitter_name=f"{surname}先生" if self.rng.random() < 0.5 else f"{surname}女士",
            submitter_phone=f"13{self.rng.randrange(10**9):09d}", received_on=day,
            location=self.rng.choice(self.communities).display_name,
        )  # fmt: skip

    def projects(self) -> None:
        phases = ["proposed", "proposed", "rejected", "reviewed", "reviewed", "selected", "implementing",
                  "implementing", "implementing", "accepted", "accepted", "accepted", "accepted", "accepted"]  # fmt: skip
        for (title, cost), phase in zip(PROJECTS, phases, strict=True):
            community = next((c for c in self.communities if title[:3] in c.name), self.rng.choice(self.communities))
            proposed = self.start + datetime.timedelta(days=self.rng.randint(0, 150))
            resident = self.rng.random() < 0.6
            p = services.project_propose(
                actor=SYSTEM, org=community, title=title, description=f"居民提出：{title}，惠及周边居民。",
                proposer_kind="resident" if resident else "unit",
                proposer_name=f"{self.rng.choice(SURNAMES)}阿姨" if resident else community.display_name,
                proposer_phone=f"139{self.rng.randrange(10**8):08d}" if resident else "", proposed_on=proposed,
            )  # fmt: skip
            if phase == "proposed":
                continue
            reviewed = proposed + datetime.timedelta(days=20)
            p = services.project_review(actor=SYSTEM, project=p, feasible=phase != "rejected", on=reviewed,
                                        feasibility="经现场勘察，方案可行，造价经第三方评估。" if phase != "rejected"
                                        else "涉及规划调整，暂不具备实施条件。",
                                        estimated_cost=cost if phase != "rejected" else None, open_vote=True)  # fmt: skip
            if phase in ("rejected",):
                continue
            for _ in range(self.rng.randint(25, 160)):
                services.vote_cast(project=p, phone_h=services.phone_hash(f"13{self.rng.randrange(10**9):09d}"))
            p.refresh_from_db()
            if phase == "reviewed":
                continue
            selected = reviewed + datetime.timedelta(days=30)
            p = services.project_select(actor=SYSTEM, project=p, method="both", budget=cost, on=selected,
                                        council_decision="居民议事会表决通过，同意列入年度民生微实事。")  # fmt: skip
            if phase == "selected":
                continue
            steps = [("开工", 10, 0.1), ("主体施工", 60, 0.5), ("完工待验收", 100, 0.35)]
            if phase == "implementing":
                steps = steps[: self.rng.randint(1, 2)]
            day = selected
            for name, progress, share in steps:
                day += datetime.timedelta(days=self.rng.randint(15, 40))
                services.milestone_add(actor=SYSTEM, project=p, title=name, reached_on=min(day, self.today),
                                       progress=progress, spent=int(cost * share))  # fmt: skip
            if phase == "accepted":
                services.project_accept(actor=SYSTEM, project=p, note="验收合格，居民满意。",
                                        on=min(day + datetime.timedelta(days=10), self.today))  # fmt: skip

    def wishes(self) -> None:
        for i in range(36):
            community = self.rng.choice(self.communities)
            posted = self.start + datetime.timedelta(days=self.rng.randint(0, 330))
            name = self.rng.choice(SURNAMES) + self.rng.choice(["秀英", "桂芳", "阿婆", "建国", "志强", "美华"])
            w = services.wish_post(actor=SYSTEM, org=community, beneficiary_name=name,
                                   title=f"{self.rng.choice(WISHES)}", posted_on=posted)  # fmt: skip
            stage = i % 6
            if stage == 0:
                continue
            member = self.rng.choice(self.members)
            w = services.wish_claim(actor=SYSTEM, wish=w, member=member, on=posted + datetime.timedelta(days=2))
            if stage == 1:
                continue
            done = min(posted + datetime.timedelta(days=10), self.today)
            w = services.wish_fulfil(actor=SYSTEM, wish=w, note="党员公益日上门送达，老人很高兴。", on=done)
            if stage == 2:
                continue
            services.wish_confirm(actor=SYSTEM, wish=w, on=done)

    def volunteering(self) -> None:
        for community in self.communities:
            for unit in self.rng.sample(self.committees, min(3, len(self.committees))):
                if unit.pk != community.pk and not community.path.startswith(unit.path):
                    services.register_unit(actor=SYSTEM, community=community, unit=unit, on=self.start)
        in_service = [m for m in self.members if m.category == "in_service"]
        for m in self.rng.sample(in_service, min(400, len(in_service))):
            services.register_member(actor=SYSTEM, community=self.rng.choice(self.communities), member=m,
                                     on=self.start + datetime.timedelta(days=self.rng.randint(0, 200)))  # fmt: skip
        titles = ["党员公益日：义诊义剪", "垃圾分类宣传", "关爱独居老人走访", "文明养犬劝导", "社区环境清洁",
                  "反诈宣传进小区", "四点半课堂辅导"]  # fmt: skip
        day = self.start
        while day <= self.today + datetime.timedelta(days=20):
            day28 = day.replace(day=28)  # 党员公益日: the 28th of every month
            for community in self.rng.sample(self.communities, min(3, len(self.communities))):
                a = services.activity_publish(actor=SYSTEM, community=community, title=self.rng.choice(titles),
                                              held_on=day28, place=f"{community.display_name}党群服务中心")  # fmt: skip
                for m in self.rng.sample(self.members, min(self.rng.randint(4, 10), len(self.members))):
                    r = services.activity_sign_up(actor=SYSTEM, activity=a, member=m)
                    if day28 <= self.today:
                        services.volunteer_log(actor=SYSTEM, record=r, hours=self.rng.choice([1, 1.5, 2, 3]),
                                               people_served=self.rng.randint(3, 30))  # fmt: skip
                        if self.rng.random() < 0.9:
                            services.volunteer_confirm(actor=SYSTEM, record=r)
            day = (day28 + datetime.timedelta(days=7)).replace(day=1)
        for community in self.communities:
            t = services.team_create(actor=SYSTEM, org=community, kind="station", name=f"{community.display_name}红领驿站",
                                     focus="歇脚、饮水、充电、应急药箱，党员志愿者轮值", address=community.display_name)  # fmt: skip
            services.team_add_members(actor=SYSTEM, team=t, members=self.members_of(community, 6))
        focuses = ["助企服务", "文明城市创建", "平安巡防", "环境整治", "关爱老人", "疫情防控"]
        for i in range(104):  # "推进组建100支以上党员行动小组"
            org = self.rng.choice(self.branches or self.committees)
            t = services.team_create(actor=SYSTEM, org=org, kind="action_group",
                                     name=f"{org.display_name}党员行动小组{i % 3 + 1}", focus=self.rng.choice(focuses))  # fmt: skip
            services.team_add_members(actor=SYSTEM, team=t, members=self.members_of(org, 4))


def build_demo_deeds(ctx: DemoContext) -> None:
    if ctx.preset != "district":
        ctx.say("  deeds: province scale is built by bench/deeds.py (bulk insert + rebuild); skipped here")
        return
    story = _Story(ctx)
    story.visits(VisitTarget.ENTERPRISE, 163, 54, 23)
    story.visits(VisitTarget.COMMUNITY, 206, 15, 11)
    story.other_tickets(70)
    story.projects()
    story.wishes()
    story.volunteering()
    result = services.tickets_escalate(actor=SYSTEM, today=ctx.today)
    ctx.say(
        f"  deeds: 369 visits, {Ticket.objects.count()} tickets ({result.flagged} late), projects, wishes, volunteering"
    )
