"""Backups and restores: the database and the uploaded files, in one archive.

An archive is a plain ``.tar`` holding ``manifest.json`` (what it is, from where, when, and a
SHA-256 per member), the database — ``db.dump`` (``pg_dump`` custom format) on PostgreSQL or
``db.sqlite3`` (SQLite's online backup API, consistent while the site runs) — and
``media.tar.gz`` (every uploaded file). A restore checks the hashes before it touches anything.

The PostgreSQL tools (``pg_dump``, ``pg_restore``) come with Debian's ``postgresql-client``
package; without them the commands say so instead of failing with a bare ``FileNotFoundError``.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Database:
    vendor: str
    settings_dict: dict[str, Any]

    @classmethod
    def of(cls, alias: str = "default") -> Database:
        conn = connections[alias]
        return cls(vendor=conn.vendor, settings_dict=dict(conn.settings_dict))

    @property
    def sqlite_path(self) -> Path:
        return Path(str(self.settings_dict["NAME"]))

    def pg_env(self) -> dict[str, str]:
        s = self.settings_dict
        env = {**os.environ, "PGDATABASE": str(s["NAME"]), "PGUSER": str(s.get("USER") or "")}
        if s.get("HOST"):
            env["PGHOST"] = str(s["HOST"])
        if s.get("PORT"):
            env["PGPORT"] = str(s["PORT"])
        if s.get("PASSWORD"):
            env["PGPASSWORD"] = str(s["PASSWORD"])
        return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        # Debian installs the client tools of each server version under /usr/lib/postgresql/N/bin.
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/" + name), reverse=True)
        if versions:
            return str(versions[0])
        raise BackupError(f"{name} is not installed: apt-get install postgresql-client")
    return found


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _migrations_state(alias: str = "default") -> list[str]:
    recorder = MigrationRecorder(connections[alias])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def backup_create(*, out_dir: Path, media_root: Path | None = None, alias: str = "default") -> Path:
    """Write one archive into ``out_dir`` and return its path."""
    db = Database.of(alias)
    media = Path(media_root or settings.MEDIA_ROOT)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp_name:
        tmp = Path(tmp_name)
        if db.vendor == "postgresql":
            db_file = tmp / "db.dump"
            run = subprocess.run(  # noqa: S603 - our own tool paths and settings, no shell
                [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(db_file)],
                env=db.pg_env(),
                capture_output=True,
                text=True,
                check=False,
            )
            if run.returncode:
                raise BackupError(f"pg_dump failed: {run.stderr.strip()}")
        elif db.vendor == "sqlite":
            db_file = tmp / "db.sqlite3"
            src = sqlite3.connect(db.sqlite_path)
            dst = sqlite3.connect(db_file)
            try:
                src.backup(dst)  # online: consistent while the site keeps writing
            finally:
                dst.close()
                src.close()
        else:
            raise BackupError(f"no backup for a {db.vendor} database")
        media_file = tmp / "media.tar.gz"
        with tarfile.open(media_file, "w:gz") as tar:
            if media.is_dir():
                tar.add(media, arcname="media")
        manifest = {
            "format": FORMAT,
            "vendor": db.vendor,
            "created_at": stamp,
            "migrations": _migrations_state(alias),
            "files": {p.name: _sha256(p) for p in (db_file, media_file)},
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        archive = out_dir / f"lixing-{db.vendor}-{stamp}.tar"
        partial = archive.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            for name in ("manifest.json", db_file.name, media_file.name):
                tar.add(tmp / name, arcname=name)
        partial.rename(archive)  # a half-written archive never looks like a backup
    return archive


def backup_prune(*, out_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` archives in ``out_dir``; return what was deleted."""
    archives = sorted(out_dir.glob("lixing-*.tar"), key=lambda p: p.name)
    doomed = archives[:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink()
    return doomed


def read_manifest(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive) as tar:
        member = tar.extractfile("manifest.json")
        if member is None:
            raise BackupError(f"{archive} has no manifest.json: not a Lixing backup")
        manifest: dict[str, Any] = json.load(io.TextIOWrapper(member, encoding="utf-8"))
    return manifest


def _database_is_empty(db: Database, alias: str) -> bool:
    return "django_migrations" not in connections[alias].introspection.table_names()


def backup_restore(
    *, archive: Path, media_root: Path | None = None, alias: str = "default", force: bool = False
) -> dict[str, Any]:
    """Restore ``archive`` into the database ``alias`` and the media folder.

    Refuses a database that already holds tables unless ``force`` (then its tables are
    replaced), and an archive whose files do not match the manifest's hashes.
    """
    db = Database.of(alias)
    media = Path(media_root or settings.MEDIA_ROOT)
    manifest = read_manifest(archive)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    if manifest["vendor"] != db.vendor:
        raise BackupError(f"this backup is of a {manifest['vendor']} database; the target is {db.vendor}")
    if not force and not _database_is_empty(db, alias):
        raise BackupError("the target database is not empty: restore into a new database, or pass --force")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        for name, digest in manifest["files"].items():
            if _sha256(tmp / name) != digest:
                raise BackupError(f"{name} in {archive.name} does not match its manifest: the archive is damaged")
        connections[alias].close()
        if db.vendor == "postgresql":
            run = subprocess.run(  # noqa: S603 - our own tool paths and settings, no shell
                [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                 *(["--clean", "--if-exists"] if force else []), "--dbname", str(db.settings_dict["NAME"]),
                 str(tmp / "db.dump")],
                env=db.pg_env(),
                capture_output=True,
                text=True,
                check=False,
            )  # fmt: skip
            if run.returncode:
                raise BackupError(f"pg_restore failed: {run.stderr.strip()}")
        else:
            target = db.sqlite_path
            target.parent.mkdir(parents=True, exist_ok=True)
            src = sqlite3.connect(tmp / "db.sqlite3")
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
                src.close()
        with tarfile.open(tmp / "media.tar.gz") as tar:
            staging = tmp / "media-out"
            tar.extractall(staging, filter="data")
        media.mkdir(parents=True, exist_ok=True)
        if (staging / "media").is_dir():
            shutil.copytree(staging / "media", media, dirs_exist_ok=True)
    return manifest
