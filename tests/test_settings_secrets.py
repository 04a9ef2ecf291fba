"""Secrets fail closed: production refuses the development key whatever DEBUG says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LIXING_") and k != "DATABASE_URL"}
    clean.update({"LIXING_VAR_DIR": str(ROOT / "var"), **env})
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=clean, capture_output=True, text=True,
        timeout=120,
    )


def test_production_without_a_key_refuses_to_start_even_with_debug_on() -> None:
    result = run_manage("check", LIXING_PRODUCTION="1", LIXING_DEBUG="1")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "LIXING_SECRET_KEY" in result.stderr


def test_production_refuses_the_development_key_given_explicitly() -> None:
    from django.conf import settings

    result = run_manage(
        "check", LIXING_PRODUCTION="1", LIXING_DEBUG="1", LIXING_SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY
    )
    assert result.returncode != 0
    assert "LIXING_SECRET_KEY" in result.stderr


def test_production_refuses_a_short_key() -> None:
    result = run_manage("check", LIXING_PRODUCTION="1", LIXING_SECRET_KEY="short-key")
    assert result.returncode != 0


def test_the_development_key_is_flagged_by_the_deploy_check() -> None:
    result = run_manage("check", "--deploy")
    assert "security.W009" in result.stderr + result.stdout


def test_a_real_key_in_production_passes_the_key_check() -> None:
    key = "k" * 20 + "Zq8!x7Lp0#vR2mT9sW4yB6nD1fH3jK5a"
    result = run_manage(
        "check", "--deploy", LIXING_PRODUCTION="1", LIXING_SECRET_KEY=key, LIXING_ALLOWED_HOSTS="lixing.example"
    )
    assert "ImproperlyConfigured" not in result.stderr
    assert "security.W009" not in result.stderr + result.stdout
