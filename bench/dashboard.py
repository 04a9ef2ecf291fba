"""The dashboard and the briefing at province scale.

    .venv/bin/python bench/dashboard.py [--period 2026] [--only district] [--source study]

Takes the district and province preset databases (built once by bench/common.py), copies
each to var/bench/reports-<preset>.sqlite3 (``--source study`` copies the study bench's
database instead, with its season of sessions; the presets stay untouched) and migrates
the copy. Then, in one child process per preset, it renders the dashboard page through the
Django test client as a district admin of the root, for the root, a city (the depth-2 node
with the most members) and a branch, with every figure the lines of work register, and
writes the root's briefing (.docx, not filed). Medians of 5 runs after a warm-up.

Targets: province root ÷ district root ≤ 3; the root's briefing in seconds.
Last line: RESULT root_ms=… city_ms=… branch_ms=… province_over_district=… briefing_s=…
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BENCH_DIR, preset_db, private_copy, run_child, setup_django, timed_ms


def measure(path: Path, period_text: str) -> dict[str, Any]:
    """In this process: time the dashboard for root, city and branch, and the root's briefing."""
    setup_django(path)
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lixing.accounts.models import Role, RoleAssignment, User
    from lixing.figures import registry
    from lixing.figures.periods import Period
    from lixing.orgs.models import Organization, OrgKind
    from lixing.reports.services import briefing_build

    root = Organization.objects.filter(depth=1).order_by("path").first()
    assert root is not None, "the preset has no tree"
    city = (
        Organization.objects.filter(depth=2, path__startswith=root.path)
        .annotate(n=Count("children_set"))
        .order_by("-n", "path")
        .first()
    ) or root
    branch = Organization.objects.filter(kind=OrgKind.BRANCH, path__startswith=city.path).order_by("path").first()
    assert branch is not None
    role = RoleAssignment.objects.filter(role=Role.DISTRICT_ADMIN, org=root).select_related("user").first()
    user = role.user if role else None
    if user is None:
        user = User.objects.create_user(username="bench_reports_admin", password=None)
        RoleAssignment.objects.create(user=user, role=Role.DISTRICT_ADMIN, org=root)
    client = Client()
    client.force_login(user)
    period = Period.parse(period_text)

    def page(org: Organization) -> Any:
        def get() -> None:
            response = client.get("/reports/", {"org": org.pk, "period": period.bucket})
            assert response.status_code == 200, response.status_code

        return get

    out: dict[str, Any] = {"figures": len(registry.all_figures()), "orgs": Organization.objects.count()}
    for name, org in (("root", root), ("city", city), ("branch", branch)):
        out[f"{name}_ms"] = round(timed_ms(page(org)), 1)
        with CaptureQueriesContext(connection) as ctx:
            page(org)()
        out[f"{name}_queries"] = len(ctx)
        out[f"{name}_children"] = Organization.objects.filter(parent=org).count()
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        data, _title = briefing_build(actor=user, org=root, period=period, issue_no=1)
        samples.append(time.perf_counter() - started)
    out["briefing_s"] = round(sorted(samples)[1], 2)
    out["briefing_kb"] = len(data) // 1024
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--period", default=str(time.localtime().tm_year), help="all, 2026, 2026Q4, 2026-11, 2026W47")
    parser.add_argument("--only", choices=["district", "province"], help="measure one preset only")
    parser.add_argument("--source", default="", help="copy var/bench/<source>-<preset>.sqlite3 instead of the preset")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(Path(args.child), args.period)))
        return
    results: dict[str, dict[str, Any]] = {}
    for preset in ("district", "province"):
        if args.only and preset != args.only:
            continue
        source = preset_db(preset)
        if args.source:
            candidate = BENCH_DIR / f"{args.source}-{preset}.sqlite3"
            source = candidate if candidate.exists() else source
        print(f"{preset}: copying {source.name} and migrating …", file=sys.stderr, flush=True)
        path = private_copy(source, f"reports-{preset}", migrate=True)
        results[preset] = run_child(Path(__file__), "--child", str(path), "--period", args.period)
        print(f"{preset}: {json.dumps(results[preset])}", file=sys.stderr, flush=True)
    main_preset = "province" if "province" in results else "district"
    r = results[main_preset]
    ratio = (
        round(results["province"]["root_ms"] / results["district"]["root_ms"], 2)
        if "province" in results and "district" in results
        else "n/a"
    )
    print(
        f"RESULT root_ms={r['root_ms']} city_ms={r['city_ms']} branch_ms={r['branch_ms']} "
        f"province_over_district={ratio} briefing_s={r['briefing_s']}"
    )


if __name__ == "__main__":
    main()
