"""Study kinds are data, in every process: a kind added, renamed or retired in one process
is in the figures of every other at its next read — `manage.py figures --json` and a
briefing made by `make_briefing` in other processes, a long-running process without restart."""

from __future__ import annotations

import io
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
from django.conf import settings
from django.urls import reverse

from lixing.figures import registry
from lixing.figures.models import RegistryVersion
from lixing.orgs.access import SYSTEM
from lixing.study import services
from lixing.study.counters import KINDS_PROVIDER
from lixing.study.models import SessionKind

from .conftest import make_session

STAMPS = itertools.count(1_000_001)
CREATE_IN_ONE_PROCESS = """
import datetime
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import OrgKind
from lixing.orgs.services import org_create
from lixing.study import services
root = org_create(actor=SYSTEM, parent=None, name="测试区党工委", kind=OrgKind.WORKING_COMMITTEE)
branch = org_create(actor=SYSTEM, parent=root, name="一支部", kind=OrgKind.BRANCH)
kind = services.session_kind_create(actor=SYSTEM, code="visit", name="参观学习")
services.session_create(actor=SYSTEM, unit=branch, kinds=[kind], date=datetime.date(2026, 11, 10),
                        topic="参观红色教育基地", place="纪念馆")
print(root.pk)
"""


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_kind_created_in_one_process_is_in_the_figures_and_briefing_of_others(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "LIXING_MEDIA_ROOT": str(tmp_path)}
    _manage(env, "migrate", "-v", "0")
    root_id = _manage(env, "shell", "-c", CREATE_IN_ONE_PROCESS).strip().splitlines()[-1]
    payload = json.loads(_manage(env, "figures", "--json", "--org", root_id, "--period", "2026W46"))
    figures = {f["key"]: f for f in payload["figures"]}
    assert figures["study.kind.visit"]["label"] == "参观学习"
    assert figures["study.kind.visit"]["value"] == 1
    assert figures["study.held.visit"]["numerator"] == 1
    out = tmp_path / "briefing.docx"
    _manage(env, "make_briefing", "--org", root_id, "--from", "2026-11-09", "--to", "2026-11-15", "--out", str(out))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs)
    assert "参观学习" in text


def _another_process_writes(code: str, **fields: Any) -> None:
    """What another process's service leaves in the database: the row and a moved version."""
    SessionKind.objects.update_or_create(code=code, defaults=fields)
    RegistryVersion.objects.update_or_create(name=KINDS_PROVIDER, defaults={"version": next(STAMPS)})


def test_a_long_running_process_sees_a_kind_another_process_added_without_restart(district: Any, kinds: Any) -> None:
    keys = {f.key for f in registry.all_figures()}
    assert "study.kind.visit" not in keys
    _another_process_writes("visit", name="参观学习", order=150)
    assert {"study.kind.visit", "study.held.visit"} <= {f.key for f in registry.all_figures()}
    page = district.client(district.district_admin).get(reverse("reports:index"), {"org": district.root.pk})
    assert "参观学习" in page.content.decode()


def test_a_rename_and_a_retirement_reach_every_process(district: Any, kinds: Any) -> None:
    _another_process_writes("reading_club", name="读书会", order=70)
    labels = {f.key: str(f.label) for f in registry.all_figures()}
    assert labels["study.kind.reading_club"] == "读书会"
    _another_process_writes("reading_club", is_active=False)
    keys = {f.key for f in registry.all_figures()}
    assert "study.kind.reading_club" not in keys and "study.held.reading_club" not in keys
    assert registry.get("study.kind.reading_club").records is not None  # old drill-downs still open


def test_the_settings_page_renames_and_retires_a_kind(district: Any, kinds: Any) -> None:
    client = district.client(district.district_admin)
    party_day = kinds["party_day"]
    data = {"form": "kind_edit", "edit-kind": party_day.pk, "edit-name": "主题党日活动", "edit-is_active": "on"}
    assert client.post(reverse("study:configure"), data).status_code == 302
    assert {f.key: str(f.label) for f in registry.all_figures()}["study.kind.party_day"] == "主题党日活动"
    make_session(district.branch_a1, "party_day")
    del data["edit-is_active"]
    client.post(reverse("study:configure"), data)
    assert not SessionKind.objects.get(pk=party_day.pk).is_active
    assert "study.kind.party_day" not in {f.key for f in registry.all_figures()}
    # The counters are untouched: its sessions still count (and the figure still opens).
    assert services.SessionKind.objects.filter(code="party_day").exists()
    page = client.get(reverse("study:configure"))
    assert "主题党日活动" in page.content.decode()


def test_a_unit_admin_cannot_rename_a_kind(district: Any, kinds: Any) -> None:
    client = district.client(district.unit_admin)
    party_day = kinds["party_day"]
    client.post(reverse("study:configure"), {"form": "kind_edit", "edit-kind": party_day.pk, "edit-name": "改名"})
    assert SessionKind.objects.get(pk=party_day.pk).name == "主题党日"
    assert SYSTEM is not None
