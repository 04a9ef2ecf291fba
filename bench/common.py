"""Helpers shared by the benchmarks: the preset databases and running Django against them.

    from bench.common import preset_db, setup_django
    path = preset_db("province")          # builds var/bench/province.sqlite3 once, then reuses it
    setup_django(path)                     # this process now talks to that database

A preset database is built by running ``manage.py migrate`` and ``manage.py demo --preset …``
in a subprocess with ``DATABASE_URL`` pointing at the file; a ``.ok`` marker next to it
records a complete build, so an interrupted build is redone rather than reused. One Django
process talks to one database: a bench that compares presets measures each in a child
process (:func:`run_child`) and combines the JSON they print.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PYTHON = sys.executable
PRESETS = ("district", "province")


def db_url(path: Path) -> str:
    return f"sqlite:///{path}"


def preset_db(preset: str, *, rebuild: bool = False, extra_args: list[str] | None = None) -> Path:
    """The path of the preset's database, building it first if needed (prints the build time)."""
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"{preset}.sqlite3"
    marker = path.with_suffix(".ok")
    env = {**os.environ, "DATABASE_URL": db_url(path), "DJANGO_SETTINGS_MODULE": "config.settings"}
    if marker.exists() and path.exists() and not rebuild:
        # A preset built by older code gets the newer migrations (a new column, a dropped index).
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        return path
    for stale in (path, marker, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    started = time.monotonic()
    print(f"building the {preset} preset at {path} …", file=sys.stderr, flush=True)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "demo", "--preset", preset, *(extra_args or [])], cwd=ROOT, env=env,
                   check=True)  # fmt: skip
    elapsed = time.monotonic() - started
    marker.write_text(json.dumps({"preset": preset, "build_s": round(elapsed, 1)}))
    print(f"built the {preset} preset in {elapsed:.0f}s", file=sys.stderr, flush=True)
    return path


def private_copy(source: Path, name: str, *, migrate: bool = False) -> Path:
    """A private copy of a (preset) database as ``var/bench/<name>.sqlite3``, for a bench to
    write into while the preset stays untouched (consistent even if it is in WAL mode);
    ``migrate``: bring the copy's schema up to date (a copy of another bench's database)."""
    target = BENCH_DIR / f"{name}.sqlite3"
    for stale in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        stale.unlink(missing_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    if migrate:
        env = {**os.environ, "DATABASE_URL": db_url(target), "DJANGO_SETTINGS_MODULE": "config.settings"}
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    return target


def timed_rebuild() -> dict[str, float]:
    """Recompute every roll-up counter from the records: seconds taken, and this process's
    peak RSS so far (the rebuild is the memory-hungry step of a bench that loads records)."""
    from lixing.orgs.rollups import rollup_rebuild

    started = time.monotonic()
    rollup_rebuild()
    return {
        "rebuild_s": round(time.monotonic() - started, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def build_seconds(path: Path) -> float | None:
    """How long the preset at ``path`` took to build (from its marker), if known."""
    marker = path.with_suffix(".ok")
    try:
        return float(json.loads(marker.read_text())["build_s"])
    except (OSError, ValueError, KeyError):
        return None


def setup_django(path: Path) -> None:
    """Point this process at the database file and start Django."""
    os.environ["DATABASE_URL"] = db_url(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def run_child(script: Path, *args: str) -> dict[str, Any]:
    """Run ``script *args`` and parse the JSON object it prints as its last line."""
    out = subprocess.run([PYTHON, str(script), *args], cwd=ROOT, check=True, capture_output=True, text=True)
    if out.stderr:
        sys.stderr.write(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def timed_ms(fn: Any, *, repeat: int = 5) -> float:
    """Median wall time of ``fn()`` in milliseconds (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return samples[len(samples) // 2]


def need_tool(name: str, package: str) -> str:
    """The path of system tool ``name``; installs Debian's ``package`` when run as root and it
    is missing, else stops with one line saying how (never a bare FileNotFoundError)."""
    import shutil

    found = shutil.which(name)
    if found:
        return found
    if os.geteuid() == 0:
        print(f"installing {package} (for {name})…", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", package], check=False,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})  # fmt: skip
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit(f"{Path(sys.argv[0]).name}: needs {name}: sudo apt-get install -y {package}")
