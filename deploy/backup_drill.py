"""The backup drill: back up the database that DATABASE_URL names, restore it into a fresh
database, and check that the copy is the same platform — the roll-up counters equal a rebuild
(`verify_rollups`), every figure at the root equals the source's, and every uploaded file came
back byte for byte.

    DATABASE_URL=postgres://lixing:lixing@127.0.0.1/lixing .venv/bin/python deploy/backup_drill.py [--seed]

``--seed`` first migrates the source and loads the demo district when it is empty (what CI
does on a small database). Exits non-zero, saying what differs, when the copy is not the same.
The fresh database is dropped afterwards.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable


def manage(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(  # noqa: S603 - our own manage.py
        [PY, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if check and run.returncode:
        sys.stderr.write(run.stdout + run.stderr)
        raise SystemExit(f"drill: `manage.py {' '.join(args)}` failed ({run.returncode})")
    return run


def files_of(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def pg_admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--seed", action="store_true", help="migrate and load the demo district when the source is empty"
    )
    args = parser.parse_args()
    source_url = os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'lixing.sqlite3'}")
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base.setdefault("LIXING_DEBUG", "1")
    with tempfile.TemporaryDirectory(prefix="lixing-drill-") as tmp_name:
        tmp = Path(tmp_name)
        source_media = Path(base.get("LIXING_MEDIA_ROOT", str(ROOT / "var" / "media")))
        source = {**base, "DATABASE_URL": source_url, "LIXING_MEDIA_ROOT": str(source_media)}
        if args.seed:
            manage("migrate", "--noinput", "-v", "0", env=source)
            manage("demo", "--if-empty", env=source)
        before: dict[str, Any] = json.loads(manage("figures", "--json", env=source).stdout)
        archive = Path(manage("backup", "--out", str(tmp / "backups"), env=source).stdout.strip().splitlines()[-1])
        print(f"drill: backed up to {archive.name} ({archive.stat().st_size / 1e6:.1f} MB)")

        vendor_pg = source_url.startswith(("postgres://", "postgresql://"))
        if vendor_pg:
            name = f"lixing_drill_{uuid.uuid4().hex[:10]}"
            target_url = urlunsplit(urlsplit(source_url)._replace(path=f"/{name}"))
            pg_admin(source_url, f'CREATE DATABASE "{name}"')
        else:
            target_url = f"sqlite:///{tmp / 'restored.sqlite3'}"
        target = {**base, "DATABASE_URL": target_url, "LIXING_MEDIA_ROOT": str(tmp / "media")}
        try:
            manage("restore", str(archive), env=target)
            problems: list[str] = []
            verify = manage("verify_rollups", env=target, check=False)
            if verify.returncode:
                problems.append("verify_rollups on the restored copy:\n" + verify.stdout + verify.stderr)
            after: dict[str, Any] = json.loads(manage("figures", "--json", env=target).stdout)
            was = {f["key"]: f for f in before["figures"]}
            now = {f["key"]: f for f in after["figures"]}
            for key in sorted(set(was) | set(now)):
                if was.get(key) != now.get(key):
                    problems.append(f"figure {key}: source {was.get(key)} ≠ restored {now.get(key)}")
            if files_of(source_media) != files_of(tmp / "media"):
                problems.append("uploaded files differ between the source and the restored copy")
        finally:
            if vendor_pg:
                pg_admin(source_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if problems:
        print("drill: FAILED\n" + "\n".join(problems))
        return 1
    print(
        f"drill: ok — {len(now)} figures at the root equal, verify_rollups clean, {len(files_of(source_media))} uploaded files equal"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
