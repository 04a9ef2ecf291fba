"""Ticket figures at province scale: 500,000 problems, roll-ups not scans.

    .venv/bin/python bench/deeds.py [--tickets 500000] [--year 2026] [--only district]

Takes (building once, via bench/common.py) the district and province preset databases,
copies each to var/bench/deeds-<preset>.sqlite3 (the presets stay untouched), and there
bulk-inserts problems (tickets) received over the year: 500,000 on the province
(``--tickets``), the same number per branch on the district. States are mixed (new,
assigned, in progress, resolved, partially resolved, cannot, confirmed, some late), with
days to resolve, satisfaction and sources. Then ``rollup_rebuild`` recomputes every counter
from the records; the bench checks that the root's "collected" and "solved" equal a count
over the tickets, and times every figure of the DEEDS group (``figure_values``, as the
system actor: the resolution rate, the median days to resolve from the day histogram,
satisfaction, late …) and the ticket breakdown page's selector (by source, category group,
category, visit target and sub-unit) for the root, a city-sized node (depth 2) and a
branch. Target: province root ÷ district root ≤ 3 and the same number of queries at every
level.

Last line: RESULT root_ms=… city_ms=… branch_ms=… province_over_district=… …
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import preset_db, private_copy, run_child, setup_django, timed_ms, timed_rebuild

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


COLUMNS = (
    "code, kind, source, visit_id, category_id, title, description, location, submitter_type, submitter_name, "
    "submitter_phone, enterprise_name, office_id, unit_id, lead_id, state, outcome, reply, reason, received_on, "
    "due_on, answered_on, resolve_days, satisfied, reopen_count, late_at, reminded_at, supervised_at, created_at, "
    "updated_at"
)


def record_tickets(target: int | None, per_branch: float, year: int) -> dict[str, Any]:
    """Bulk-insert ``target`` tickets (or ``per_branch`` × branches) received in ``year``."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from lixing.deeds.models import Category
    from lixing.orgs.models import Organization, OrgKind

    call_command("migrate", verbosity=0)
    rng = random.Random(2021)
    root = Organization.objects.get(depth=1)
    branches = list(Organization.objects.filter(kind=OrgKind.BRANCH).values_list("id", flat=True))
    for name, group, days in (("群众诉求", "public", 15), ("企业难题", "enterprise", 15), ("基层减负", "grassroots", 30),
                              ("道路交通", "public", 10), ("用工招聘", "enterprise", 20)):  # fmt: skip
        Category.objects.get_or_create(name=name, defaults={"group": group, "expected_days": days})
    categories = list(Category.objects.values_list("id", "expected_days"))
    n = target if target else max(int(per_branch * len(branches)), 1)
    start = datetime.date(year, 1, 1)
    now = datetime.datetime.now(datetime.UTC).isoformat()
    sources = ["public", "public", "hotline", "letter", "meeting", "visit"]
    started = time.monotonic()
    codes: set[str] = set()
    with transaction.atomic(), connection.cursor() as cursor:
        batch: list[tuple[Any, ...]] = []
        for i in range(n):
            code = "".join(rng.choice(ALPHABET) for _ in range(10))
            while code in codes:
                code = "".join(rng.choice(ALPHABET) for _ in range(10))
            codes.add(code)
            category_id, days = rng.choice(categories)
            received = start + datetime.timedelta(days=rng.randrange(330))
            due = received + datetime.timedelta(days=days)
            roll = rng.random()
            unit = rng.choice(branches) if roll > 0.05 else None
            state, outcome, answered, resolve, satisfied, late = "assigned", "", None, None, None, None
            if unit is None:
                state = "new"
            elif roll < 0.15:
                state = "in_progress"
            elif roll < 0.75:
                resolve = max(int(rng.expovariate(1 / days)), 0)
                answered = received + datetime.timedelta(days=resolve)
                state, outcome = ("confirmed", "resolved") if rng.random() < 0.7 else ("resolved", "resolved")
                satisfied = (rng.random() < 0.92) if state == "confirmed" else None
            elif roll < 0.85:
                state = outcome = "partial"
                answered = received + datetime.timedelta(days=days)
            elif roll < 0.9:
                state = outcome = "cannot"
                answered = received + datetime.timedelta(days=days)
            if state in ("new", "assigned", "in_progress") and rng.random() < 0.4:
                late = now
            batch.append((
                code, "problem", rng.choice(sources), None, category_id, f"问题{i}", "批量生成的问题描述", "", "resident",
                "", "", "", root.pk, unit, None, state, outcome, "", "无法解决的原因" if state == "cannot" else "",
                received.isoformat(), due.isoformat(), answered.isoformat() if answered else None, resolve, satisfied, 0,
                late, late, None, now, now,
            ))  # fmt: skip
            if len(batch) >= 10_000:
                _insert(cursor, batch)
                batch = []
        if batch:
            _insert(cursor, batch)
    return {"tickets": n, "branches": len(branches), "insert_s": round(time.monotonic() - started, 1)}


