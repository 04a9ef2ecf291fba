"""The province preset for benchmarks: ~50,000 organisations and ~1,000,000 members.

Written in bulk, not through the services: the treebeard paths (4 characters per level,
alphabet 0-9A-Z), depths and child counts are computed here, organisations are inserted one
tree level at a time, members are streamed in batches of raw inserts, and the roll-ups are
rebuilt from the records at the end (:func:`lixing.orgs.rollups.rollup_rebuild`).
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from lixing.orgs.models import Member, Organization, OrgKind
from lixing.orgs.rollups import rollup_rebuild
from lixing.orgs.services import status_for

from .people import FastPeople

CITIES = ["杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水"]
DISTRICT_WORDS = ["东城", "西城", "南湖", "北湖", "江北", "江南", "海滨", "新城", "高新", "临港"]
UNIT_WORDS = ["机关", "街道", "学校", "医院", "企业", "社区", "国企", "两新", "税务", "公安"]
ALPHABET = Organization.alphabet
STEP = Organization.steplen


def step_key(n: int) -> str:
    """The n-th (1-based) 4-character path step, exactly as treebeard writes it."""
    digits = ""
    while n:
        n, r = divmod(n, len(ALPHABET))
        digits = ALPHABET[r] + digits
    return digits.rjust(STEP, ALPHABET[0])


class _Tree:
    """Organisations of one level, inserted in bulk with paths computed from their parents."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self.count = 0

    def level(
        self, parents: Sequence[Organization | None], make: Callable[[int, Organization | None], list[dict[str, Any]]]
    ) -> list[Organization]:
        rows: list[Organization] = []
        for parent_index, parent in enumerate(parents):
            children = make(parent_index, parent)
            base = parent.path if parent is not None else ""
            depth = parent.depth + 1 if parent is not None else 1
            for i, spec in enumerate(children, start=1):
                rows.append(Organization(path=base + step_key(i), depth=depth, numchild=0,
                                         parent=parent, created_at=self.now, updated_at=self.now, **spec))  # fmt: skip
            if parent is not None:
                parent.numchild = len(children)
        Organization.objects.bulk_create(rows, batch_size=2000)
        if rows and rows[0].pk is None:  # pragma: no cover - every supported backend returns ids
            ids = dict(Organization.objects.filter(depth=rows[0].depth).values_list("path", "id"))
            for o in rows:
                o.pk = ids[o.path]
        with_children = [p for p in parents if p is not None and p.numchild]
        Organization.objects.bulk_update(with_children, ["numchild"], batch_size=2000)
        self.count += len(rows)
        return rows


MEMBER_COLUMNS = [
    "name", "gender", "id_number", "ethnicity", "birth_date", "education", "category", "joined_at", "confirmed_at",
    "status", "job_post", "phone", "address", "standing", "is_lost_contact", "is_mobile", "org_id", "work_unit",
    "position", "cadre_level", "created_at", "updated_at",
]  # fmt: skip


