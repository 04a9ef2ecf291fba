"""Property tests of the organisation tree: random sequences of creates, moves (cycles
included, which must be refused), merges and dissolutions through the services keep every
invariant — no cycles, paths agree with the parent links, child counts agree, and the
member counts in the roll-ups agree with a recount.

A concurrency check runs on PostgreSQL: two threads moving nodes at once (the services lock
the tree's root row) leave the tree consistent.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lixing.common.testing import make_mobile, unique_id_number
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member, Organization, OrgKind
from lixing.orgs.rollups import read_totals
from lixing.orgs.services import MEMBERS, member_create, org_create, org_dissolve, org_merge, org_move

STEP = Organization.steplen
_ids = itertools.count(500_000)


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run one hypothesis example in a transaction that is always rolled back."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def add_member(org: Organization) -> Member:
    n = next(_ids)
    number, birth, gender = unique_id_number(n)
    return member_create(actor=SYSTEM, org=org, name=f"党员{n}", gender=gender, id_number=number, birth_date=birth,
                         joined_at=datetime.date(2010, 7, 1), confirmed_at=datetime.date(2011, 7, 1),
                         phone=make_mobile(n))  # fmt: skip


def seed_tree() -> list[Organization]:
    root = org_create(actor=SYSTEM, parent=None, name="区党工委", kind=OrgKind.WORKING_COMMITTEE)
    orgs = [root]
    for c in range(2):
        committee = org_create(actor=SYSTEM, parent=root, name=f"党委{c}", kind=OrgKind.COMMITTEE)
        orgs.append(committee)
        for b in range(2):
            branch = org_create(actor=SYSTEM, parent=committee, name=f"支部{c}{b}", kind=OrgKind.BRANCH)
            orgs.append(branch)
            for _ in range(b + 1):
                add_member(branch)
    return orgs


def assert_tree_invariants() -> None:
    """Every invariant of the stored tree, checked against the parent links (the source of truth)."""
    rows = list(Organization.objects.values("id", "path", "depth", "numchild", "parent_id"))
    by_id = {r["id"]: r for r in rows}
    paths = [r["path"] for r in rows]
    assert len(paths) == len(set(paths)), "paths are unique"
    children: dict[int, int] = {}
    for r in rows:
        if r["parent_id"] is not None:
            children[r["parent_id"]] = children.get(r["parent_id"], 0) + 1
    for r in rows:
        # No cycles: the parent chain reaches a root in at most len(rows) steps.
        seen, node = set(), r
        while node["parent_id"] is not None:
            assert node["id"] not in seen, f"cycle through {node['id']}"
            seen.add(node["id"])
            node = by_id[node["parent_id"]]
        assert len(seen) < len(rows)
        if r["parent_id"] is None:
            assert r["depth"] == 1 and len(r["path"]) == STEP
        else:
            parent = by_id[r["parent_id"]]
            assert r["path"][:-STEP] == parent["path"], f"path of {r['id']} disagrees with its parent"
            assert r["depth"] == parent["depth"] + 1
        assert len(r["path"]) == r["depth"] * STEP
        assert r["numchild"] == children.get(r["id"], 0), f"numchild of {r['id']}"


def assert_member_counts_agree() -> None:
    orgs = list(Organization.objects.values_list("id", "path"))
    member_paths = list(Member.objects.values_list("org__path", flat=True))
    totals = read_totals([o for o, _ in orgs], [MEMBERS], ["all"])
    for org_id, path in orgs:
        recount = sum(1 for p in member_paths if p.startswith(path))
        assert totals.get((org_id, MEMBERS, "all"), 0) == recount, f"member total of org {org_id}"


# An operation is a tuple of small integers, resolved against the current tree when applied.
ops = st.lists(
    st.one_of(
        st.tuples(st.just("move"), st.integers(0, 40), st.integers(0, 40)),
        st.tuples(st.just("create"), st.integers(0, 40), st.sampled_from([OrgKind.BRANCH, OrgKind.GENERAL_BRANCH])),
        st.tuples(st.just("member"), st.integers(0, 40), st.just(0)),
        st.tuples(st.just("dissolve"), st.integers(0, 40), st.just(0)),
        st.tuples(st.just("merge"), st.integers(0, 40), st.integers(0, 40)),
    ),
    min_size=1,
    max_size=18,
)


def apply(op: tuple[str, int, Any], orgs: list[Organization]) -> None:
    name, a, b = op
    active = [o for o in Organization.objects.filter(dissolved_at__isnull=True).order_by("path")]
    org = active[a % len(active)]
    if name == "move":
        target = active[b % len(active)]
        is_cycle = target.path.startswith(org.path)
        try:
            org_move(actor=SYSTEM, org=org, new_parent=target)
        except ValidationError:
            assert is_cycle, "only cycles are refused among active organisations"
        else:
            assert not is_cycle, f"moving {org.path} under {target.path} would make a cycle"
    elif name == "create":
        orgs.append(org_create(actor=SYSTEM, parent=org, name=f"新组织{len(orgs)}", kind=b))
    elif name == "member":
        if org.kind in {OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.COMMITTEE}:
            add_member(org)
    elif name == "dissolve":
        empty = not org.members.exists() and not Organization.objects.filter(parent=org, dissolved_at__isnull=True)
        try:
            org_dissolve(actor=SYSTEM, org=org)
        except ValidationError:
            assert not empty or org.depth == 1
        else:
            assert empty and org.depth > 1
    elif name == "merge":
        target = active[b % len(active)]
        if org.kind == OrgKind.BRANCH and target.kind == OrgKind.BRANCH and org.pk != target.pk:
            if target.path.startswith(org.path):  # into its own sub-organisation: refused
                with pytest.raises(ValidationError):
                    org_merge(actor=SYSTEM, source=org, target=target)
            else:
                org_merge(actor=SYSTEM, source=org, target=target)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=ops)
def test_random_tree_changes_keep_paths_counts_and_parents_consistent(sequence: list[tuple[str, int, Any]]) -> None:
    with rolled_back():
        orgs = seed_tree()
        for op in sequence:
            apply(op, orgs)
        assert_tree_invariants()
        assert_member_counts_agree()


@pytest.mark.django_db
def test_moving_an_organisation_under_its_own_descendant_is_refused() -> None:
    _root, committee, branch = seed_tree()[:3]
    with pytest.raises(ValidationError):
        org_move(actor=SYSTEM, org=committee, new_parent=branch)
    with pytest.raises(ValidationError):
        org_move(actor=SYSTEM, org=committee, new_parent=committee)
    assert_tree_invariants()


@pytest.mark.django_db
def test_the_invariant_check_catches_a_path_that_disagrees_with_its_parent() -> None:
    orgs = seed_tree()
    Organization.objects.filter(pk=orgs[2].pk).update(path=orgs[4].path + "0009", depth=4)
    with pytest.raises(AssertionError):
        assert_tree_invariants()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writers")
@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_keep_the_tree_consistent() -> None:
    orgs = seed_tree()
    committees = [o for o in orgs if o.kind == OrgKind.COMMITTEE]
    branches = [o for o in orgs if o.kind == OrgKind.BRANCH]
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def mover(offset: int) -> None:
        try:
            start.wait()
            for i in range(12):
                branch = Organization.objects.get(pk=branches[(i + offset) % len(branches)].pk)
                target = Organization.objects.get(pk=committees[(i + offset) % len(committees)].pk)
                org_move(actor=SYSTEM, org=branch, new_parent=target)
                # And a committee under the other one and back: a cycle is refused, not created.
                with contextlib.suppress(ValidationError):
                    org_move(actor=SYSTEM, org=Organization.objects.get(pk=committees[offset].pk),
                             new_parent=Organization.objects.get(pk=committees[1 - offset].pk))  # fmt: skip
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=mover, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert_tree_invariants()
    assert_member_counts_agree()
