"""Indicator figures at province scale: subtree values read from roll-up counters, not scans.

    .venv/bin/python bench/indicators.py [--reporters committees|branches] [--members 20000]

Builds (once) var/bench/indicators-province.sqlite3: migrations, then ``manage.py demo
--preset province --members N`` — the province preset's ~50,000 organisations (11 cities →
88 districts → 880 committees → ~46,600 branches) with a small roster (members play no part
in indicators; ``--members`` keeps the build short on the shared machine). There it creates
one monthly indicator set at the province with 10 summed indicators, reported by every
committee (``--reporters committees``: 880 units, 211,200 values) or every branch
(``branches``: ~11 million values), and bulk-inserts 24 monthly periods of values
(2025-01 … 2026-12) straight into the table — not through ``value_set``, whose per-value
cost is the ancestor upsert — then ``rollup_rebuild(sources=["indicators"])`` computes the
counters from the values, and the bench checks the root's total equals a SUM over the values.

It times ``selectors.indicator_table`` — every indicator's subtree value with 同比, 环比,
year to date and progress, the year's trend and the breakdown by child unit — at the root, a
city, a district (a 区 of the same tree: same code, 1/88 of the subtree) and a branch, and
counts its queries at each level (they must be equal). Also shown, not in the ratio: the
reporting status (rate, on time, who has not reported), whose cost grows with the number
of reporting units in the subtree (it lists them).

Last line: RESULT root_ms=… city_ms=… branch_ms=… province_over_district=… (root ÷ district)
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BENCH_DIR, PYTHON, ROOT, db_url, setup_django, timed_ms

YEARS = (2025, 2026)
PERIOD = "2026-06"


def build(path: Path, members: int) -> float:
    marker = path.with_suffix(".ok")
    env = {**os.environ, "DATABASE_URL": db_url(path), "DJANGO_SETTINGS_MODULE": "config.settings"}
    if marker.exists() and path.exists():
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        return json.loads(marker.read_text())["build_s"]
    for stale in (path, marker, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "demo", "--preset", "province", "--members", str(members)], cwd=ROOT,
                   env=env, check=True)  # fmt: skip
    elapsed = round(time.monotonic() - started, 1)
    marker.write_text(json.dumps({"build_s": elapsed}))
    return elapsed


def load_values(reporters: str) -> dict[str, float]:
    from decimal import Decimal

    from django.db import connection, transaction
    from django.utils import timezone

    from lixing.indicators import services
    from lixing.indicators.models import IndicatorSet, IndicatorValue, PeriodType
    from lixing.orgs.access import SYSTEM
    from lixing.orgs.models import Organization, OrgKind
    from lixing.orgs.rollups import rollup_rebuild

    name = f"基准指标（{reporters}）"
    if IndicatorSet.objects.filter(name=name).exists():
        return {"loaded": 0}
    IndicatorSet.objects.exclude(name=name).filter(name__startswith="基准指标").delete()
    root = Organization.objects.get(depth=1)
    kind = OrgKind.COMMITTEE if reporters == "committees" else OrgKind.BRANCH
    units = list(Organization.objects.filter(kind=kind).values_list("id", flat=True))
    started = time.monotonic()
    with transaction.atomic():
        iset = services.indicator_set_create(actor=SYSTEM, office=root, name=name, period_type=PeriodType.MONTH)
        iset.reporting_orgs.set(units)
        inds = [
            services.indicator_create(actor=SYSTEM, indicator_set=iset, code=f"bench_{reporters}_{i}",
                                      name=f"基准指标{i}", unit="万元", annual_target=Decimal(10**9), order=i)
            for i in range(10)
        ]  # fmt: skip
        now = timezone.now().isoformat()
        sql = (
            f"INSERT INTO {IndicatorValue._meta.db_table} (indicator_id, org_id, period, value, comment, status, "  # noqa: S608
            "reported_at, created_at, updated_at) VALUES (%s, %s, %s, %s, '', 'entered', %s, %s, %s)"
        )
        rows = []
        with connection.cursor() as cursor:
            for year in YEARS:
                for month in range(1, 13):
                    period = f"{year}-{month:02d}"
                    for ind in inds:
                        for u in units:
                            rows.append((ind.pk, u, period, str(100 + (u * 7 + month * 13 + ind.pk) % 900), now,
                                         now, now))  # fmt: skip
                        if len(rows) >= 50_000:
                            cursor.executemany(sql, rows)
                            rows.clear()
            cursor.executemany(sql, rows)
    insert_s = time.monotonic() - started
    started = time.monotonic()
    rollup_rebuild(sources=["indicators"])
    rebuild_s = time.monotonic() - started
    return {"loaded": IndicatorValue.objects.filter(indicator__indicator_set=iset).count(),
            "insert_s": round(insert_s, 1), "rebuild_s": round(rebuild_s, 1)}  # fmt: skip


def measure() -> dict[str, object]:
    from django.db import connection
    from django.db.models import Sum
    from django.test.utils import CaptureQueriesContext

    from lixing.indicators import selectors
    from lixing.indicators.models import IndicatorSet, IndicatorValue
    from lixing.orgs.access import SYSTEM
    from lixing.orgs.models import Organization, OrgKind

    iset = IndicatorSet.objects.select_related("office").filter(name__startswith="基准指标").get()
    root = Organization.objects.get(depth=1)
    city = Organization.objects.filter(depth=2).order_by("path").first()
    district = Organization.objects.filter(depth=3).order_by("path").first()
    branch = Organization.objects.filter(kind=OrgKind.BRANCH).order_by("path").first()
    assert city and district and branch
    first = iset.indicators.order_by("order").first()
    table = selectors.indicator_table(actor=SYSTEM, indicator_set=iset, org=root, period=PERIOD)
    counted = IndicatorValue.objects.filter(indicator=first, period=PERIOD).aggregate(s=Sum("value"))["s"]
    assert table.rows[0].reading.value == counted, (table.rows[0].reading.value, counted)
    out: dict[str, object] = {}
    for label, org in (("root", root), ("city", city), ("district", district), ("branch", branch)):

        def read(o: Organization = org) -> object:
            return selectors.indicator_table(actor=SYSTEM, indicator_set=iset, org=o, period=PERIOD)

        with CaptureQueriesContext(connection) as ctx:
            read()
        out[f"{label}_queries"] = len(ctx.captured_queries)
        out[f"{label}_ms"] = round(timed_ms(read), 1)
        out[f"{label}_status_ms"] = round(timed_ms(lambda o=org: selectors.reporting_status(
            actor=SYSTEM, indicator_set=iset, org=o, period=PERIOD), repeat=3), 1)  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reporters", choices=["committees", "branches"], default="committees")
    parser.add_argument("--members", type=int, default=20_000)
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / "indicators-province.sqlite3"
    build_s = build(path, args.members)
    setup_django(path)
    from lixing.orgs.models import Organization

    loaded = load_values(args.reporters)
    result = {"orgs": Organization.objects.count(), "build_s": build_s, **loaded, **measure(),
              "at": datetime.datetime.now().isoformat(timespec="seconds")}  # fmt: skip
    print(json.dumps(result, ensure_ascii=False))
    same = len({result[f"{k}_queries"] for k in ("root", "city", "district", "branch")}) == 1
    ratio = result["root_ms"] / result["district_ms"]  # type: ignore[operator]
    print(
        f"RESULT root_ms={result['root_ms']} city_ms={result['city_ms']} branch_ms={result['branch_ms']} "
        f"province_over_district={ratio:.2f} queries={result['root_queries']} constant_queries={same} "
        f"orgs={result['orgs']} reporters={args.reporters}"
    )


if __name__ == "__main__":
    main()
