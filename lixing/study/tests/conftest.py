"""Shared helpers for the study tests: kinds by code and a session factory."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Organization
from lixing.orgs.rollups import ALL, read_totals
from lixing.study import services
from lixing.study.defaults import ensure_defaults
from lixing.study.models import SessionKind, StudySession

DAY = datetime.date(2021, 4, 14)


@pytest.fixture
def kinds(db: Any) -> dict[str, SessionKind]:
    ensure_defaults()  # a transactional test elsewhere may have flushed the migration's rows
    return {k.code: k for k in SessionKind.objects.all()}


def make_session(unit: Organization, *codes: str, actor: Any = SYSTEM, **kw: Any) -> StudySession:
    kw.setdefault("date", DAY)
    kw.setdefault("topic", "学党史、悟思想")
    kw.setdefault("place", "党员活动室")
    return services.session_create(
        actor=actor, unit=unit, kinds=list(SessionKind.objects.filter(code__in=codes or ["party_day"])), **kw
    )


def total(org: Organization, key: str, bucket: str = ALL) -> int:
    return read_totals([org.pk], [key], [bucket]).get((org.pk, key, bucket), 0)
