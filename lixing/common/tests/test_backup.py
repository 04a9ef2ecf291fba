"""Backup and restore through the commands an operator runs, on a real database file:
the restored copy has the same records, figures and uploaded files; a damaged archive and a
non-empty target are refused before anything is touched."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]

SEED = """
import datetime
from lixing.common.testing import make_mobile, unique_id_number
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import OrgKind
from lixing.orgs.services import member_create, org_create
root = org_create(actor=SYSTEM, parent=None, name="演练区党工委", kind=OrgKind.WORKING_COMMITTEE)
branch = org_create(actor=SYSTEM, parent=root, name="演练支部", kind=OrgKind.BRANCH)
for n in range(1, 4):
    number, birth, gender = unique_id_number(n + 900_000)
    member_create(actor=SYSTEM, org=branch, name=f"演练{n}", gender=gender, id_number=number, birth_date=birth,
                  joined_at=datetime.date(2005, 7, 1), confirmed_at=datetime.date(2006, 7, 1), phone=make_mobile(n))
"""


def manage(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True, check=check
    )


@pytest.fixture(scope="module")
def source(tmp_path_factory: Any) -> dict[str, str]:
    """A migrated SQLite database file with a small tree, and an uploaded file."""
    folder = tmp_path_factory.mktemp("backup-source")
    media = folder / "media"
    (media / "tickets").mkdir(parents=True)
    (media / "tickets" / "photo.jpg").write_bytes(b"\xff\xd8 not really a jpeg \xff\xd9")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PYTEST", "DJANGO"))},
        "DATABASE_URL": f"sqlite:///{folder / 'source.sqlite3'}",
        "LIXING_MEDIA_ROOT": str(media),
        "LIXING_VAR_DIR": str(folder / "var"),
        "LIXING_DEBUG": "1",
    }
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "shell", "-c", SEED)
    return env


def test_a_restored_copy_has_the_same_figures_and_files(source: dict[str, str], tmp_path: Path) -> None:
    archive = Path(manage(source, "backup", "--out", str(tmp_path / "b")).stdout.strip().splitlines()[-1])
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == ["db.sqlite3", "manifest.json", "media.tar.gz"]
    target = {
        **source,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        "LIXING_MEDIA_ROOT": str(tmp_path / "m"),
    }
    assert "restored" in manage(target, "restore", str(archive)).stdout
    before = json.loads(manage(source, "figures", "--json").stdout)["figures"]
    after = json.loads(manage(target, "figures", "--json").stdout)["figures"]
    assert after == before
    assert {f["key"]: f["value"] for f in after}["orgs.members"] == 3
    assert (tmp_path / "m" / "tickets" / "photo.jpg").read_bytes() == b"\xff\xd8 not really a jpeg \xff\xd9"


def test_a_restore_into_a_database_in_use_is_refused_without_force(source: dict[str, str], tmp_path: Path) -> None:
    archive = manage(source, "backup", "--out", str(tmp_path / "b")).stdout.strip().splitlines()[-1]
    refused = manage(source, "restore", archive, check=False)
    assert refused.returncode != 0
    assert "not empty" in refused.stderr


def test_a_damaged_archive_is_refused_before_anything_changes(source: dict[str, str], tmp_path: Path) -> None:
    archive = Path(manage(source, "backup", "--out", str(tmp_path / "b")).stdout.strip().splitlines()[-1])
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member)
            assert data is not None
            payload = data.read()
            if member.name == "db.sqlite3":
                payload = payload[:-1] + bytes([payload[-1] ^ 0xFF])
            member.size = len(payload)
            dst.addfile(member, io.BytesIO(payload))
    target_db = tmp_path / "never.sqlite3"
    target = {**source, "DATABASE_URL": f"sqlite:///{target_db}", "LIXING_MEDIA_ROOT": str(tmp_path / "m")}
    refused = manage(target, "restore", str(damaged), check=False)
    assert refused.returncode != 0
    assert "damaged" in refused.stderr
    assert not (tmp_path / "m").exists()


def test_backup_keeps_only_the_newest_archives(source: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "b"
    for _ in range(3):
        manage(source, "backup", "--out", str(out), "--keep", "2")
    assert len(list(out.glob("lixing-*.tar"))) == 2
