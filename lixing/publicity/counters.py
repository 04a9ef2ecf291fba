"""Counter keys of publicity, honours and model examples, and the one function per record that
says which keys it adds to (services bump "before −1, after +1"; the rebuild uses the same
rules through SQL aggregates).

* An article counts at its reporting unit on its date, unless flagged as a duplicate.
* An honour recipient counts at the organisation commended, or the member's organisation
  when awarded, on the honour's date, by kind.
* A model example counts at its unit on its date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Count

from lixing.orgs.rollups import Bump

from .models import Article, ArticleKind, HonourRecipient, ModelExample

ARTICLES = "publicity.articles"
CENTRAL_PROVINCIAL = "publicity.central_provincial"
VIDEOS_IN_SERIES = "publicity.videos_in_series"
EXAMPLES = "publicity.examples"


def level_key(code: str) -> str:
    return f"publicity.level.{code}"


def honour_key(kind_code: str) -> str:
    return f"publicity.honoured.{kind_code}"


def article_bumps(article: Article, sign: int) -> list[Bump]:
    if article.duplicate_of_id is not None:
        return []
    unit, day = article.unit, article.published_on
    out = [Bump(unit.pk, unit.path, ARTICLES, day, sign), Bump(unit.pk, unit.path, level_key(article.level.code), day, sign)]
    if article.level.central_or_provincial:
        out.append(Bump(unit.pk, unit.path, CENTRAL_PROVINCIAL, day, sign))
    if article.kind == ArticleKind.VIDEO and article.series:
        out.append(Bump(unit.pk, unit.path, VIDEOS_IN_SERIES, day, sign))
    return out


def recipient_bump(recipient: HonourRecipient, kind_code: str, day: datetime.date, sign: int) -> Bump:
    return Bump(recipient.at_org_id, recipient.at_org.path, honour_key(kind_code), day, sign)


def example_bump(example: ModelExample, sign: int) -> Bump:
    return Bump(example.unit_id, example.unit.path, EXAMPLES, example.recognised_on, sign)


def publicity_rollup_rows() -> Iterator[tuple[int, str, datetime.date | None, int]]:
    """Every publicity counter, recomputed from the records (aggregated in SQL)."""
    counted = Article.objects.filter(duplicate_of__isnull=True)
    for unit_id, day, code, high, n in (
        counted.values_list("unit_id", "published_on", "level__code", "level__central_or_provincial")
        .annotate(n=Count("id"))
        .values_list("unit_id", "published_on", "level__code", "level__central_or_provincial", "n")
    ):
        yield unit_id, ARTICLES, day, n
        yield unit_id, level_key(code), day, n
        if high:
            yield unit_id, CENTRAL_PROVINCIAL, day, n
    for unit_id, day, n in (
        counted.filter(kind=ArticleKind.VIDEO).exclude(series="")
        .values_list("unit_id", "published_on").annotate(n=Count("id")).values_list("unit_id", "published_on", "n")
    ):  # fmt: skip
        yield unit_id, VIDEOS_IN_SERIES, day, n
    for org_id, day, code, n in (
        HonourRecipient.objects.values_list("at_org_id", "honour__awarded_on", "honour__kind__code")
        .annotate(n=Count("id"))
        .values_list("at_org_id", "honour__awarded_on", "honour__kind__code", "n")
    ):
        yield org_id, honour_key(code), day, n
    for unit_id, day, n in (
        ModelExample.objects.values_list("unit_id", "recognised_on").annotate(n=Count("id"))
        .values_list("unit_id", "recognised_on", "n")
    ):  # fmt: skip
        yield unit_id, EXAMPLES, day, n
