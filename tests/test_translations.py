"""The Simplified Chinese catalogue is complete: every translatable string of every app
(Python, templates, JavaScript) has a zh_Hans translation that is not fuzzy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = [*sorted(p for p in (ROOT / "lixing").iterdir() if p.is_dir() and (p / "apps.py").exists()), ROOT / "config"]


def _untranslated(app: Path, tmp_path: Path) -> list[str]:
    work = tmp_path / app.name
    shutil.copytree(app, work, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "vendor"))
    (work / "locale").mkdir(exist_ok=True)
    problems: list[str] = []
    for domain in ("django", "djangojs"):
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "zh_Hans", "-d", domain, "-v", "0"],
            cwd=work,
            check=True,
        )
        po_path = work / "locale" / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po"
        if not po_path.exists():
            continue
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete:
                continue
            missing = not entry.msgstr and not (entry.msgstr_plural and all(entry.msgstr_plural.values()))
            if missing or entry.fuzzy:
                problems.append(f"{app.name}/{domain}: {entry.msgid!r}{' (fuzzy)' if entry.fuzzy else ''}")
    return problems


@pytest.mark.parametrize("app", APPS, ids=[a.name for a in APPS])
def test_every_string_has_a_simplified_chinese_translation(app: Path, tmp_path: Path) -> None:
    problems = _untranslated(app, tmp_path)
    assert not problems, "untranslated strings (run `make makemessages` and translate):\n" + "\n".join(problems)
