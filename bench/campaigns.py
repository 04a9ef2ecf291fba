"""Campaign plan at province scale: progress roll-up and the weekly report for 5,000 tasks.

    .venv/bin/python bench/campaigns.py [--preset province] [--tasks 5000] [--wait-minutes 30]

Takes the preset database (built once by bench/common.py; if another process is building it
right now, waits for it rather than starting over), copies it to
var/bench/campaigns-<preset>.sqlite3, and there plans one campaign over the whole tree with
bulk inserts: 5 themes × 50 measures × N/250 tasks, each task given to 1–3 units drawn from
every level of the province, with progress reports spread over ten weeks (heaviest in the
last). Then it times, as the system actor:

* ``rollup_ms`` — recomputing and writing the progress of every task, measure, theme and the
  campaign from the units' percents (``progress.plan_rollup``, all nodes changed; median of 5);
* ``chain_ms`` — one unit's report rolled up its chain (``progress.rollup_chain``; median of 5);
* ``weekly_report_s`` — compiling the last week's 一周一报 and writing its .docx.

Last line: RESULT rollup_ms=… chain_ms=… weekly_report_s=… tasks=… assignments=… reports=… orgs=…
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BENCH_DIR, preset_db, private_copy, setup_django, timed_ms

YEAR = 2021
START = datetime.date(YEAR, 3, 1)
END = datetime.date(YEAR, 12, 31)
LAST_WEEK = datetime.date(YEAR, 6, 7)  # a Monday (2021W23)


def wait_for_preset(preset: str, minutes: float) -> Path:
    """The preset's database; if a build is under way elsewhere, wait for its marker."""
    path = BENCH_DIR / f"{preset}.sqlite3"
    marker = path.with_suffix(".ok")
    deadline = time.monotonic() + minutes * 60
    while path.exists() and not marker.exists() and time.monotonic() < deadline:
        recent = time.time() - max(p.stat().st_mtime for p in (path, Path(f"{path}-wal")) if p.exists()) < 120
        if not recent:
            break  # an abandoned build: let preset_db redo it
        print(f"waiting for the {preset} preset being built elsewhere …", file=sys.stderr, flush=True)
        time.sleep(20)
    return preset_db(preset)


