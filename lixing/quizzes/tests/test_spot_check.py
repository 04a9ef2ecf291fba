"""Spot checks: a stratified random draw, notices, results by unit, who has not taken it."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from typing import Any

from django.urls import reverse
from django.utils import timezone

from conftest import make_member
from lixing.orgs.access import SYSTEM
from lixing.quizzes import services
from lixing.quizzes.models import Notice, SpotCheck, SpotCheckDraw


def _spot(district: Any, bank: Any, share: int = 40) -> SpotCheck:
    return services.spot_check_create(
        actor=SYSTEM, org=district.root, bank=bank, title="二十大精神抽查", deadline=timezone.now() + datetime.timedelta(days=3),
        share_percent=share, blueprint=[{"tag": "二十大报告", "difficulty": 0, "count": 3}], rng=random.Random(7),
    )  # fmt: skip


def test_draw_is_stratified_by_unit_with_at_least_one_each(district: Any, bank: Any) -> None:
    for i in range(10):
        make_member(district.branch_a2, f"甲二加{i}")
    spot = _spot(district, bank, share=25)
    by_unit = Counter(SpotCheckDraw.objects.filter(spot_check=spot).values_list("org_id", flat=True))
    # A1 5 members → ⌈1.25⌉ = 2; A2 12 → 3; B1 3 → 1.
    assert by_unit == {district.branch_a1.pk: 2, district.branch_a2.pk: 3, district.branch_b1.pk: 1}
    assert Notice.objects.count() == 6


def test_drawn_members_are_notified_and_only_they_may_take_it(district: Any, bank: Any) -> None:
    spot = _spot(district, bank, share=100)
    drawn = district.client(district.member)
    page = drawn.get(reverse("quizzes:index")).content.decode()
    assert "二十大精神抽查" in page
    assert drawn.get(reverse("quizzes:paper", args=[spot.paper_id])).status_code == 200
    SpotCheckDraw.objects.filter(member__user=district.other_member).delete()
    assert district.client(district.other_member).get(reverse("quizzes:paper", args=[spot.paper_id])).status_code == 404


def test_results_by_unit_and_who_has_not_taken_it(district: Any, bank: Any, django_assert_max_num_queries: Any) -> None:
    spot = _spot(district, bank, share=100)
    a = services.attempt_start(actor=district.member, paper=spot.paper)
    services.attempt_submit(actor=district.member, attempt=a, answers={})
    admin = district.client(district.district_admin)
    admin.get(reverse("quizzes:spot_check", args=[spot.pk]))
    with django_assert_max_num_queries(8):
        page = admin.get(reverse("quizzes:spot_check", args=[spot.pk]))
    units = {u.org_name: u for u in page.context["units"]}
    assert (units["甲一支部"].drawn, units["甲一支部"].taken, units["甲一支部"].average) == (5, 1, 0.0)
    assert len(page.context["missing"]) == 9
    # A unit admin sees only their committee's units; a member sees nothing.
    unit_page = district.client(district.unit_admin).get(reverse("quizzes:spot_check", args=[spot.pk]))
    assert {u.org_name for u in unit_page.context["units"]} == {"甲一支部", "甲二支部"}
    assert district.client(district.member).get(reverse("quizzes:spot_check", args=[spot.pk])).status_code == 404


def test_office_draws_a_spot_check_on_screen(district: Any, bank: Any) -> None:
    client = district.client(district.district_admin)
    deadline = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("quizzes:spot_checks"), {
        "title": "随机抽查", "bank": bank.pk, "share_percent": 20, "deadline": deadline, "time_limit_minutes": 5,
        "blueprint": "二十大报告, 0, 2",
    })  # fmt: skip
    assert response.status_code == 302
    assert SpotCheck.objects.get().draws.count() == 3
    assert district.client(district.member).get(reverse("quizzes:spot_checks")).status_code == 403
