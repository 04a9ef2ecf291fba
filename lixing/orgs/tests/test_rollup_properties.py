"""Property test: roll-ups maintained incrementally equal a full rebuild.

After any random sequence of organisation creates, moves, merges, dissolutions, secretary
changes and member creates, confirmations, transfers and deletions — all through the
services — the whole Rollup table (zero rows ignored) is exactly what
:func:`lixing.orgs.rollups.rollup_rebuild` computes from the records.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lixing.common.testing import make_mobile, unique_id_number
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member, Organization, OrgKind, Rollup
from lixing.orgs.rollups import rollup_rebuild
from lixing.orgs.services import (
    member_create,
    member_delete,
    member_transfer,
    member_update,
    org_create,
    org_dissolve,
    org_merge,
    org_move,
    org_set_secretary,
)

_ids = itertools.count(700_000)
HOLDERS = {OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.COMMITTEE}


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back() -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def add_member(org: Organization, *, probationary: bool = False) -> Member:
    n = next(_ids)
    number, birth, gender = unique_id_number(n)
    return member_create(actor=SYSTEM, org=org, name=f"党员{n}", gender=gender, id_number=number, birth_date=birth,
                         joined_at=datetime.date(2010, 7, 1),
                         confirmed_at=None if probationary else datetime.date(2011, 7, 1),
                         phone=make_mobile(n))  # fmt: skip


def seed() -> None:
    root = org_create(actor=SYSTEM, parent=None, name="区党工委", kind=OrgKind.WORKING_COMMITTEE)
    for c in range(2):
        committee = org_create(actor=SYSTEM, parent=root, name=f"党委{c}", kind=OrgKind.COMMITTEE)
        general = org_create(actor=SYSTEM, parent=committee, name=f"总支{c}", kind=OrgKind.GENERAL_BRANCH)
        for b, parent in enumerate([committee, general]):
            branch = org_create(actor=SYSTEM, parent=parent, name=f"支部{c}{b}", kind=OrgKind.BRANCH)
            first = add_member(branch)
            add_member(branch, probationary=True)
            org_set_secretary(actor=SYSTEM, org=branch, member=first)


def rollup_table() -> dict[tuple[int, str, str], tuple[int, int]]:
    rows = Rollup.objects.values_list("org_id", "key", "bucket", "own", "total")
    return {(o, k, b): (own, total) for o, k, b, own, total in rows if own or total}


def _pick(items: list[Any], i: int) -> Any:
    return items[i % len(items)] if items else None


def apply(op: tuple[str, int, int]) -> None:
    name, a, b = op
    orgs = list(Organization.objects.filter(dissolved_at__isnull=True).order_by("path"))
    holders = [o for o in orgs if o.kind in HOLDERS]
    members = list(Member.objects.select_related("org").order_by("pk"))
    try:
        if name == "create":
            org_create(actor=SYSTEM, parent=_pick(orgs, a), name=f"新支部{a}", kind=OrgKind.BRANCH)
        elif name == "move":
            org_move(actor=SYSTEM, org=_pick(orgs, a), new_parent=_pick(orgs, b))
        elif name == "merge":
            branches = [o for o in orgs if o.kind == OrgKind.BRANCH]
            if len(branches) > 1 and a % len(branches) != b % len(branches):
                org_merge(actor=SYSTEM, source=_pick(branches, a), target=_pick(branches, b))
        elif name == "dissolve":
            org_dissolve(actor=SYSTEM, org=_pick(orgs, a))
        elif name == "secretary" and members:
            member = _pick(members, a)
            org_set_secretary(actor=SYSTEM, org=member.org, member=member if b % 3 else None)
        elif name == "member":
            add_member(_pick(holders, a), probationary=bool(b % 2))
        elif name == "confirm" and members:
            member = _pick(members, a)
            member_update(actor=SYSTEM, member=member,
                          confirmed_at=None if member.confirmed_at else datetime.date(2011, 7, 1))  # fmt: skip
        elif name == "transfer" and members:
            member_transfer(actor=SYSTEM, member=_pick(members, a), to_org=_pick(holders, b))
        elif name == "delete" and members:
            member_delete(actor=SYSTEM, member=_pick(members, a))
    except ValidationError:
        pass  # a refused change (a cycle, a non-empty dissolution, …) must change nothing


KINDS_OF_CHANGE = ["create", "move", "merge", "dissolve", "secretary", "member", "confirm", "transfer", "delete"]
ops = st.lists(
    st.tuples(
        st.sampled_from(KINDS_OF_CHANGE),
        st.integers(0, 30),
        st.integers(0, 30),
    ),
    min_size=1,
    max_size=20,
)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=ops)
def test_incremental_rollups_equal_a_full_rebuild_after_any_sequence_of_changes(
    sequence: list[tuple[str, int, int]],
) -> None:
    with rolled_back():
        seed()
        for op in sequence:
            apply(op)
        incremental = rollup_table()
        rollup_rebuild()
        assert rollup_table() == incremental


@pytest.mark.django_db
def test_deleting_a_secretary_vacates_the_post_and_keeps_counts_true() -> None:
    seed()
    branch = Organization.objects.filter(kind=OrgKind.BRANCH, secretary__isnull=False).first()
    assert branch is not None and branch.secretary is not None
    member_delete(actor=SYSTEM, member=branch.secretary, reason="去世")
    branch.refresh_from_db()
    assert branch.secretary_id is None
    incremental = rollup_table()
    rollup_rebuild()
    assert rollup_table() == incremental


@pytest.mark.django_db
def test_deleting_the_former_secretary_of_a_merged_branch_keeps_counts_true() -> None:
    seed()
    source, target = Organization.objects.filter(kind=OrgKind.BRANCH).order_by("path")[:2]
    former = source.secretary
    assert former is not None
    org_merge(actor=SYSTEM, source=source, target=target)  # dissolves source; its secretary moves on
    member_delete(actor=SYSTEM, member=Member.objects.get(pk=former.pk))
    incremental = rollup_table()
    rollup_rebuild()
    assert rollup_table() == incremental


@pytest.mark.django_db
def test_the_comparison_catches_a_counter_that_drifted() -> None:
    seed()
    Rollup.objects.filter(key="orgs.members").update(total=99)
    drifted = rollup_table()
    rollup_rebuild()
    assert rollup_table() != drifted


@pytest.mark.django_db
def test_rebuild_rollups_command_restores_drifted_counters_and_reports_rows() -> None:
    from io import StringIO

    seed()
    expected = rollup_table()
    Rollup.objects.filter(key="orgs.members").update(total=99)
    out = StringIO()
    call_command("rebuild_rollups", stdout=out)
    assert rollup_table() == expected
    assert "rows" in out.getvalue()
