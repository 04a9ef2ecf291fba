"""A migrated SQLite database file for tests that drive management commands in subprocesses
(backups, workers): built once per test process, copied for each test that writes to it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]


def command_env(db: Path, folder: Path) -> dict[str, str]:
    """The environment of a subprocess working on ``db`` (and nothing of the test run's own)."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PYTEST", "DJANGO"))},
        "DATABASE_URL": f"sqlite:///{db}",
        "LIXING_MEDIA_ROOT": str(folder / "media"),
        "LIXING_VAR_DIR": str(folder / "var"),
        "LIXING_DEBUG": "1",
    }


def manage(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True, check=check
    )


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: Any) -> Path:
    folder = tmp_path_factory.mktemp("migrated")
    db = folder / "template.sqlite3"
    manage(command_env(db, folder), "migrate", "--noinput", "-v", "0")
    return db


def fresh_copy(template: Path, folder: Path) -> Path:
    db = folder / "db.sqlite3"
    shutil.copyfile(template, db)
    return db
