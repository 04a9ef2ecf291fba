"""Publicity, honours and model examples over JSON: the same selectors and services as the pages.

Ids in request bodies are strict integers (``true`` or ``"3"`` is a 422, never organisation 1
or 3). Error answers: 400 ``{"detail": {field: [messages]}}`` for a refused write, 403 for a
missing right, 404 for anything missing or outside the caller's subtree, 422 for a body that
does not match the schema. ``/public/honours`` takes no account and names members only with
their consent.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import StrictBool, StrictInt, StrictStr

from lixing.figures.periods import Period
from lixing.orgs.access import Cap, access_member, access_org, home_org
from lixing.orgs.models import Organization

from . import selectors, services
from .models import Article, ArticleKind, AwardLevel, ExampleSubject, Honour, HonourKind, MediaLevel, ModelExample

router = Router(tags=["publicity"])


class ErrorOut(Schema):
    detail: dict[str, list[str]] | str


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class LevelOut(Schema):
    code: str
    name: str
    central_or_provincial: bool


class RecordIn(Schema):
    model: StrictStr = Field(pattern=r"^[a-z_]+\.[a-z_]+$", description="app_label.model, e.g. study.studysession")
    id: StrictInt = Field(gt=0)


class ArticleOut(Schema):
    id: int
    unit_id: int
    kind: str
    title: str
    outlet: str
    level: str
    published_on: datetime.date
    link: str
    line_of_work: str
    series: str
    about_unit_ids: list[int]
    duplicate_of_id: int | None
    counted: bool
    campaign_id: int | None

    @staticmethod
    def resolve_level(obj: Article) -> str:
        return obj.level.code

    @staticmethod
    def resolve_about_unit_ids(obj: Article) -> list[int]:
        return [u.pk for u in obj.about_units.all()]


class ArticleIn(Schema):
    unit_id: StrictInt = Field(gt=0)
    title: StrictStr = Field(min_length=1, max_length=200)
    outlet: StrictStr = Field(min_length=1, max_length=100)
    level: StrictStr
    published_on: datetime.date
    kind: StrictStr = Field(ArticleKind.ARTICLE, pattern="^(article|broadcast|post|video)$")
    link: StrictStr = Field(min_length=1, max_length=500)
    line_of_work: StrictStr = ""
    series: StrictStr = ""
    about_unit_ids: list[StrictInt] = []
    records: list[RecordIn] = []


class ArticlePatch(Schema):
    title: StrictStr | None = Field(None, min_length=1, max_length=200)
    outlet: StrictStr | None = Field(None, min_length=1, max_length=100)
    level: StrictStr | None = None
    published_on: datetime.date | None = None
    kind: StrictStr | None = Field(None, pattern="^(article|broadcast|post|video)$")
    link: StrictStr | None = Field(None, max_length=500)
    line_of_work: StrictStr | None = None
    series: StrictStr | None = None
    about_unit_ids: list[StrictInt] | None = None


class CampaignIn(Schema):
    campaign_id: StrictInt | None = Field(None, gt=0)


class RecipientOut(Schema):
    org_id: int | None
    member_id: int | None
    name: str
    name_consent: bool


class HonourOut(Schema):
    id: int
    unit_id: int
    kind: str
    level: str
    body: str
    year: int
    awarded_on: datetime.date
    published: bool
    recipients: list[RecipientOut]

    @staticmethod
    def resolve_kind(obj: Honour) -> str:
        return obj.kind.code

    @staticmethod
    def resolve_recipients(obj: Honour) -> list[RecipientOut]:
        return [
            RecipientOut(org_id=r.org_id, member_id=r.member_id, name=r.member.name if r.member else r.org.name if r.org else "",
                         name_consent=r.name_consent)
            for r in obj.recipients.all()
        ]  # fmt: skip


class MemberIn(Schema):
    member_id: StrictInt = Field(gt=0)
    name_consent: StrictBool = False


class HonourIn(Schema):
    unit_id: StrictInt = Field(gt=0)
    kind: StrictStr
    level: StrictStr = Field(pattern="^(national|provincial|municipal|district|unit)$")
    body: StrictStr = Field(min_length=1, max_length=100)
    year: StrictInt = Field(ge=1921, le=2100)
    awarded_on: datetime.date | None = None
    note: StrictStr = ""
    published: StrictBool = False
    org_ids: list[StrictInt] = []
    members: list[MemberIn] = []


class ExampleOut(Schema):
    id: int
    unit_id: int
    subject: str
    member_id: int | None
    team_name: str
    title: str
    story: str
    recognised_on: datetime.date
    published: bool


class ExampleIn(Schema):
    unit_id: StrictInt = Field(gt=0)
    subject: StrictStr = Field(pattern="^(member|team|org)$")
    member_id: StrictInt | None = Field(None, gt=0)
    team_name: StrictStr = ""
    title: StrictStr = Field(min_length=1, max_length=120)
    story: StrictStr = Field(min_length=1, max_length=2000)
    recognised_on: datetime.date
    published: StrictBool = False
    records: list[RecordIn] = []


class PublicRecipientOut(Schema):
    name: str
    org: str


class PublicHonourOut(Schema):
    year: int
    kind: str
    level: str
    body: str
    recipients: list[PublicRecipientOut]
    unnamed: int


def _period(raw: str) -> Period:
    try:
        return Period.parse(raw)
    except ValueError as exc:
        raise ValidationError({"period": [str(exc)]}) from None


def _org(request: HttpRequest, org_id: int | None, cap: Cap = Cap.VIEW) -> Organization:
    return access_org(request.user, org_id or getattr(home_org(request.user), "pk", None), cap)


def _level(code: str) -> MediaLevel:
    try:
        return MediaLevel.objects.get(code=code, is_active=True)
    except MediaLevel.DoesNotExist:
        raise ValidationError({"level": ["unknown media level"]}) from None


@router.get("/levels", response=list[LevelOut])
def levels(request: HttpRequest) -> QuerySet[MediaLevel]:
    return selectors.active_levels()


@router.get("/articles", response={200: list[ArticleOut], **ERRORS})
@paginate(LimitOffsetPagination)
def articles(request: HttpRequest, org: int | None = None, period: str = "all", level: str = "",
             duplicates: bool = False) -> QuerySet[Article]:  # fmt: skip
    """Items reported in the organisation's subtree (default: the caller's home), newest first."""
    unit = _org(request, org)
    return selectors.article_list(actor=request.user, org=unit, period=_period(period), level=level,
                                  duplicates=duplicates).prefetch_related("about_units")  # fmt: skip


@router.post("/articles", response={201: ArticleOut, **ERRORS})
def create_article(request: HttpRequest, payload: ArticleIn) -> tuple[int, Article]:
    """Record an item. The same outlet and title as an existing item is recorded and flagged
    (``duplicate_of_id``, ``counted: false``), never merged."""
    unit = access_org(request.user, payload.unit_id, Cap.RECORDS)
    about = [access_org(request.user, pk) for pk in payload.about_unit_ids]
    article = services.article_create(
        actor=request.user, unit=unit, title=payload.title, outlet=payload.outlet, level=_level(payload.level),
        published_on=payload.published_on, kind=payload.kind, link=payload.link, line_of_work=payload.line_of_work,
        series=payload.series, about_units=about, records=[(r.model, r.id) for r in payload.records],
    )  # fmt: skip
    return 201, selectors.article_get(actor=request.user, article_id=article.pk)


@router.get("/articles/{article_id}", response={200: ArticleOut, **ERRORS})
def article(request: HttpRequest, article_id: int) -> Article:
    return selectors.article_get(actor=request.user, article_id=article_id)


@router.patch("/articles/{article_id}", response={200: ArticleOut, **ERRORS})
def update_article(request: HttpRequest, article_id: int, payload: ArticlePatch) -> Article:
    """Edit an item of the caller's subtree (RECORDS over its unit). Changing the outlet or the
    title checks for a duplicate again."""
    a = selectors.article_get(actor=request.user, article_id=article_id, cap=Cap.RECORDS)
    changes = payload.dict(exclude_unset=True, exclude={"about_unit_ids"})
    if "level" in changes:
        changes["level"] = _level(changes["level"])
    about = None
    if payload.about_unit_ids is not None:
        about = [access_org(request.user, pk) for pk in payload.about_unit_ids]
    services.article_update(actor=request.user, article=a, about_units=about, **changes)
    return selectors.article_get(actor=request.user, article_id=a.pk)


@router.post("/articles/{article_id}/not-duplicate", response={200: ArticleOut, **ERRORS})
def clear_duplicate(request: HttpRequest, article_id: int) -> Article:
    """The office clears a duplicate flag: the item is counted from now on."""
    a = selectors.article_get(actor=request.user, article_id=article_id, cap=Cap.STRUCTURE)
    return services.article_clear_duplicate(actor=request.user, article=a)


@router.post("/articles/{article_id}/campaign", response={200: ArticleOut, **ERRORS})
def mark_campaign(request: HttpRequest, article_id: int, payload: CampaignIn) -> Article:
    a = selectors.article_get(actor=request.user, article_id=article_id, cap=Cap.STRUCTURE)
    campaign = None
    if payload.campaign_id is not None:
        from lixing.campaigns.selectors import campaign_list

        campaign = campaign_list(actor=request.user).filter(pk=payload.campaign_id).first()
        if campaign is None:
            raise ValidationError({"campaign_id": ["unknown campaign"]})
    return services.article_mark_campaign(actor=request.user, article=a, campaign=campaign)


@router.delete("/articles/{article_id}", response={204: None, **ERRORS})
def delete_article(request: HttpRequest, article_id: int) -> tuple[int, None]:
    a = selectors.article_get(actor=request.user, article_id=article_id, cap=Cap.RECORDS)
    services.article_delete(actor=request.user, article=a)
    return 204, None


@router.get("/honours", response={200: list[HonourOut], **ERRORS})
@paginate(LimitOffsetPagination)
def honours(request: HttpRequest, org: int | None = None, year: int | None = None) -> QuerySet[Honour]:
    return selectors.honour_list(actor=request.user, org=_org(request, org), year=year)


@router.post("/honours", response={201: HonourOut, **ERRORS})
def create_honour(request: HttpRequest, payload: HonourIn) -> tuple[int, Honour]:
    unit = access_org(request.user, payload.unit_id, Cap.STRUCTURE)
    try:
        kind = HonourKind.objects.get(code=payload.kind, is_active=True)
    except HonourKind.DoesNotExist:
        raise ValidationError({"kind": ["unknown kind of honour"]}) from None
    orgs = [access_org(request.user, pk) for pk in payload.org_ids]
    members = [(access_member(request.user, m.member_id), m.name_consent) for m in payload.members]
    honour = services.honour_create(
        actor=request.user, unit=unit, kind=kind, level=AwardLevel(payload.level), body=payload.body,
        year=payload.year, awarded_on=payload.awarded_on, note=payload.note, published=payload.published,
        orgs=orgs, members=members,
    )  # fmt: skip
    return 201, selectors.honour_get(actor=request.user, honour_id=honour.pk)


@router.get("/honours/{honour_id}", response={200: HonourOut, **ERRORS})
def honour(request: HttpRequest, honour_id: int) -> Honour:
    return selectors.honour_get(actor=request.user, honour_id=honour_id)


@router.get("/examples", response={200: list[ExampleOut], **ERRORS})
@paginate(LimitOffsetPagination)
def examples(request: HttpRequest, org: int | None = None, period: str = "all") -> QuerySet[ModelExample]:
    return selectors.example_list(actor=request.user, org=_org(request, org), period=_period(period))


@router.post("/examples", response={201: ExampleOut, **ERRORS})
def create_example(request: HttpRequest, payload: ExampleIn) -> tuple[int, ModelExample]:
    unit = access_org(request.user, payload.unit_id, Cap.RECORDS)
    member = access_member(request.user, payload.member_id) if payload.member_id else None
    example = services.example_create(
        actor=request.user, unit=unit, subject=ExampleSubject(payload.subject), member=member,
        team_name=payload.team_name, title=payload.title, story=payload.story, recognised_on=payload.recognised_on,
        published=payload.published, records=[(r.model, r.id) for r in payload.records],
    )  # fmt: skip
    return 201, example


@router.get("/public/honours", response=list[PublicHonourOut], auth=None)
def public_honours(request: HttpRequest) -> list[PublicHonourOut]:
    """What the office published, without an account. Members are named only with consent;
    no ids, no organisation records."""
    return [
        PublicHonourOut(year=h.year, kind=h.kind, level=h.level, body=h.body, unnamed=h.unnamed,
                        recipients=[PublicRecipientOut(name=r.name, org=r.org) for r in h.recipients])
        for h in selectors.public_honours()
    ]  # fmt: skip
