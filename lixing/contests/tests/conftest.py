"""A PK contest in the test district: three secretaries' entries and a three-criterion rubric."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from conftest import make_user
from lixing.accounts.models import Role
from lixing.contests import services
from lixing.contests.models import Contest, Criterion, Entry
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member
from lixing.orgs.services import org_set_secretary

HELD = datetime.date(2021, 6, 18)


@pytest.fixture
def pk(district: Any) -> Contest:
    org_set_secretary(actor=SYSTEM, org=district.branch_a2, member=Member.objects.filter(org=district.branch_a2).first())
    org_set_secretary(actor=SYSTEM, org=district.branch_b1, member=district.b1_members[0])
    contest = services.contest_create(
        actor=district.district_admin, unit=district.root, kind="secretaries_pk", title="书记加油PK",
        held_on=HELD, criteria=[("工作实绩", 50, 10), ("创新特色", 30, 10), ("现场表现", 20, 10)], rule="mean",
        votes_enabled=True, votes_per_day=2, vote_weight=20,
    )  # fmt: skip
    for i, org in enumerate([district.branch_a1, district.branch_a2, district.branch_b1], start=1):
        org.refresh_from_db()
        services.entry_add(actor=SYSTEM, contest=contest, kind="secretary", member=org.secretary,
                           title=f"{org.name}书记述职", order=i)  # fmt: skip
    return contest


def entries(contest: Contest) -> list[Entry]:
    return list(contest.entries.order_by("order"))


def criteria(contest: Contest) -> list[Criterion]:
    return list(contest.criteria.all())


def judge(district: Any, contest: Contest, name: str, unit: Any) -> Any:
    user = make_user(name, Role.MEMBER, unit)
    return services.judge_assign(actor=district.district_admin, round=contest.rounds.get(), user=user, unit=unit)


def fill(j: Any, values: dict[int, float]) -> None:
    """Score every criterion of each entry (by order) with the same value, then submit."""
    for e in services.sheet_entries(j):
        for c in criteria(j.round.contest):
            services.score_save(actor=j.user, judge=j, entry=e, criterion=c, value=values[e.order])
