"""The demo district's year of publicity, its round of commendations and its model examples.

About 160 items over the past year at every media level (学习强国 and the units' own new media
most often, a few in central and provincial media), a micro-video series, two items that
repeat an earlier story (flagged), the 两优一先 commendations of 1 July, and four model
examples linked to the study sessions behind them. Everything goes through the services
(a few seconds).
"""

from __future__ import annotations

import datetime

from django.db import transaction

from lixing.common.demo import DemoContext
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member, Organization, OrgKind

from . import services
from .defaults import ensure_defaults
from .models import ArticleKind, AwardLevel, ExampleSubject, HonourKind, MediaLevel

OUTLETS = {
    "central": ["人民日报", "新华网", "央视新闻"],
    "provincial": ["浙江日报", "浙江新闻客户端"],
    "municipal": ["宁波日报", "宁波晚报", "甬派"],
    "district": ["大榭发布", "大榭开发区融媒体中心"],
    "xuexi": ["学习强国宁波学习平台", "学习强国浙江学习平台"],
    "own_media": ["支部微信公众号", "社区视频号"],
}
# (level, how many in the year)
SPREAD = [("central", 4), ("provincial", 9), ("municipal", 28), ("district", 36), ("xuexi", 38), ("own_media", 40)]
HEADLINES = [
    "{org}：党史学习教育走深走实", "{org}开展“我为群众办实事”实践活动", "{org}“书记加油PK”赛出新气象",
    "{org}党员志愿者走进社区", "{org}“周二夜学”点亮党员学习路", "{org}用好红色资源讲好党史故事",
    "{org}“党建+直播”让党课飞入寻常百姓家", "{org}主题党日重温入党誓词", "{org}微心愿认领温暖人心",
]  # fmt: skip
SERIES = "百年党史微视频"
STORIES = [
    ("member", "扎根海岛三十年的老支书", "三十年如一日扎根海岛，带领支部党员化解邻里纠纷、办好民生实事，群众称他“贴心人”。"),
    ("team", "“红色跑腿”党员志愿服务队", "二十余名党员利用业余时间为独居老人代购代办，一年服务四百余人次。"),
    ("org", "“周二夜学”品牌支部", "坚持每周二晚集中学习，以“学、讲、用”闭环推动党史学习教育入脑入心。"),
    ("member", "“党建+直播”主播书记", "把党课搬进直播间，每场在线学习超千人，让党史学习走进千家万户。"),
]  # fmt: skip


def build_demo_publicity(ctx: DemoContext) -> None:
    if ctx.preset != "district":
        ctx.say("publicity: the province preset has no demo publicity")
        return
    ensure_defaults()
    root = Organization.objects.get(pk=ctx.root_id)
    with transaction.atomic():
        n = _build(ctx, root)
    ctx.say(f"publicity: {n} items, {HonourKind.objects.count()} kinds of honour, {len(STORIES)} model examples")


