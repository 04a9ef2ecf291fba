"""Records of every line of work for the cross-cutting tests (roll-ups, transfers)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lixing.accounts.models import Role, RoleAssignment, User
from lixing.deeds import services as deeds
from lixing.orgs.access import SYSTEM
from lixing.quizzes import services as quizzes
from lixing.quizzes.models import QuestionBank
from lixing.study import services as study
from lixing.study.defaults import ensure_defaults
from lixing.study.models import SessionKind

DAY = datetime.date(2021, 4, 14)


def make_records(district: Any) -> Any:
    """A party day at A1 attended by a member, confirmed service, and a competition entry."""
    ensure_defaults()
    member = district.a1_members[2]
    session = study.session_create(actor=SYSTEM, unit=district.branch_a1, kinds=[SessionKind.objects.get(code="party_day")],
                                   date=DAY, topic="学党史", place="活动室")  # fmt: skip
    study.attendance_tick(actor=SYSTEM, session=session, members=[member])
    activity = deeds.activity_publish(actor=SYSTEM, community=district.branch_a1, title="义剪", held_on=DAY)
    record = deeds.activity_sign_up(actor=SYSTEM, activity=activity, member=member)
    deeds.volunteer_log(actor=SYSTEM, record=record, hours=Decimal("2.5"), people_served=4)
    deeds.volunteer_confirm(actor=SYSTEM, record=record)
    bank = quizzes.bank_create(actor=SYSTEM, org=district.root, name="题库")
    quizzes.bank_load(actor=SYSTEM, bank=bank, items=[
        {"code": "T1", "kind": "truefalse", "text": "高质量发展是首要任务。", "options": ["正确", "错误"], "answer": [0]},
    ])  # fmt: skip
    now = timezone.now()
    competition = quizzes.competition_create(
        actor=SYSTEM, org=district.root, bank=bank, title="知识竞赛",
        fixed_questions=[QuestionBank.objects.get(pk=bank.pk).questions.get().pk],
        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=1), shuffle_options=False,
    )  # fmt: skip
    member.user = User.objects.create_user(username="transferee", password="x-Lixing-2026")
    RoleAssignment.objects.create(user=member.user, role=Role.MEMBER, org=district.branch_a1)
    member.save(update_fields=["user"])
    attempt = quizzes.attempt_start(actor=member.user, paper=competition.paper)
    quizzes.attempt_submit(actor=member.user, attempt=attempt, answers={1: [0]})
    return member
