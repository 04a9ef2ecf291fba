"""Property test: with records of every line of work, roll-ups maintained incrementally equal
a full rebuild after any sequence of changes — the tree's own (creates, moves, merges,
dissolutions, secretaries, members created, confirmed, transferred, deleted), study sessions
with attendance (recorded, re-dated, un-ticked, deleted), kinds added, renamed and retired
(held by branches or by committees), quiz entries, confirmed volunteer service, community
registrations, teams and tickets. ``verify_rollups``' comparison is checked on the way."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lixing.accounts.models import Role, RoleAssignment, User
from lixing.deeds import services as deeds
from lixing.deeds.models import Category, TicketSource
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member, Organization, OrgKind
from lixing.orgs.rollups import rollup_rebuild, rollup_verify
from lixing.orgs.tests.test_rollup_properties import KINDS_OF_CHANGE, _pick, rolled_back, rollup_table, seed
from lixing.orgs.tests.test_rollup_properties import apply as apply_tree_change
from lixing.quizzes import services as quizzes
from lixing.quizzes.models import Paper
from lixing.study import services as study
from lixing.study.defaults import ensure_defaults
from lixing.study.models import Attendance, SessionKind, StudySession

_n = itertools.count(1)
DAYS = [datetime.date(2021, 4, 12), datetime.date(2021, 4, 18), datetime.date(2021, 6, 30), datetime.date(2022, 1, 3)]


def seed_lines() -> Paper:
    seed()
    ensure_defaults()
    root = Organization.objects.get(depth=1)
    bank = quizzes.bank_create(actor=SYSTEM, org=root, name="题库")
    quizzes.bank_load(actor=SYSTEM, bank=bank, items=[
        {"code": "T1", "kind": "truefalse", "text": "高质量发展是首要任务。", "options": ["正确", "错误"], "answer": [0]},
    ])  # fmt: skip
    now = timezone.now()
    competition = quizzes.competition_create(
        actor=SYSTEM, org=root, bank=bank, title="知识竞赛", fixed_questions=[bank.questions.get().pk],
        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=1), shuffle_options=False,
    )  # fmt: skip
    return competition.paper


def _user_of(member: Member) -> User:
    if member.user_id is None:
        user = User.objects.create_user(username=f"m{member.pk}", password="x-Lixing-2026")
        RoleAssignment.objects.create(user=user, role=Role.MEMBER, org=member.org)
        member.user = user
        member.save(update_fields=["user"])
    assert member.user is not None
    return member.user


def apply_line_change(op: tuple[str, int, int], paper: Paper) -> None:
    name, a, b = op
    orgs = list(Organization.objects.filter(dissolved_at__isnull=True).order_by("path"))
    members = list(Member.objects.select_related("org").order_by("pk"))
    kinds = list(SessionKind.objects.filter(is_active=True).order_by("pk"))
    sessions = list(StudySession.objects.select_related("unit").order_by("pk"))
    try:
        if name == "session":
            unit = _pick(orgs, a)
            chosen = [kinds[a % len(kinds)], kinds[b % len(kinds)]]
            session = study.session_create(actor=SYSTEM, unit=unit, kinds=chosen, date=DAYS[b % len(DAYS)],
                                           topic="学习", place="活动室")  # fmt: skip
            present = [m for m in members if m.org.path.startswith(unit.path)][: 1 + b % 3]
            if present:
                study.attendance_tick(actor=SYSTEM, session=session, members=present)
        elif name == "redate" and sessions:
            study.session_update(actor=SYSTEM, session=_pick(sessions, a), date=DAYS[b % len(DAYS)])
        elif name == "untick":
            row = _pick(list(Attendance.objects.select_related("session", "member__org").order_by("pk")), a)
            if row is not None:
                study.attendance_remove(actor=SYSTEM, session=row.session, member=row.member)
        elif name == "drop_session" and sessions:
            study.session_delete(actor=SYSTEM, session=_pick(sessions, a))
        elif name == "kind":
            if b % 3 == 0:
                study.session_kind_create(actor=SYSTEM, code=f"k{next(_n)}", name=f"新类型{a}",
                                          held_by="committee" if a % 2 else "branch")  # fmt: skip
            elif b % 3 == 1:
                study.session_kind_update(actor=SYSTEM, kind=_pick(kinds, a), name=f"改名{a}")
            elif len(kinds) > 2:
                study.session_kind_update(actor=SYSTEM, kind=_pick(kinds, a), is_active=False)
        elif name == "quiz" and members:
            user = _user_of(_pick(members, a))
            attempt = quizzes.attempt_start(actor=user, paper=paper)
            quizzes.attempt_submit(actor=user, attempt=attempt, answers={1: [b % 2]})
        elif name == "volunteer" and members:
            member = _pick(members, a)
            activity = deeds.activity_publish(actor=SYSTEM, community=_pick(orgs, b), title="义剪", held_on=DAYS[b % 4])
            record = deeds.activity_sign_up(actor=SYSTEM, activity=activity, member=member)
            deeds.volunteer_log(actor=SYSTEM, record=record, hours=Decimal("1.5"), people_served=b % 5)
            deeds.volunteer_confirm(actor=SYSTEM, record=record)
        elif name == "register":
            if b % 2 and members:
                deeds.register_member(actor=SYSTEM, community=_pick(orgs, b), member=_pick(members, a),
                                      on=DAYS[a % 4])  # fmt: skip
            else:
                deeds.register_unit(actor=SYSTEM, community=_pick(orgs, b), unit=_pick(orgs, a), on=DAYS[a % 4])
        elif name == "team":
            deeds.team_create(actor=SYSTEM, org=_pick(orgs, a), kind="station" if b % 2 else "action_group",
                              name=f"队伍{next(_n)}")  # fmt: skip
        elif name == "ticket":
            category, _ = Category.objects.get_or_create(
                name="群众诉求", defaults={"group": "public", "expected_days": 15}
            )
            deeds.ticket_create(actor=None, office=_pick(orgs, a), source=TicketSource.PUBLIC, category=category,
                                title="路灯不亮", description="小区门口路灯坏了", submitter_type="resident",
                                submitter_name="王大妈", submitter_phone="13812345678")  # fmt: skip
    except (ValidationError, PermissionDenied):
        pass  # a refused change must change nothing


LINE_CHANGES = ["session", "session", "redate", "untick", "drop_session", "kind", "quiz", "volunteer", "register",
                "team", "ticket"]  # fmt: skip
ops = st.lists(
    st.tuples(st.sampled_from([*KINDS_OF_CHANGE, *LINE_CHANGES]), st.integers(0, 30), st.integers(0, 30)),
    min_size=1,
    max_size=16,
)


@pytest.mark.django_db
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=ops)
def test_counters_of_every_line_of_work_equal_a_rebuild_after_any_sequence(
    sequence: list[tuple[str, int, int]],
) -> None:
    with rolled_back():
        paper = seed_lines()
        for op in sequence:
            if op[0] in KINDS_OF_CHANGE:
                apply_tree_change(op)
            else:
                apply_line_change(op, paper)
        assert rollup_verify() == []
        incremental = rollup_table()
        rollup_rebuild()
        assert rollup_table() == incremental


@pytest.mark.django_db
def test_a_transfer_after_records_of_every_line_keeps_counters_true() -> None:
    paper = seed_lines()
    for op in [("session", 0, 1), ("quiz", 0, 0), ("volunteer", 0, 1), ("register", 0, 1), ("session", 3, 2)]:
        apply_line_change(op, paper)
    branches = list(Organization.objects.filter(kind=OrgKind.BRANCH).order_by("path"))
    member = Member.objects.filter(org=branches[0]).order_by("pk").first()
    assert member is not None
    apply_tree_change(("transfer", list(Member.objects.order_by("pk")).index(member), 3))
    assert rollup_verify() == []
