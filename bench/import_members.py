"""Benchmark: end-to-end roster import (parse + validate + write + audit) on SQLite.

    .venv/bin/python bench/import_members.py --rows 100000

Generates a valid roster .xlsx (openpyxl write-only, cached under var/bench/), times the
bare calamine read of it, then the full import (check, then the all-or-nothing apply, through
``lixing.imports.services.import_run`` — the path of ``import_members``) into a fresh SQLite
database under var/bench/. Prints one last line:

    RESULT rows_per_s=… peak_rss_mb=… import_over_read=…

Targets (issue 2): ≥ 10,000 rows/s, ≤ 300 MB peak RSS, import ≤ 3× the bare read.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import subprocess
import sys
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep-db", action="store_true", help="do not delete the database afterwards")
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
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

    sheet = BENCH_DIR / f"roster-{args.rows}.xlsx"
    if not sheet.exists():
        t = time.perf_counter()
        generate(sheet, args.rows)
        print(f"generated {sheet} in {time.perf_counter() - t:.1f}s", file=sys.stderr)

    # The bare read runs in a child process, so that its memory is not counted as the import's.
    read_s, read_cpu = bare_read(sheet, args.rows)

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
    t, cpu = time.perf_counter(), time.process_time()
    outcome = import_run(actor=SYSTEM, kind="members", org=root, source=str(sheet), name=sheet.name)
    import_s, import_cpu = time.perf_counter() - t, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    child_rss = after.ru_maxrss / 1024  # the largest child so far: the read-ahead one, or the bare read
    if outcome.errors:
        print("errors:", outcome.errors[:5], file=sys.stderr)
        return 1
    assert outcome.create == args.rows, outcome
    assert Member.objects.count() == args.rows

    t = time.perf_counter()
    again = import_run(actor=SYSTEM, kind="members", org=root, source=str(sheet), name=sheet.name)
    reimport_s = time.perf_counter() - t
    assert (again.create, again.update, again.skip) == (0, 0, args.rows), again

    print(
        f"read {read_s:.2f}s (cpu {read_cpu:.2f}s) · import {import_s:.2f}s (cpu {import_cpu:.2f}s, "
        f"read-ahead process cpu {child_cpu:.2f}s, largest child {child_rss:.0f} MB) · "
        f"re-import (all skip) {reimport_s:.2f}s · cpu-based: {args.rows / import_cpu:.0f} rows/s, "
        f"import/read {import_cpu / read_cpu:.2f}",
        file=sys.stderr,
    )
    if not args.keep_db:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    print(
        f"RESULT rows_per_s={args.rows / import_s:.0f} peak_rss_mb={_rss_mb():.0f} "
        f"import_over_read={import_s / read_s:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
