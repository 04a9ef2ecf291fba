"""Study coverage figures at province scale: 1,000,000 attendance rows, roll-ups not scans.

    .venv/bin/python bench/study.py [--attendance 1000000] [--period 2026] [--only district]

Takes (building once, via bench/common.py) the district and province preset databases,
copies each to var/bench/study-<preset>.sqlite3 (the presets stay untouched for other
benches), and there records a season of study sessions with bulk inserts: on the province
1,000,000 attendance rows (``--attendance``), on the district the same number of sessions
per branch. Then it rebuilds the counters from the records (``rollup_rebuild``: the
per-member attendance tallies and every roll-up), checks that the coverage figures equal
a count over the records at the root, and times every figure of the STUDY group
(``figure_values``, as the system actor) for the root, a city-sized node (depth 2) and a
branch. Target: province root time ÷ district root time ≤ 3, and the same number of
queries for a branch as for the root.

Last line: RESULT root_ms=… city_ms=… branch_ms=… province_over_district=… …
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import preset_db, private_copy, run_child, setup_django, timed_ms, timed_rebuild

CODES = ["party_day", "collective_study", "special_lecture"]


def record_season(target_rows: int | None, sessions_per_branch: float, year: int) -> dict[str, Any]:
    """Bulk-insert sessions and attendance; return what was written. 10% of branches lag."""
    import random

    from django.db import connection, transaction

    from lixing.orgs.models import Member, Organization, OrgKind
    from lixing.study.defaults import ensure_defaults
    from lixing.study.models import Attendance, SessionKind, StudySession

    ensure_defaults()
    rng = random.Random(2021)
    kinds = {k.code: k for k in SessionKind.objects.filter(code__in=CODES)}
    branches = list(
        Organization.objects.filter(kind=OrgKind.BRANCH, dissolved_at__isnull=True).values_list("id", flat=True)
    )
    members: dict[int, list[int]] = {}
    for member_id, org_id in (
        Member.objects.filter(org__kind=OrgKind.BRANCH).values_list("id", "org_id").iterator(chunk_size=50000)
    ):
        members.setdefault(org_id, []).append(member_id)
    active = [b for b in branches if rng.random() >= 0.1 and members.get(b)]
    if target_rows is not None:
        people = sum(len(members[b]) for b in active)
        sessions_per_branch = target_rows / max(people * 0.9, 1)
    start = datetime.date(year, 3, 1)
    plan: list[tuple[int, datetime.date, str]] = []
    for b in active:
        n = int(sessions_per_branch) + (1 if rng.random() < sessions_per_branch % 1 else 0)
        for i in range(n):
            plan.append((b, start + datetime.timedelta(days=rng.randrange(0, 270)), CODES[i % len(CODES)]))
    started = time.monotonic()
    rows = 0
    existing = Attendance.objects.count()
    with transaction.atomic():
        sessions = StudySession.objects.bulk_create(
            [StudySession(unit_id=b, date=d, topic="学党史、悟思想", place="党员活动室") for b, d, _c in plan],
            batch_size=5000,
        )
        through = StudySession.kinds.through
        through.objects.bulk_create(
            [
                through(studysession_id=s.pk, sessionkind_id=kinds[c].pk)
                for s, (_b, _d, c) in zip(sessions, plan, strict=True)
            ],
            batch_size=10000,
        )
        with connection.cursor() as cursor:
            batch: list[tuple[Any, ...]] = []
            for s, (b, _d, _c) in zip(sessions, plan, strict=True):
                attendees = [m for m in members[b] if rng.random() < 0.9]
                s.attended_count = len(attendees)
                batch += [(s.pk, m, b, "qr") for m in attendees]
                if target_rows is not None and rows + len(batch) >= target_rows:
                    batch = batch[: target_rows - rows]
                if len(batch) >= 20000:
                    _insert(cursor, batch)
                    rows += len(batch)
                    batch = []
                if target_rows is not None and rows >= target_rows:
                    break
            if batch:
                _insert(cursor, batch)
                rows += len(batch)
        StudySession.objects.bulk_update(sessions, ["attended_count"], batch_size=5000)
    inserted = time.monotonic() - started
    assert Attendance.objects.count() == existing + rows
    return {"sessions": len(sessions), "attendance": rows, "insert_s": round(inserted, 1), "branches": len(branches)}


def _insert(cursor: Any, batch: list[tuple[Any, ...]]) -> None:
    now = datetime.datetime.now(datetime.UTC).isoformat()
    cursor.executemany(
        "INSERT INTO study_attendance (session_id, member_id, member_org_id, method, at) VALUES (%s, %s, %s, %s, %s)",
        [(*row, now) for row in batch],
    )


def measure(path: Path, target_rows: int | None, sessions_per_branch: float, year: int) -> dict[str, Any]:
    setup_django(path)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lixing.figures.periods import Period
    from lixing.figures.registry import Group, all_figures
    from lixing.figures.selectors import figure_values
    from lixing.orgs.access import SYSTEM
    from lixing.orgs.models import Member, Organization, OrgKind
    from lixing.study.models import Attendance, StudySession

    out = record_season(target_rows, sessions_per_branch, year)
    out.update(timed_rebuild())
    period = Period.parse(str(year))
    figures = all_figures(Group.STUDY)
    root = Organization.objects.get(depth=1)
    city = Organization.objects.filter(depth=2).order_by("-numchild", "path").first()
    branch = Organization.objects.filter(kind=OrgKind.BRANCH, pk__in=StudySession.objects.values("unit_id")).first()
    assert city is not None and branch is not None
    # The counters equal a count over the records (at the root, one query each).
    values = figure_values(actor=SYSTEM, orgs=[root], period=period, figures=figures)[root.pk]
    attended = Attendance.objects.filter(session__date__year=year).values("member_id").distinct().count()
    assert values["study.attended_n"].numerator == attended, (values["study.attended_n"], attended)
    held = StudySession.objects.filter(kinds__code="party_day", date__year=year).values("unit_id").distinct().count()
    assert values["study.held.party_day"].numerator == held, (values["study.held.party_day"], held)
    out.update(orgs=Organization.objects.count(), members=Member.objects.count(), figures=len(figures))
    for label, org in (("root", root), ("city", city), ("branch", branch)):

        def call(org: Organization = org) -> Any:
            return figure_values(actor=SYSTEM, orgs=[org], period=period, figures=figures)

        with CaptureQueriesContext(connection) as ctx:
            call()
        out[f"queries_{label}"] = len(ctx.captured_queries)
        out[f"{label}_ms"] = round(timed_ms(call, repeat=7), 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--attendance", type=int, default=1_000_000, help="attendance rows on the province")
    parser.add_argument("--year", type=int, default=datetime.date.today().year)
    parser.add_argument("--only", choices=["district", "province"], help="measure one preset only")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--per-branch", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.rows or None, args.per_branch, args.year)))
        return
    results: dict[str, dict[str, Any]] = {}
    presets = [args.only] if args.only else ["province", "district"]
    for preset in presets:
        copy = private_copy(preset_db(preset), f"study-{preset}")
        if preset == "province":
            child = ["--rows", str(args.attendance)]
        else:
            # The district gets the province's sessions per branch (known once the province ran).
            per_branch = results.get("province", {}).get("sessions", 0) / max(
                results.get("province", {}).get("branches", 1), 1
            )
            child = ["--per-branch", str(per_branch or 1.2)]
        results[preset] = run_child(Path(__file__), "--measure", str(copy), "--year", str(args.year), *child)
        r = results[preset]
        print(f"{preset}: {r['orgs']:,} organisations, {r['members']:,} members, {r['sessions']:,} sessions, "
              f"{r['attendance']:,} attendance rows (insert {r['insert_s']} s, rebuild {r['rebuild_s']} s); "
              f"{r['figures']} study figures: root {r['root_ms']} ms ({r['queries_root']} q), city {r['city_ms']} ms "
              f"({r['queries_city']} q), branch {r['branch_ms']} ms ({r['queries_branch']} q)", flush=True)  # fmt: skip
    main_r = results.get("province") or results[presets[0]]
    ratio = main_r["root_ms"] / max(results["district"]["root_ms"], 1e-6) if "district" in results else float("nan")
    print(
        f"RESULT root_ms={main_r['root_ms']} city_ms={main_r['city_ms']} branch_ms={main_r['branch_ms']} "
        f"province_over_district={ratio:.2f} attendance_rows={main_r['attendance']} "
        f"queries_root={main_r['queries_root']} queries_branch={main_r['queries_branch']} rebuild_s={main_r['rebuild_s']}"
    )


if __name__ == "__main__":
    main()
