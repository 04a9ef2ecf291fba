"""Competitions: participation and average by unit from counters, top individuals, figures."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from lixing.accounts.models import Role
from lixing.figures.periods import Period
from lixing.figures.registry import get
from lixing.figures.selectors import figure_records, figure_values
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Organization, Rollup
from lixing.orgs.rollups import rollup_rebuild
from lixing.quizzes import services
from lixing.quizzes.models import Competition

from .conftest import qid


def _competition(district: Any, bank: Any) -> Competition:
    now = timezone.now()
    return services.competition_create(
        actor=SYSTEM, org=district.root, bank=bank, title="党史知识竞赛", fixed_questions=[qid(bank, "S1"), qid(bank, "S2")],
        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=1), shuffle_options=False,
    )  # fmt: skip


def _take(district: Any, member: Any, paper: Any, right: int) -> None:
    user = member.user or make_user(f"u{member.pk}", Role.MEMBER, member.org)
    if member.user is None:
        member.user = user
        member.save(update_fields=["user"])
    a = services.attempt_start(actor=user, paper=paper)
    answers = {1: [0] if right >= 1 else [1], 2: [1] if right >= 2 else [0]}
    # S1 key 0, S2 key 1 (shuffle off, fixed order)
    services.attempt_submit(actor=user, attempt=a, answers=answers)


def _counters() -> set[tuple[int, str, str, int, int]]:
    return set(Rollup.objects.filter(key__startswith="quizzes.").values_list("org_id", "key", "bucket", "own", "total"))


def test_board_ranks_units_by_average_and_participation_from_counters(district: Any, bank: Any,
                                                                      django_assert_num_queries: Any) -> None:  # fmt: skip
    comp = _competition(district, bank)
    a1 = district.a1_members  # 5 members in A1
    for m in a1[:4]:
        _take(district, m, comp.paper, 1)  # 50 each
    _take(district, district.b1_members[0], comp.paper, 2)  # 100: one of 3 in B1
    client = district.client(district.district_admin)
    page = client.get(reverse("quizzes:competition", args=[comp.pk]))
    assert page.status_code == 200
    units = {u.org.pk: u for u in page.context["units"]}
    a, b = units[district.committee_a.pk], units[district.committee_b.pk]
    assert (a.entries, a.members, a.average) == (4, 7, 50.0)
    assert (b.entries, b.members, b.average) == (1, 3, 100.0)
    assert page.context["units"][1].org == district.committee_b  # the small unit with the better average leads
    assert next(r.member.name for r in page.context["top"]) == district.b1_members[0].name
    with django_assert_num_queries(7):
        client.get(reverse("quizzes:competition_board", args=[comp.pk]))


def test_board_is_scoped_and_refreshes_itself(district: Any, bank: Any) -> None:
    comp = _competition(district, bank)
    _take(district, district.a1_members[1], comp.paper, 2)
    _take(district, district.b1_members[0], comp.paper, 1)
    page = district.client(district.other_member).get(reverse("quizzes:competition", args=[comp.pk]))
    html = page.content.decode()
    assert 'hx-trigger="every 15s"' in html
    assert page.context["org"] == district.branch_b1
    assert [r.member.pk for r in page.context["top"]] == [district.b1_members[0].pk]  # nothing of A
    assert (
        district.client(district.other_member)
        .get(reverse("quizzes:competition", args=[comp.pk]) + f"?org={district.committee_a.pk}")
        .status_code
        == 404
    )


def test_figures_drill_down_and_match_a_rebuild(district: Any, bank: Any) -> None:
    comp = _competition(district, bank)
    for m in district.a1_members[:3]:
        _take(district, m, comp.paper, 2)
    _take(district, district.b1_members[0], comp.paper, 0)
    for m in district.a1_members[3:5]:
        _take(district, m, comp.paper, 1)
    root = Organization.objects.get(pk=district.root.pk)
    period = Period.parse("all")
    values = figure_values(actor=SYSTEM, orgs=[root], period=period,
                           figures=[get("quizzes.entries"), get("quizzes.average_score"), get("quizzes.participation")])[root.pk]  # fmt: skip
    assert values["quizzes.entries"].value == 6
    assert values["quizzes.average_score"].value == round((300 + 0 + 100) / 6, 1)
    assert values["quizzes.participation"].value == 6 / 10
    records = figure_records(actor=district.unit_admin, org=district.committee_a, period=period, key="quizzes.entries")
    assert records.count() == 5  # A only, in the unit admin's scope
    before = _counters()
    rollup_rebuild()
    assert _counters() == before


def test_practice_is_never_comparable() -> None:
    assert get("quizzes.practice_reviews").comparable is False
    assert get("quizzes.practice_reviews").records is None  # no drill-down into a member's practice