def _insert(cursor: Any, batch: list[tuple[Any, ...]]) -> None:
    marks = ", ".join(["%s"] * len(batch[0]))
    cursor.executemany(f"INSERT INTO deeds_ticket ({COLUMNS}) VALUES ({marks})", batch)  # noqa: S608 - constant columns


def measure(path: Path, target: int | None, per_branch: float, year: int) -> dict[str, Any]:
    setup_django(path)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lixing.deeds.models import Ticket
    from lixing.deeds.selectors import ticket_breakdown
    from lixing.figures.periods import Period
    from lixing.figures.registry import Group, all_figures
    from lixing.figures.selectors import figure_values
    from lixing.orgs.access import SYSTEM
    from lixing.orgs.models import Member, Organization, OrgKind

    out = record_tickets(target, per_branch, year)
    out.update(timed_rebuild())
    period = Period.parse(str(year))
    figures = all_figures(Group.DEEDS)
    root = Organization.objects.get(depth=1)
    city = Organization.objects.filter(depth=2).order_by("-numchild", "path").first()
    branch = Organization.objects.filter(kind=OrgKind.BRANCH, pk__in=Ticket.objects.values("unit_id")[:1]).first()
    assert city is not None and branch is not None
    values = figure_values(actor=SYSTEM, orgs=[root], period=period, figures=figures)[root.pk]
    collected = Ticket.objects.filter(received_on__year=year).count()
    solved = Ticket.objects.filter(received_on__year=year, outcome="resolved").count()
    assert values["deeds.tickets"].value == collected, (values["deeds.tickets"], collected)
    assert values["deeds.tickets.solved"].value == solved, (values["deeds.tickets.solved"], solved)
    out.update(orgs=Organization.objects.count(), members=Member.objects.count(), figures=len(figures),
               resolution_rate=values["deeds.tickets.resolution_rate"].display(),
               median_days=values["deeds.tickets.median_days"].value,
               satisfaction=values["deeds.tickets.satisfaction"].display(), late=values["deeds.tickets.late"].value)  # fmt: skip
    for label, org in (("root", root), ("city", city), ("branch", branch)):

        def call(org: Organization = org) -> Any:
            return figure_values(actor=SYSTEM, orgs=[org], period=period, figures=figures)

        def breakdown(org: Organization = org) -> Any:
            return ticket_breakdown(actor=SYSTEM, org=org, period=period)

        with CaptureQueriesContext(connection) as ctx:
            call()
        out[f"queries_{label}"] = len(ctx.captured_queries)
        with CaptureQueriesContext(connection) as ctx:
            breakdown()
        out[f"breakdown_queries_{label}"] = len(ctx.captured_queries)
        out[f"{label}_ms"] = round(timed_ms(call, repeat=7), 2)
        out[f"breakdown_{label}_ms"] = round(timed_ms(breakdown, repeat=5), 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--tickets", type=int, default=500_000, help="tickets on the province")
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
        copy = private_copy(preset_db(preset), f"deeds-{preset}")
        if preset == "province":
            child = ["--rows", str(args.tickets)]
        else:
            province = results.get("province", {})
            per_branch = province.get("tickets", 0) / max(province.get("branches", 1), 1)
            child = ["--per-branch", str(per_branch or 10.0)]
        results[preset] = run_child(Path(__file__), "--measure", str(copy), "--year", str(args.year), *child)
        r = results[preset]
        print(f"{preset}: {r['orgs']:,} organisations, {r['members']:,} members, {r['tickets']:,} tickets "
              f"(insert {r['insert_s']} s, rebuild {r['rebuild_s']} s, peak RSS {r['peak_rss_mb']} MB); resolution rate {r['resolution_rate']}, "
              f"median {r['median_days']} days, satisfied {r['satisfaction']}, late {r['late']}; "
              f"{r['figures']} deeds figures: root {r['root_ms']} ms ({r['queries_root']} q), city {r['city_ms']} ms "
              f"({r['queries_city']} q), branch {r['branch_ms']} ms ({r['queries_branch']} q); breakdown page: "
              f"root {r['breakdown_root_ms']} ms ({r['breakdown_queries_root']} q), branch {r['breakdown_branch_ms']} ms "
              f"({r['breakdown_queries_branch']} q)", flush=True)  # fmt: skip
    main_r = results.get("province") or results[presets[0]]
    ratio = main_r["root_ms"] / max(results["district"]["root_ms"], 1e-6) if "district" in results else float("nan")
    print(
        f"RESULT root_ms={main_r['root_ms']} city_ms={main_r['city_ms']} branch_ms={main_r['branch_ms']} "
        f"province_over_district={ratio:.2f} tickets={main_r['tickets']} queries_root={main_r['queries_root']} "
        f"queries_branch={main_r['queries_branch']} breakdown_root_ms={main_r['breakdown_root_ms']} "
        f"rebuild_s={main_r['rebuild_s']} peak_rss_mb={main_r['peak_rss_mb']}"
    )


if __name__ == "__main__":
    main()
