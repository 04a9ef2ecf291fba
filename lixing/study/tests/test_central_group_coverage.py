"""Central-group study is held by party committees and leading party groups (and the
working committee), so its share is counted over them — not over branches, where it was
always 0. Every other kind's coverage stays over branches."""

from __future__ import annotations

from typing import Any

from lixing.figures.periods import Period
from lixing.figures.registry import get
from lixing.figures.selectors import figure_records, figure_values
from lixing.orgs.access import SYSTEM
from lixing.orgs.rollups import rollup_rebuild, rollup_verify

from .conftest import make_session


def coverage(org: Any, code: str) -> Any:
    key = f"study.held.{code}"
    return figure_values(actor=SYSTEM, orgs=[org], period=Period.parse("2021"), figures=[get(key)])[org.pk][key]


def test_the_central_group_share_counts_committees_that_held_it(district: Any, kinds: Any) -> None:
    make_session(district.committee_a, "central_group")
    make_session(district.branch_a1, "party_day")
    central = coverage(district.root, "central_group")
    assert (central.numerator, central.denominator) == (1, 3)  # of the working committee and two committees
    party_days = coverage(district.root, "party_day")
    assert (party_days.numerator, party_days.denominator) == (1, 3)  # of three branches
    lagging = figure_records(
        actor=SYSTEM, org=district.root, period=Period.parse("2021"), key="study.held.central_group"
    )
    assert {o.pk for o in lagging} == {district.root.pk, district.committee_b.pk}
    assert "committees" in str(get("study.held.central_group").label).lower() or "党委" in str(
        get("study.held.central_group").label
    )
    assert rollup_verify() == []
    rollup_rebuild()
    assert coverage(district.root, "central_group").numerator == 1


def test_a_new_kind_held_by_committees_is_counted_over_committees(district: Any, kinds: Any) -> None:
    from lixing.study import services

    services.session_kind_create(actor=district.district_admin, code="theory_talk", name="理论学习研讨",
                                 held_by="committee")  # fmt: skip
    make_session(district.committee_b, "theory_talk")
    share = coverage(district.root, "theory_talk")
    assert (share.numerator, share.denominator) == (1, 3)
    assert rollup_verify() == []
