"""The ladder on a source of its own (it knows nothing of what it escalates): one step per
run, notices numbered per series and year, idempotent, scoped reads."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lixing.escalation import registry
from lixing.escalation.models import Escalation, Step
from lixing.escalation.registry import EscalationSource, Subject
from lixing.escalation.selectors import escalations_in, monthly_listing
from lixing.escalation.services import escalate_run, escalation_answer
from lixing.figures.periods import Period
from lixing.orgs.access import SYSTEM

pytestmark = pytest.mark.django_db
D = datetime.date


class Things:
    """A stand-in line of work: things with a due date and an owner unit, done or not."""

    def __init__(self) -> None:
        self.items: dict[int, tuple[Any, datetime.date]] = {}
        self.done: set[int] = set()
        self.seen_steps: list[tuple[int, str]] = []

    def late(self, today: datetime.date, filters: Mapping[str, Any]) -> list[Subject]:
        return [Subject(id=k, owner=owner, due_on=due, title=f"事项{k}", notice_after_days=2, reply_days=3)
                for k, (owner, due) in sorted(self.items.items()) if due < today and k not in self.done]  # fmt: skip

    def on_steps(self, new: list[Escalation], actor: Any, today: datetime.date) -> None:
        self.seen_steps += [(e.subject_id, e.step) for e in new]


@pytest.fixture
def things() -> Iterator[Things]:
    t = Things()
    source = EscalationSource(key="test.things", label="things", late=t.late, on_steps=t.on_steps)
    saved = dict(registry._SOURCES)
    registry._SOURCES.clear()
    registry.register_escalation_source(source)
    yield t
    registry._SOURCES.clear()
    registry._SOURCES.update(saved)


def run(day: datetime.date) -> Any:
    (result,) = escalate_run(actor=SYSTEM, today=day)
    return result


def ladder(subject_id: int) -> list[tuple[str, datetime.date, int | None]]:
    rows = Escalation.objects.filter(subject_id=subject_id).order_by("issued_on", "id")
    return [(e.step, e.issued_on, e.number) for e in rows]


def test_a_late_thing_climbs_one_step_per_run_and_each_step_happens_once(district, things) -> None:
    things.items[1] = (district.branch_a1, D(2021, 5, 31))
    run(D(2021, 5, 31))
    assert ladder(1) == []  # due today is not late
    for _ in range(2):
        run(D(2021, 6, 1))
    assert ladder(1) == [(Step.REMINDER, D(2021, 6, 1), None)]
    run(D(2021, 6, 2))  # the reminder is one day old: no notice yet
    assert len(ladder(1)) == 1
    for _ in range(2):
        result = run(D(2021, 6, 3))
    assert result.notices == 0  # the second run of the day adds nothing
    notice = Escalation.objects.get(subject_id=1, step=Step.NOTICE)
    assert (notice.number, notice.reply_due, notice.code) == (1, D(2021, 6, 6), "督办〔2021〕第1号")
    run(D(2021, 6, 6))
    assert not Escalation.objects.filter(step=Step.LISTED).exists()  # the reply date has not passed
    run(D(2021, 6, 7))
    run(D(2021, 6, 30))
    assert [s for s, _, _ in ladder(1)] == [Step.REMINDER, Step.NOTICE, Step.LISTED]
    assert things.seen_steps == [(1, Step.REMINDER), (1, Step.NOTICE), (1, Step.LISTED)]


def test_a_thing_done_meanwhile_climbs_no_further(district, things) -> None:
    things.items[1] = (district.branch_a1, D(2021, 5, 31))
    run(D(2021, 6, 1))
    things.done.add(1)
    run(D(2021, 6, 20))
    assert [s for s, _, _ in ladder(1)] == [Step.REMINDER]


def test_notices_are_numbered_in_order_per_series_and_the_numbering_restarts_each_year(district, things) -> None:
    things.items.update({1: (district.branch_a1, D(2021, 12, 1)), 2: (district.branch_b1, D(2021, 12, 1)),
                         3: (district.branch_a2, D(2021, 12, 28))})  # fmt: skip
    run(D(2021, 12, 2))
    run(D(2021, 12, 5))
    assert [ladder(k)[-1][2] for k in (1, 2)] == [1, 2]
    run(D(2021, 12, 29))
    run(D(2022, 1, 3))
    assert ladder(3)[-1][1:] == (D(2022, 1, 3), 1)
    assert Escalation.objects.get(subject_id=3, step=Step.NOTICE).code == "督办〔2022〕第1号"


def test_a_source_may_stop_at_the_notice_and_hold_it_back_until_its_own_date(district) -> None:
    owner = district.branch_a1
    source = EscalationSource(
        key="test.tickets", label="t", last_step=Step.NOTICE,
        late=lambda today, f: [Subject(id=7, owner=owner, due_on=D(2021, 3, 1), title="工单", notice_after_days=0,
                                       notice_not_before=D(2021, 3, 9))],
    )  # fmt: skip
    saved = dict(registry._SOURCES)
    registry._SOURCES.clear()
    registry.register_escalation_source(source)
    try:
        for day in (2, 3, 8):
            run(D(2021, 3, day))
        assert [s for s, _, _ in ladder(7)] == [Step.REMINDER]
        for day in (9, 30):
            run(D(2021, 3, day))
        assert [s for s, _, _ in ladder(7)] == [Step.REMINDER, Step.NOTICE]
    finally:
        registry._SOURCES.clear()
        registry._SOURCES.update(saved)


def test_steps_are_read_in_the_owners_subtree_and_a_member_elsewhere_sees_none(district, things) -> None:
    things.items.update({1: (district.branch_a1, D(2021, 5, 1)), 2: (district.branch_b1, D(2021, 5, 1))})
    run(D(2021, 5, 2))
    mine = escalations_in(actor=district.unit_admin, org=district.root)
    assert [e.subject_id for e in mine] == [1]  # committee A's admin sees A's units only
    everything = escalations_in(actor=district.district_admin, org=district.committee_b, step=Step.REMINDER)
    assert [e.subject_id for e in everything] == [2]
    assert not escalations_in(actor=district.member, org=district.root).filter(subject_id=2).exists()


def test_the_monthly_listing_counts_the_months_steps_and_answers(district, things) -> None:
    things.items[1] = (district.branch_a1, D(2021, 5, 31))
    for day in (1, 3, 7):
        run(D(2021, 6, day))
    notice = Escalation.objects.get(step=Step.NOTICE)
    with pytest.raises(PermissionDenied):
        escalation_answer(actor=district.other_member, escalation=notice, text="不是我的")
    escalation_answer(actor=district.secretary, escalation=notice, text="已整改", today=D(2021, 7, 2))
    with pytest.raises(ValidationError):
        escalation_answer(actor=district.secretary, escalation=notice, text="再答一次")
    june = monthly_listing(actor=district.district_admin, period=Period.parse("2021-06"))
    july = monthly_listing(actor=district.district_admin, period=Period.parse("2021-07"))
    assert (june.reminders, len(june.notices), len(june.listed), len(june.answered)) == (1, 1, 1, 0)
    assert (july.reminders, len(july.notices), len(july.answered)) == (0, 0, 1)