def _build(ctx: DemoContext, root: Organization) -> int:
    rng = ctx.rng
    today: datetime.date = ctx.today if isinstance(ctx.today, datetime.date) else datetime.date.today()
    orgs = list(Organization.objects.filter(path__startswith=root.path, dissolved_at__isnull=True).order_by("path"))
    branches = [o for o in orgs if o.kind == OrgKind.BRANCH]
    committees = [o for o in orgs if o.kind in (OrgKind.COMMITTEE, OrgKind.WORKING_COMMITTEE)]
    levels = {lv.code: lv for lv in MediaLevel.objects.all()}
    count = 0
    for code, n in SPREAD:
        for _i in range(n):
            unit = rng.choice(committees if code in ("central", "provincial") else branches + committees)
            day = today - datetime.timedelta(days=rng.randrange(0, 365))
            title = rng.choice(HEADLINES).format(org=unit.short_name or unit.name)
            services.article_create(
                actor=SYSTEM, unit=unit, title=f"{title}（{day.month}月{day.day}日）", outlet=rng.choice(OUTLETS[code]),
                level=levels[code], published_on=day, kind=ArticleKind.POST if code == "own_media" else ArticleKind.ARTICLE,
                link=f"https://example.org/{code}/{count + 1}", line_of_work=rng.choice(["study", "deeds", "campaign"]),
            )  # fmt: skip
            count += 1
    for episode in range(1, 9):
        services.article_create(
            actor=SYSTEM, unit=root, title=f"{SERIES}·第{episode}集", outlet="大榭发布", level=levels["district"],
            published_on=today - datetime.timedelta(days=300 - episode * 14), kind=ArticleKind.VIDEO,
            link=f"https://example.org/video/{episode}", series=SERIES, line_of_work="study",
        )  # fmt: skip
        count += 1
    # Two units sent in the same story: flagged, not counted twice.
    first = services.article_create(
        actor=SYSTEM, unit=committees[1], title="大榭开发区“书记加油PK”赛出党建新气象", outlet="宁波日报",
        level=levels["municipal"], published_on=today - datetime.timedelta(days=40), link="https://example.org/pk/1",
    )  # fmt: skip
    services.article_create(
        actor=SYSTEM, unit=committees[2], title="大榭开发区 “书记加油PK” 赛出党建新气象", outlet="宁波日报",
        level=levels["municipal"], published_on=first.published_on, link="https://example.org/pk/1",
    )  # fmt: skip
    count += 2
    _honours(ctx, root, branches, today)
    _examples(ctx, root, branches, today)
    return count


def _honours(ctx: DemoContext, root: Organization, branches: list[Organization], today: datetime.date) -> None:
    rng = ctx.rng
    kinds = {k.code: k for k in HonourKind.objects.all()}
    day = datetime.date(today.year if today >= datetime.date(today.year, 7, 1) else today.year - 1, 7, 1)
    members = list(Member.objects.filter(org__path__startswith=root.path).order_by("id")[:2000])
    picked = rng.sample(members, min(28, len(members)))
    services.honour_create(
        actor=SYSTEM, unit=root, kind=kinds["advanced_org"], level=AwardLevel.DISTRICT, body="中共大榭开发区工作委员会",
        year=day.year, awarded_on=day, orgs=rng.sample(branches, min(12, len(branches))), published=True,
    )  # fmt: skip
    services.honour_create(
        actor=SYSTEM, unit=root, kind=kinds["excellent_member"], level=AwardLevel.DISTRICT,
        body="中共大榭开发区工作委员会", year=day.year, awarded_on=day, published=True,
        members=[(m, i % 3 != 0) for i, m in enumerate(picked[:20])],
    )  # fmt: skip
    services.honour_create(
        actor=SYSTEM, unit=root, kind=kinds["excellent_worker"], level=AwardLevel.DISTRICT,
        body="中共大榭开发区工作委员会", year=day.year, awarded_on=day, published=True,
        members=[(m, True) for m in picked[20:26]] or [(m, True) for m in picked[:1]],
    )  # fmt: skip
    services.honour_create(
        actor=SYSTEM, unit=root, kind=kinds["advanced_org"], level=AwardLevel.MUNICIPAL, body="中共宁波市委",
        year=day.year, awarded_on=day, orgs=rng.sample(branches, min(2, len(branches))),
    )  # fmt: skip


def _examples(ctx: DemoContext, root: Organization, branches: list[Organization], today: datetime.date) -> None:
    rng = ctx.rng
    for i, (subject, title, story) in enumerate(STORIES):
        unit = rng.choice(branches)
        member = Member.objects.filter(org=unit).order_by("id").first() if subject == "member" else None
        if subject == "member" and member is None:
            subject = "org"
        records: list[tuple[str, int]] = []
        from django.apps import apps

        if apps.is_installed("lixing.study"):
            session_model = apps.get_model("study", "StudySession")
            session = session_model.objects.filter(unit=unit).order_by("-date").first()
            if session is not None:
                records.append(("study.studysession", session.pk))
        services.example_create(
            actor=SYSTEM, unit=unit, subject=ExampleSubject(subject), member=member,
            team_name=title if subject == "team" else "", title=title, story=story,
            recognised_on=today - datetime.timedelta(days=20 + 30 * i), published=True, records=records,
        )  # fmt: skip
