"""The demo district's finished 书记加油PK: a dozen branch secretaries present their work to five
judges (none scores their own unit's secretary) and an audience of member accounts; the
trimmed mean decides, the audience weighs 20%, the results are published.

Judges sign in as ``judge1`` … ``judge5`` with the demo password (the same hash as the other
demo accounts). Everything goes through the services (about a second).
"""

from __future__ import annotations

import datetime

from django.db import transaction

from lixing.accounts.models import Role, RoleAssignment, User
from lixing.common.demo import DemoContext
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member, Organization, OrgKind

from . import services
from .models import Contest, ContestKind, Criterion, EntryKind

CRITERIA = [("工作实绩", 50, 10), ("创新特色", 30, 10), ("现场表现", 20, 10)]
TOPICS = ["红色根脉强基工程", "“周二夜学”品牌建设", "党建引领基层治理", "“我为群众办实事”清单", "党建+直播",
          "社区微心愿", "党员先锋岗", "支部标准化建设"]  # fmt: skip


def build_demo_contests(ctx: DemoContext) -> None:
    if ctx.preset != "district":
        ctx.say("contests: the province preset has no demo contest")
        return
    root = Organization.objects.get(pk=ctx.root_id)
    with transaction.atomic():
        contest = _build(ctx, root)
    ctx.say(f"contests: {contest.title}, {contest.entries.count()} entries, {contest.votes.count()} audience votes")


def _build(ctx: DemoContext, root: Organization) -> Contest:
    rng = ctx.rng
    today: datetime.date = ctx.today if isinstance(ctx.today, datetime.date) else datetime.date.today()
    held = today - datetime.timedelta(days=30)
    contest = services.contest_create(
        actor=SYSTEM, unit=root, kind=ContestKind.SECRETARIES_PK, title=f"{held.year}年“书记加油PK”擂台赛",
        held_on=held, criteria=CRITERIA, rule="trimmed", votes_enabled=True, votes_per_day=3, vote_weight=20,
    )  # fmt: skip
    branches = list(
        Organization.objects.filter(path__startswith=root.path, kind=OrgKind.BRANCH, secretary__isnull=False,
                                    dissolved_at__isnull=True).select_related("secretary").order_by("path")
    )  # fmt: skip
    chosen = rng.sample(branches, min(12, len(branches)))
    entries = []
    for i, b in enumerate(sorted(chosen, key=lambda o: o.path), start=1):
        assert b.secretary is not None
        entries.append(services.entry_add(
            actor=SYSTEM, contest=contest, kind=EntryKind.SECRETARY, member=b.secretary, order=i,
            title=f"{b.short_name or b.name}：{rng.choice(TOPICS)}",
        ))  # fmt: skip
    committees = list(Organization.objects.filter(parent=root, kind=OrgKind.COMMITTEE).order_by("path"))
    template = User.objects.filter(username="admin").values_list("password", flat=True).first() or "!"
    rnd = contest.rounds.get(number=1)
    criteria = list(Criterion.objects.filter(contest=contest))
    strength = {e.pk: rng.uniform(6.5, 9.5) for e in entries}
    for n in range(1, 6):
        unit = committees[(n - 1) % len(committees)] if committees else root
        user, created = User.objects.get_or_create(username=f"judge{n}", defaults={"password": template,
                                                                                   "display_name": f"评委{n}"})  # fmt: skip
        if created:
            RoleAssignment.objects.create(user=user, role=Role.MEMBER, org=unit)
        judge = services.judge_assign(actor=SYSTEM, round=rnd, user=user, unit=unit)
        for entry in services.sheet_entries(judge):
            for c in criteria:
                value = max(0.0, min(c.max_score, strength[entry.pk] + rng.uniform(-1.2, 1.2)))
                services.score_save(actor=user, judge=judge, entry=entry, criterion=c, value=round(value, 1))
        services.sheet_submit(actor=user, judge=judge)
    voters = list(Member.objects.filter(org__path__startswith=root.path, user__isnull=False).values_list("user_id",
                                                                                                       flat=True))  # fmt: skip
    for voter_id in voters:
        for entry in rng.sample(entries, min(len(entries), rng.randint(1, 3))):
            services.vote_cast(voter=f"u{voter_id}", contest=contest, entry=entry, day=held)
    return services.contest_publish(actor=SYSTEM, contest=contest)