def plan_at_scale(n_tasks: int, rng: random.Random) -> dict[str, int]:
    from django.db import transaction

    from lixing.campaigns import services
    from lixing.campaigns.models import Assignment, Measure, ProgressReport, ReportKind, Status, Task, Theme
    from lixing.orgs.access import SYSTEM
    from lixing.orgs.models import Organization

    root = Organization.objects.filter(depth=1).order_by("id").first()
    assert root is not None
    units = list(Organization.objects.filter(dissolved_at__isnull=True, depth__gte=2).values_list("id", flat=True))
    leads = list(Organization.objects.filter(depth=2).values_list("id", flat=True)) or [root.pk]
    campaign = services.campaign_create(actor=SYSTEM, org=root, title=f"{YEAR}年党史学习教育（压力测试）",
                                        starts_on=START, ends_on=END)  # fmt: skip
    per_measure = max(1, n_tasks // 250)
    with transaction.atomic():
        themes = Theme.objects.bulk_create(
            [Theme(campaign=campaign, number=i + 1, title=f"专题活动{i + 1}") for i in range(5)])  # fmt: skip
        measures = Measure.objects.bulk_create([
            Measure(campaign=campaign, theme=t, number=j + 1, title=f"重点举措{t.number}.{j + 1}",
                    weight=rng.choice([None, None, 2]))
            for t in themes for j in range(50)
        ], batch_size=1000)  # fmt: skip
        tasks = Task.objects.bulk_create([
            Task(campaign=campaign, measure=m, number=k + 1, title=f"具体任务{m.pk}-{k + 1}", lead_unit_id=rng.choice(leads),
                 due_on=START + datetime.timedelta(days=rng.randint(30, 300)), due_fixed=True,
                 weight=rng.choice([None, None, None, 2, 3]))
            for m in measures for k in range(per_measure)
        ], batch_size=1000)  # fmt: skip
        shares = []
        for t in tasks:
            for unit_id in rng.sample(units, k=rng.choice([1, 2, 3])):
                status = rng.choice([Status.NOT_STARTED, Status.IN_PROGRESS, Status.IN_PROGRESS, Status.VERIFIED])
                percent = (
                    100 if status == Status.VERIFIED else (0 if status == Status.NOT_STARTED else rng.randint(5, 95))
                )
                shares.append(Assignment(task=t, unit_id=unit_id, campaign=campaign, status=status, percent=percent))
        shares = Assignment.objects.bulk_create(shares, batch_size=2000)
        reports = []
        for a in shares:
            if a.status == Status.NOT_STARTED:
                continue
            for _w in range(rng.randint(1, 3)):
                day = LAST_WEEK - datetime.timedelta(days=7 * rng.choice([0, 0, 1, 2, 4, 9]) - rng.randint(0, 6))
                reports.append(ProgressReport(assignment=a, kind=ReportKind.PROGRESS, day=day, text="推进中",
                                              percent_before=max(0, a.percent - 20), percent=a.percent))  # fmt: skip
            if a.status == Status.VERIFIED:
                reports.append(ProgressReport(assignment=a, kind=ReportKind.VERIFIED, percent=100,
                                              day=LAST_WEEK + datetime.timedelta(days=rng.randint(0, 6))))  # fmt: skip
        ProgressReport.objects.bulk_create(reports, batch_size=5000)
    return {"campaign": campaign.pk, "tasks": len(tasks), "assignments": len(shares), "reports": len(reports),
            "orgs": len(units) + 1}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--preset", default="province", choices=["district", "province"])
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--wait-minutes", type=float, default=30)
    args = parser.parse_args()
    source = wait_for_preset(args.preset, args.wait_minutes)
    setup_django(private_copy(source, f"campaigns-{args.preset}"))

    from django.db import transaction

    from lixing.campaigns.documents import weekly_docx
    from lixing.campaigns.models import Assignment, Campaign, Measure, Task, Theme
    from lixing.campaigns.progress import plan_rollup, rollup_chain
    from lixing.campaigns.selectors import weekly_report
    from lixing.figures.periods import Period
    from lixing.orgs.access import SYSTEM

    rng = random.Random(2021)
    t0 = time.perf_counter()
    stats = plan_at_scale(args.tasks, rng)
    print(f"planned {stats} in {time.perf_counter() - t0:.1f}s", file=sys.stderr, flush=True)
    campaign = Campaign.objects.select_related("org").get(pk=stats["campaign"])

    def rollup_cold() -> float:
        """Every node changes: progress zeroed first (untimed), then recomputed and written."""
        with transaction.atomic():
            for model in (Task, Measure, Theme):
                model.objects.filter(campaign=campaign).update(progress=0)  # type: ignore[attr-defined]
        t = time.perf_counter()
        with transaction.atomic():
            plan_rollup(campaign)
        return (time.perf_counter() - t) * 1000

    rollup_ms = sorted(rollup_cold() for _ in range(5))[2]
    task = Assignment.objects.filter(campaign=campaign).select_related("task").first()
    assert task is not None

    def chain() -> None:
        with transaction.atomic():
            rollup_chain(task.task)

    chain_ms = timed_ms(chain)
    period = Period.parse("2021W23")
    t = time.perf_counter()
    report = weekly_report(actor=SYSTEM, campaign=campaign, period=period)
    body = weekly_docx(report)
    weekly_s = time.perf_counter() - t
    print(f"weekly report: {len(report.moved)} moved, {len(report.finished)} finished, {len(report.late)} late, "
          f"{len(body) // 1024} KB .docx; campaign progress {campaign.progress:.1f}%", file=sys.stderr)  # fmt: skip
    print(f"RESULT rollup_ms={rollup_ms:.0f} chain_ms={chain_ms:.1f} weekly_report_s={weekly_s:.2f} "
          f"tasks={stats['tasks']} assignments={stats['assignments']} reports={stats['reports']} "
          f"orgs={stats['orgs']} preset={args.preset}")  # fmt: skip


if __name__ == "__main__":
    main()
