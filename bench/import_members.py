"""Benchmark: end-to-end roster import (parse + validate + write + audit) on SQLite.

    .venv/bin/python bench/import_members.py --rows 100000

Generates a valid roster .xlsx (openpyxl write-only, cached under var/bench/), then, in a
fresh process per run (``--repeat``, 3 by default: this machine's timings vary by ±20% from
run to run), times the bare calamine read of it and the full import (the all-or-nothing
apply through ``lixing.imports.services.import_run`` — the path of ``import_members``; a file
this size is parsed in a read-ahead process while the main one writes) into a fresh SQLite
database under var/bench/. Rates and ratios use the medians; the peak RSS is the main
process's largest; the read-ahead process's RSS (most of its pages are shared with the
main one) is printed apart, and so is the peak of both together counted fairly (PSS).
Prints one last line:

    RESULT rows_per_s=… peak_rss_mb=… import_over_read=…

Targets (issue 2): ≥ 10,000 rows/s, ≤ 300 MB peak RSS, import ≤ 3× the bare read.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
BRANCHES = 200


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(path: Path, rows: int) -> None:
    """A realistic roster: names, valid ID numbers, join dates, phones, 200 branches."""
    from openpyxl import Workbook

    from lixing.common.testing import make_mobile, unique_id_number
    from lixing.orgs.roster import COLUMNS

    rng = random.Random(2026)
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("党员信息")
    ws.append([c.header for c in COLUMNS])
    for n in range(rows):
        number, birth, gender = unique_id_number(n, rng=rng)
        joined = birth + datetime.timedelta(days=365 * 20 + rng.randrange(0, 365 * 20))
        joined = min(joined, datetime.date(2025, 6, 1))
        confirmed = joined + datetime.timedelta(days=366) if n % 10 else None
        ws.append([
            rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.randint(1, 2))),
            "男" if gender == "M" else "女", number, "汉族", birth, rng.choice(["大学本科", "大学专科", "研究生"]),
            rng.choice(["在职", "离退休"]), joined, confirmed, "职员", make_mobile(n), "浙江省宁波市北仑区",
            "正常", "否", "否", f"第{n % BRANCHES + 1}支部", "宁波某公司", "",
        ])  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    wb.save(tmp)
    tmp.replace(path)


BARE_READ = """
import sys, time
from python_calamine import CalamineWorkbook
t, c = time.perf_counter(), time.process_time()
n = sum(1 for _row in CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).iter_rows())
print(n - 1, time.perf_counter() - t, time.process_time() - c)
"""


def bare_read(sheet: Path, rows: int) -> tuple[float, float]:
    """Seconds (wall, CPU) to open the file and turn every row into Python values."""
    out = subprocess.run([sys.executable, "-c", BARE_READ, str(sheet)], check=True, capture_output=True, text=True)
    n, wall, cpu = out.stdout.split()
    assert int(n) == rows, (n, rows)
    return float(wall), float(cpu)


def _pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("Pss:")) / 1024
    except (OSError, StopIteration):
        return 0.0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


class PssSampler(threading.Thread):
    """The largest proportional set size (shared pages split between their sharers) of this
    process plus its children, sampled every 200 ms: the import's memory with the read-ahead
    process counted fairly (its RSS counts every page it shares with this one again)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.wait(0.2):
            self.peak_mb = max(self.peak_mb, sum(_pss_mb(p) for p in [me, *_children(me)]))


