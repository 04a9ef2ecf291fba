"""Shared helpers for the publicity tests: the presets, an item factory, counter reads."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Organization
from lixing.publicity import services
from lixing.publicity.defaults import ensure_defaults
from lixing.publicity.models import Article, MediaLevel

DAY = datetime.date(2021, 5, 12)


@pytest.fixture
def levels(db: Any) -> dict[str, MediaLevel]:
    ensure_defaults()  # a transactional test elsewhere may have flushed the migration's rows
    return {lv.code: lv for lv in MediaLevel.objects.all()}


def make_article(unit: Organization, level: str = "municipal", *, actor: Any = SYSTEM, **kw: Any) -> Article:
    kw.setdefault("title", f"报道{Article.objects.count() + 1}")
    kw.setdefault("outlet", "宁波日报")
    kw.setdefault("published_on", DAY)
    kw.setdefault("link", "https://example.org/a")
    return services.article_create(actor=actor, unit=unit, level=MediaLevel.objects.get(code=level), **kw)
