"""Item analysis for the office: share correct, point-biserial, wrong options chosen."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import make_user
from lixing.accounts.models import Role
from lixing.quizzes import services

from .conftest import fixed_paper


def test_item_analysis_hand_worked(district: Any, bank: Any) -> None:
    paper = fixed_paper(district, bank, ["S1", "S2"], shuffle_options=False, attempts_allowed=1)
    # Four members: S1 right for the two strong ones; S2 right for everybody except the weakest.
    answers = [({1: [0], 2: [1]}), ({1: [0], 2: [1]}), ({1: [2], 2: [1]}), ({1: [1], 2: [0]})]
    members = district.a1_members[:4]
    for i, (member, given) in enumerate(zip(members, answers, strict=True)):
        user = member.user or make_user(f"ia{i}", Role.MEMBER, district.branch_a1)
        if member.user is None:
            member.user = user
            member.save(update_fields=["user"])
        attempt = services.attempt_start(actor=user, paper=paper)
        services.attempt_submit(actor=user, attempt=attempt, answers=given)
    page = district.client(district.district_admin).get(reverse("quizzes:analysis", args=[paper.pk]))
    rows = {r.question.code: r for r in page.context["rows"]}
    s1 = rows["S1"]
    assert s1.share_correct == 0.5
    # Totals 100, 100, 50, 0; S1 right for the two 100s: M1 = 100, M0 = 25, s = √1718.75 ≈ 41.458,
    # p = q = 0.5 → r = 75 / 41.458 × 0.5 ≈ 0.9045.
    assert s1.discrimination == pytest.approx(0.9045, abs=1e-3)
    assert dict(s1.wrong_options) == {"广州": 1, "北京": 1}
    assert rows["S2"].share_correct == 0.75
    assert dict(rows["S2"].wrong_options) == {"1933年": 1}


def test_item_analysis_is_for_the_office_only(district: Any, paper: Any) -> None:
    assert district.client(district.member).get(reverse("quizzes:analysis", args=[paper.pk])).status_code == 403
    assert district.client(district.other_member).get(reverse("quizzes:analysis", args=[paper.pk])).status_code == 403
    assert district.client(district.district_admin).get(reverse("quizzes:analysis", args=[paper.pk])).status_code == 200