def measure_once(rows: int, keep_db: bool) -> dict[str, float]:
    """One measured run in this (fresh) process: bare read, import, re-import of the same file."""
    db = BENCH_DIR / "import_members.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["LIXING_VAR_DIR"] = str(BENCH_DIR)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    sheet = BENCH_DIR / f"roster-{rows}.xlsx"

    # The bare read runs in a child process, so that its memory is not counted as the import's.
    read_s, read_cpu = bare_read(sheet, rows)

    from lixing.imports.services import import_run
    from lixing.orgs.access import SYSTEM
    from lixing.orgs.models import Member, OrgKind
    from lixing.orgs.services import org_create

    root = org_create(actor=SYSTEM, parent=None, name="基准区党工委", kind=OrgKind.WORKING_COMMITTEE)
    committee = org_create(actor=SYSTEM, parent=root, name="基准党委", kind=OrgKind.COMMITTEE)
    for i in range(1, BRANCHES + 1):
        org_create(actor=SYSTEM, parent=committee, name=f"基准党委第{i}支部", short_name=f"第{i}支部",
                   kind=OrgKind.BRANCH)  # fmt: skip

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler = PssSampler()
    sampler.start()
    t, cpu = time.perf_counter(), time.process_time()
    outcome = import_run(actor=SYSTEM, kind="members", org=root, source=str(sheet), name=sheet.name)
    import_s, import_cpu = time.perf_counter() - t, time.process_time() - cpu
    sampler.stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if outcome.errors:
        raise SystemExit(f"errors: {outcome.errors[:5]}")
    assert outcome.create == rows, outcome
    assert Member.objects.count() == rows
    peak_mb = _rss_mb()  # before the re-import: the import's own peak

    t = time.perf_counter()
    again = import_run(actor=SYSTEM, kind="members", org=root, source=str(sheet), name=sheet.name)
    reimport_s = time.perf_counter() - t
    assert (again.create, again.update, again.skip) == (0, 0, rows), again
    if not keep_db:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    return {
        "read_s": read_s, "read_cpu": read_cpu, "import_s": import_s, "import_cpu": import_cpu,
        "child_cpu": after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime,
        # The largest child so far: the read-ahead process (the bare read's child is smaller).
        "child_rss_mb": after.ru_maxrss / 1024, "peak_rss_mb": peak_mb, "reimport_s": reimport_s,
        "pss_peak_mb": sampler.peak_mb,
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="measured runs, each in a fresh process (medians)")
    parser.add_argument("--keep-db", action="store_true", help="do not delete the database afterwards")
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        print(json.dumps(measure_once(args.rows, args.keep_db)))
        return 0

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    sheet = BENCH_DIR / f"roster-{args.rows}.xlsx"
    if not sheet.exists():
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        t = time.perf_counter()
        generate(sheet, args.rows)
        print(f"generated {sheet} in {time.perf_counter() - t:.1f}s", file=sys.stderr)

    runs = []
    for n in range(args.repeat):
        command = [sys.executable, __file__, "--once", "--rows", str(args.rows)]
        out = subprocess.run([*command, *(["--keep-db"] if args.keep_db else [])],
                             check=True, capture_output=True, text=True)  # fmt: skip
        r = json.loads(out.stdout.strip().splitlines()[-1])
        runs.append(r)
        print(
            f"run {n + 1}: read {r['read_s']:.2f}s (cpu {r['read_cpu']:.2f}s) · import {r['import_s']:.2f}s "
            f"(cpu {r['import_cpu']:.2f}s here, {r['child_cpu']:.2f}s in the read-ahead process) · "
            f"peak RSS {r['peak_rss_mb']:.0f} MB here, {r['child_rss_mb']:.0f} MB the largest child, "
            f"{r['pss_peak_mb']:.0f} MB both together (PSS) · "
            f"re-import (all skip) {r['reimport_s']:.2f}s · {args.rows / r['import_s']:.0f} rows/s, "
            f"import/read {r['import_s'] / r['read_s']:.2f}",
            file=sys.stderr,
        )
    read_s = statistics.median(r["read_s"] for r in runs)
    import_s = statistics.median(r["import_s"] for r in runs)
    peak = max(r["peak_rss_mb"] for r in runs)
    print(
        f"RESULT rows_per_s={args.rows / import_s:.0f} peak_rss_mb={peak:.0f} import_over_read={import_s / read_s:.2f} "
        f"runs={len(runs)} child_peak_rss_mb={max(r['child_rss_mb'] for r in runs):.0f} "
        f"pss_peak_mb={max(r['pss_peak_mb'] for r in runs):.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
