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


# --- One source string, one meaning -------------------------------------------------------------
# Django merges every installed app's catalogue at run time and the first one that knows a msgid
# wins on every page (Django's own apps come first). So a short source string with two meanings
# must carry a message context, or one app's words show up on another app's pages.

CATALOGUES = sorted(ROOT.glob("lixing/*/locale/zh_Hans/LC_MESSAGES/django.po"))


def _entries() -> list[tuple[str, polib.POEntry]]:
    return [
        (po.parts[-5], e)
        for po in CATALOGUES
        for e in polib.pofile(str(po))
        if not e.obsolete and (e.msgstr or e.msgstr_plural)
    ]


def test_no_source_string_is_translated_two_ways_without_a_context() -> None:
    seen: dict[str, dict[str, list[str]]] = {}
    for app, e in _entries():
        if not e.msgctxt and e.msgstr:
            seen.setdefault(e.msgid, {}).setdefault(e.msgstr, []).append(app)
    conflicts = {k: v for k, v in seen.items() if len(v) > 1}
    assert not conflicts, "give these a message context (pgettext / {% translate … context … %}):\n" + "\n".join(
        f"{k!r}: {v}" for k, v in sorted(conflicts.items())
    )


def test_every_translation_is_the_one_shown_at_run_time(settings: object) -> None:
    """Also catches Django's own catalogues (admin's 过滤器 for "Filter", sessions' 会话 for
    "sessions") shadowing ours."""
    from django.utils import translation

    wrong = []
    with translation.override("zh-hans"):
        for app, e in _entries():
            if e.msgid_plural:
                got = translation.npgettext(e.msgctxt, e.msgid, e.msgid_plural, 1) if e.msgctxt else \
                    translation.ngettext(e.msgid, e.msgid_plural, 1)
                want = e.msgstr_plural.get(0, "")
            else:
                got = translation.pgettext(e.msgctxt, e.msgid) if e.msgctxt else translation.gettext(e.msgid)
                want = e.msgstr
            if want and got != want:
                wrong.append(f"{app}: {e.msgctxt or ''}|{e.msgid!r} shows {got!r}, the catalogue says {want!r}")
    assert not wrong, "shadowed translations (add a context):\n" + "\n".join(wrong)