def build_province(
    *, rng: random.Random, today: datetime.date, say: Callable[[str], None] = print,
    cities: int = 11, districts_per_city: int = 8, committees_per_district: int = 10,
    branches_per_committee: int = 53, members: int = 1_000_000, batch: int = 20_000,
) -> Organization:  # fmt: skip
    """Build the province and return its root. The defaults give 50,000 organisations."""
    started = time.monotonic()
    tree = _Tree()
    with transaction.atomic():
        [root] = tree.level([None], lambda i, p: [{"name": "中共浙江省委员会（基准数据）", "short_name": "浙江省",
                                                    "kind": OrgKind.WORKING_COMMITTEE}])  # fmt: skip
        city_rows = tree.level([root], lambda i, p: [
            {"name": f"中共{c}市委员会", "short_name": f"{c}市", "kind": OrgKind.WORKING_COMMITTEE}
            for c in CITIES[:cities]])  # fmt: skip
        district_rows = tree.level(city_rows, lambda i, p: [
            {"name": f"中共{p.short_name}{DISTRICT_WORDS[d % 10]}区工作委员会",  # type: ignore[union-attr]
             "short_name": f"{p.short_name}{DISTRICT_WORDS[d % 10]}区", "kind": OrgKind.WORKING_COMMITTEE}  # type: ignore[union-attr]
            for d in range(districts_per_city)])  # fmt: skip
        committee_rows = tree.level(district_rows, lambda i, p: [
            {"name": f"中共{p.short_name}{UNIT_WORDS[k % 10]}委员会",  # type: ignore[union-attr]
             "short_name": f"{p.short_name}{UNIT_WORDS[k % 10]}党委", "kind": OrgKind.COMMITTEE}  # type: ignore[union-attr]
            for k in range(committees_per_district)])  # fmt: skip

        # Under each committee: three general branches holding a few branches each, the rest direct.
        def under_committee(i: int, p: Organization | None) -> list[dict[str, Any]]:
            assert p is not None
            generals = [{"name": f"中共{p.short_name}第{g + 1}总支部委员会", "short_name": f"第{g + 1}党总支",
                         "kind": OrgKind.GENERAL_BRANCH} for g in range(3)]  # fmt: skip
            direct = [{"name": f"中共{p.short_name}第{b + 1}支部委员会", "short_name": f"第{b + 1}党支部",
                       "kind": OrgKind.BRANCH} for b in range(branches_per_committee - 9)]  # fmt: skip
            return generals + direct

        second = tree.level(committee_rows, under_committee)
        generals = [o for o in second if o.kind == OrgKind.GENERAL_BRANCH]
        third = tree.level(generals, lambda i, p: [
            {"name": f"{p.name}第{b + 1}支部", "short_name": f"总支第{b + 1}党支部",  # type: ignore[union-attr]
             "kind": OrgKind.BRANCH} for b in range(3)])  # fmt: skip
        branch_ids = [o.pk for o in second if o.kind == OrgKind.BRANCH] + [o.pk for o in third]
    say(f"  organisations: {tree.count:,} in {time.monotonic() - started:.1f}s")

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # A big page cache: inserting a million rows into random-order indexes (ID number, name)
            # otherwise thrashes SQLite's default 2 MB cache.
            cursor.execute("PRAGMA cache_size=-524288")
    people = FastPeople(rng, today)
    now = timezone.now()
    # Table and column names are ours (constants above), values are parameters.
    columns, marks = ", ".join(MEMBER_COLUMNS), ", ".join(["%s"] * len(MEMBER_COLUMNS))
    sql = f"INSERT INTO {Member._meta.db_table} ({columns}) VALUES ({marks})"  # noqa: S608
    n_branches = len(branch_ids)
    written = 0
    t_members = time.monotonic()
    while written < members:
        size = min(batch, members - written)
        rows = []
        for n in range(written, written + size):
            p = people.row(n)
            rows.append((p["name"], p["gender"], p["id_number"], p["ethnicity"], p["birth_date"], p["education"],
                         p["category"], p["joined_at"], p["confirmed_at"], status_for(p["confirmed_at"]),
                         p["job_post"], p["phone"], "", "normal", p["is_lost_contact"], p["is_mobile"],
                         branch_ids[(n * 7) % n_branches], "", "", p["cadre_level"], now, now))  # fmt: skip
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        written += size
        if written % 200_000 == 0 or written == members:
            rate = written / max(time.monotonic() - t_members, 1e-6)
            say(f"  members: {written:,} ({rate:,.0f}/s)")
    with transaction.atomic(), connection.cursor() as cursor:
        # Every branch's secretary is its first member, except one in 97 (a gap to show).
        cursor.execute(
            f"UPDATE {Organization._meta.db_table} SET secretary_id = (SELECT MIN(m.id) FROM "  # noqa: S608
            f"{Member._meta.db_table} m WHERE m.org_id = {Organization._meta.db_table}.id) "
            "WHERE kind = %s AND (id %% 97) <> 0",
            [OrgKind.BRANCH],
        )
    t_rollups = time.monotonic()
    rollup_rows = rollup_rebuild()
    say(f"  roll-ups: {rollup_rows:,} rows in {time.monotonic() - t_rollups:.1f}s")
    say(f"  province built in {time.monotonic() - started:.1f}s")
    return root
