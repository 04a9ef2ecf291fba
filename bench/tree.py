"""Subtree figures at province and district scale: roll-ups, not scans.

    .venv/bin/python bench/tree.py [--rebuild] [--period all]

Builds (once) var/bench/district.sqlite3 and var/bench/province.sqlite3 with the demo
command, then times ``figure_values`` with every registered figure, as the system actor,
for the root, a city-sized node (depth 2) and a branch of each, and counts the queries per
call. Targets: province root / district root ≤ 3, and the same number of queries for a
branch as for the root (the cost must not depend on the subtree's size).

Last line: RESULT root_ms=… city_ms=… branch_ms=… province_over_district=… queries_root=… queries_branch=…
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import build_seconds, preset_db, run_child, setup_django, timed_ms


def measure(path: Path, period_raw: str) -> dict[str, Any]:
    setup_django(path)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lixing.figures.periods import Period
    from lixing.figures.registry import all_figures
    from lixing.figures.selectors import figure_values
    from lixing.orgs.access import SYSTEM
    from lixing.orgs.models import Organization, OrgKind

    figures = all_figures()
    period = Period.parse(period_raw)
    root = Organization.objects.get(depth=1)
    city = Organization.objects.filter(depth=2).order_by("-numchild", "path").first()
    branch = Organization.objects.filter(kind=OrgKind.BRANCH).order_by("path").first()
    assert city is not None and branch is not None
    out: dict[str, Any] = {"figures": len(figures), "orgs": Organization.objects.count()}
    for label, org in (("root", root), ("city", city), ("branch", branch)):

        def call(org: Organization = org) -> Any:
            return figure_values(actor=SYSTEM, orgs=[org], period=period, figures=figures)

        with CaptureQueriesContext(connection) as ctx:
            values = call()
        out[f"queries_{label}"] = len(ctx.captured_queries)
        out[f"{label}_ms"] = round(timed_ms(call, repeat=7), 2)
        if label == "root":
            members = values[org.pk].get("orgs.members")
            out["root_members"] = members.value if members is not None else None
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="rebuild the preset databases")
    parser.add_argument("--period", default="all", help="figure period (all, 2026, 2026Q4, 2026-11, 2026W47)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.period)))
        return
    district = preset_db("district", rebuild=args.rebuild)
    province = preset_db("province", rebuild=args.rebuild)
    d = run_child(Path(__file__), "--measure", str(district), "--period", args.period)
    p = run_child(Path(__file__), "--measure", str(province), "--period", args.period)
    for name, r, path in (("district", d, district), ("province", p, province)):
        print(f"{name}: {r['orgs']:,} organisations, {r['root_members']:,} members, {r['figures']} figures; "
              f"root {r['root_ms']} ms ({r['queries_root']} q), city {r['city_ms']} ms ({r['queries_city']} q), "
              f"branch {r['branch_ms']} ms ({r['queries_branch']} q); built in {build_seconds(path)} s")  # fmt: skip
    ratio = p["root_ms"] / max(d["root_ms"], 1e-6)
    print(
        f"RESULT root_ms={p['root_ms']} city_ms={p['city_ms']} branch_ms={p['branch_ms']} "
        f"province_over_district={ratio:.2f} queries_root={p['queries_root']} queries_branch={p['queries_branch']}"
    )


if __name__ == "__main__":
    main()
