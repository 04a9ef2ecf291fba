"""The province preset's bulk writer: paths computed by hand must be exactly what treebeard
and the services would have written, and the roll-ups must equal the records."""

from __future__ import annotations

import datetime
import random

import pytest

from lixing.demo.province import build_province, step_key
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member, Organization, OrgKind, Rollup
from lixing.orgs.rollups import rollup_rebuild
from lixing.orgs.services import MEMBERS, org_create, org_move
from lixing.orgs.tests.test_tree_properties import assert_member_counts_agree, assert_tree_invariants
from lixing.orgs.validators import validate_id_number


def test_path_steps_are_treebeards() -> None:
    assert step_key(1) == Organization._get_path(None, 1, 1) == "0001"
    assert step_key(36) == "0010"
    assert step_key(1295) == "00ZZ"


@pytest.mark.django_db
def test_a_small_province_is_a_consistent_tree_with_true_rollups() -> None:
    root = build_province(rng=random.Random(1), today=datetime.date(2026, 11, 15), say=lambda s: None, cities=2,
                          districts_per_city=2, committees_per_district=2, branches_per_committee=12,
                          members=600, batch=250)  # fmt: skip
    assert_tree_invariants()
    assert_member_counts_agree()
    assert Organization.objects.filter(kind=OrgKind.BRANCH).count() == 2 * 2 * 2 * (12 - 9 + 9)
    assert Member.objects.count() == 600
    for m in Member.objects.all()[:200]:
        validate_id_number(m.id_number, birth_date=m.birth_date, gender=m.gender)
        assert m.confirmed_at is None or m.confirmed_at > m.joined_at
    # treebeard's own reading of the tree agrees with the parent links.
    assert {c.pk for c in Organization.objects.get_children(root)} == set(
        Organization.objects.filter(parent=root).values_list("pk", flat=True)
    )
    before = {(r.org_id, r.key, r.bucket): (r.own, r.total) for r in Rollup.objects.all()}
    rollup_rebuild()
    assert {(r.org_id, r.key, r.bucket): (r.own, r.total) for r in Rollup.objects.all()} == before
    assert Rollup.objects.get(org=root, key=MEMBERS, bucket="all").total == 600
    # The services keep working on a bulk-built tree.
    city_a, city_b = Organization.objects.filter(depth=2).order_by("path")
    new = org_create(actor=SYSTEM, parent=city_a, name="新党委", kind=OrgKind.COMMITTEE)
    branch = Organization.objects.filter(path__startswith=city_b.path, kind=OrgKind.BRANCH).first()
    assert branch is not None
    org_move(actor=SYSTEM, org=branch, new_parent=new)
    assert_tree_invariants()
    assert_member_counts_agree()
