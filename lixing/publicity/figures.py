"""The publicity figures, in the seeds' words: "宣传报道N篇，其中学习强国N篇、中央省级媒体N篇",
"表彰先进基层党组织N个、优秀共产党员N名", model examples (which feed the briefing's examples).

Every figure reads roll-up counters; the drill-downs list the records, scoped to the actor
and the subtree. Flagged duplicates are not counted (and not listed) until cleared.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lixing.figures.periods import Period
from lixing.figures.registry import Figure, Group, count_figure, register
from lixing.figures.selectors import subtree_q
from lixing.orgs.models import Organization

from .counters import ARTICLES, CENTRAL_PROVINCIAL, EXAMPLES, VIDEOS_IN_SERIES, honour_key, level_key
from .defaults import DEFAULT_HONOUR_KINDS, DEFAULT_LEVELS
from .models import Article, ArticleKind, HonourRecipient, MediaLevel, ModelExample

EXAMPLES_IN_BRIEFING = 3


def _in_period(qs: QuerySet[Any], period: Period, field: str) -> QuerySet[Any]:
    if period.start is None:
        return qs
    return qs.filter(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def articles(actor: Any, org: Organization, period: Period) -> QuerySet[Article]:
    qs = Article.objects.filter(subtree_q(actor, org, "unit__path"), duplicate_of__isnull=True)
    return _in_period(qs, period, "published_on").select_related("unit", "level").order_by("-published_on", "-id")


def _articles_at(code: str) -> Any:
    def records(actor: Any, org: Organization, period: Period) -> QuerySet[Article]:
        return articles(actor, org, period).filter(level__code=code)

    return records


def _central_provincial(actor: Any, org: Organization, period: Period) -> QuerySet[Article]:
    return articles(actor, org, period).filter(level__central_or_provincial=True)


def _videos(actor: Any, org: Organization, period: Period) -> QuerySet[Article]:
    return articles(actor, org, period).filter(kind=ArticleKind.VIDEO).exclude(series="")


def _recipients_of(code: str) -> Any:
    def records(actor: Any, org: Organization, period: Period) -> QuerySet[HonourRecipient]:
        qs = HonourRecipient.objects.filter(subtree_q(actor, org, "at_org__path"), honour__kind__code=code)
        return (
            _in_period(qs, period, "honour__awarded_on")
            .select_related("honour", "honour__kind", "org", "member", "at_org")
            .order_by("-honour__awarded_on", "at_org__path", "id")
        )

    return records


def examples(actor: Any, org: Organization, period: Period) -> QuerySet[ModelExample]:
    qs = ModelExample.objects.filter(subtree_q(actor, org, "unit__path"))
    return _in_period(qs, period, "recognised_on").select_related("unit", "member").order_by("-recognised_on", "-id")


def briefing_examples(actor: Any, org: Organization, period: Period) -> Iterable[tuple[str, str]]:
    """The newest model examples of the subtree and period, for the briefing: one query."""
    return [(e.title, e.story) for e in examples(actor, org, period)[:EXAMPLES_IN_BRIEFING]]


def _article_url(a: Article) -> str:
    return reverse("publicity:article", args=[a.pk])


def _example_url(e: ModelExample) -> str:
    return reverse("publicity:example", args=[e.pk])


def _honour_url(r: HonourRecipient) -> str:
    return reverse("publicity:honour", args=[r.honour_id])


ARTICLE_COLUMNS = [
    (_("title"), lambda a: a.title),
    (_("outlet"), lambda a: a.outlet),
    (_("media level"), lambda a: a.level.name),
    (_("date published"), lambda a: a.published_on.isoformat()),
    (_("reporting unit"), lambda a: a.unit.display_name),
]
RECIPIENT_COLUMNS = [
    (_("commended"), lambda r: r.member.name if r.member_id else r.org.display_name),
    (_("organisation"), lambda r: r.at_org.display_name),
    (_("awarding body"), lambda r: r.honour.body),
    (_("year"), lambda r: r.honour.year),
]
EXAMPLE_COLUMNS = [
    (_("title"), lambda e: e.title),
    (_("unit"), lambda e: e.unit.display_name),
    (_("date"), lambda e: e.recognised_on.isoformat()),
]

# Briefing words per preset level and honour kind (names are data; these are the sentences).
LEVEL_SENTENCES: dict[str, Any] = {
    "central": _("{value} in central media"),
    "provincial": _("{value} in provincial media"),
    "municipal": _("{value} in municipal media"),
    "district": _("{value} in district media"),
    "xuexi": _("of which {value} on Xuexi Qiangguo"),
    "own_media": _("{value} on the units' own new media"),
}
LEVEL_LABELS: dict[str, Any] = {
    "central": _("Articles in central media"),
    "provincial": _("Articles in provincial media"),
    "municipal": _("Articles in municipal media"),
    "district": _("Articles in district media"),
    "xuexi": _("Articles on Xuexi Qiangguo"),
    "own_media": _("Posts on own new media"),
}
# The seeds say 学习强国 right after the total; the other levels follow in their order.
LEVEL_ORDER = {"xuexi": 11}
HONOUR_SENTENCES: dict[str, Any] = {
    "advanced_org": _("{value} advanced primary party organisations commended"),
    "excellent_member": _("{value} outstanding party members"),
    "excellent_worker": _("{value} outstanding party workers"),
}
HONOUR_LABELS: dict[str, Any] = {
    "advanced_org": _("Advanced primary party organisations commended"),
    "excellent_member": _("Outstanding party members commended"),
    "excellent_worker": _("Outstanding party workers commended"),
}


def level_figure(code: str, name: str, order: int) -> Figure:
    return count_figure(
        f"publicity.level.{code}", LEVEL_LABELS.get(code, format_lazy("{}: {}", _("Articles"), name)),
        Group.PUBLICITY, counter=level_key(code), unit=_("articles"), records=_articles_at(code),
        columns=ARTICLE_COLUMNS, record_url=_article_url,
        sentence=LEVEL_SENTENCES.get(code, format_lazy("{}{}", name, _(" {value} articles"))),
        order=LEVEL_ORDER.get(code, 20 + order // 10),
    )  # fmt: skip


def honour_figure(code: str, name: str, order: int) -> Figure:
    return count_figure(
        f"publicity.honoured.{code}", HONOUR_LABELS.get(code, format_lazy("{}: {}", _("Commended"), name)),
        Group.PUBLICITY, counter=honour_key(code), unit=_("commended"), records=_recipients_of(code),
        columns=RECIPIENT_COLUMNS, record_url=_honour_url,
        sentence=HONOUR_SENTENCES.get(code, format_lazy("{}{}", name, _(" {value} commended"))),
        order=60 + order // 10,
    )  # fmt: skip


def register_level_figure(level: MediaLevel) -> None:
    """A level added after start-up (other processes pick it up on restart)."""
    register(level_figure(level.code, level.name, level.order))


def register_publicity_figures() -> None:
    reg = register
    reg(count_figure("publicity.articles", _("Publicity reports"), Group.PUBLICITY, counter=ARTICLES,
                     unit=_("articles"), records=articles, columns=ARTICLE_COLUMNS, record_url=_article_url,
                     description=_("Articles, broadcasts, posts and videos placed, at every media level; "
                                   "a possible duplicate (same outlet and title) counts once the office clears it."),
                     sentence=_("{value} publicity reports"), order=10))  # fmt: skip
    reg(count_figure("publicity.central_provincial", _("Articles in central and provincial media"),
                     Group.PUBLICITY, counter=CENTRAL_PROVINCIAL, unit=_("articles"), records=_central_provincial,
                     columns=ARTICLE_COLUMNS, record_url=_article_url,
                     sentence=_("{value} in central and provincial media"), order=12))  # fmt: skip
    for code, name, _high, order in DEFAULT_LEVELS:
        reg(level_figure(code, name, order))
    reg(count_figure("publicity.videos_in_series", _("Videos in a series"), Group.PUBLICITY,
                     counter=VIDEOS_IN_SERIES, unit=_("videos"), records=_videos, columns=ARTICLE_COLUMNS,
                     record_url=_article_url, sentence=_("{value} videos in series"), order=40))  # fmt: skip
    for code, name, _target, order in DEFAULT_HONOUR_KINDS:
        reg(honour_figure(code, name, order))
    reg(count_figure("publicity.examples", _("Model examples"), Group.PUBLICITY, counter=EXAMPLES,
                     unit=_("examples"), records=examples, columns=EXAMPLE_COLUMNS, record_url=_example_url,
                     sentence=_("{value} model examples"), order=80,
                     extra={"examples": briefing_examples}))  # fmt: skip
