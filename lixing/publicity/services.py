"""Every write of publicity, honours and model examples. Pages, the API, the importer, the demo
and commands call these.

Each function checks access (:mod:`lixing.orgs.access`), validates, writes, keeps the roll-up
counters true (:mod:`.counters`) and writes the audit row, in one transaction.

Who may do what: a unit records its own articles and model examples (``RECORDS`` over the
unit); the office — whoever holds ``STRUCTURE`` over a unit — records honours, clears a
duplicate flag, marks which articles count for a campaign and chooses what is published.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from lixing.accounts.audit import audit, snapshot
from lixing.common.uploads import DOCUMENT_TYPES, IMAGE_TYPES, validate_upload
from lixing.orgs.access import Cap, can, require
from lixing.orgs.models import Member, Organization
from lixing.orgs.rollups import rollup_bump_many

from .counters import article_bumps, example_bump, recipient_bump
from .models import (
    Article,
    ArticleKind,
    ExamplePhoto,
    ExampleSubject,
    Honour,
    HonourKind,
    HonourRecipient,
    HonourTarget,
    MediaLevel,
    ModelExample,
    RecordLink,
    normalise_title,
)

ARTICLE_FIELDS = [
    "unit_id", "kind", "title", "outlet", "level_id", "published_on", "link", "line_of_work", "series",
    "duplicate_of_id", "duplicate_cleared", "campaign_id",
]  # fmt: skip
ARTICLE_EDITABLE = {"kind", "title", "outlet", "level", "published_on", "link", "line_of_work", "series"}
ATTACHMENT_MAX_MB = 20
PHOTO_MAX_MB = 10


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_units(actor: Any, unit: Organization, units: Iterable[Organization]) -> list[Organization]:
    """Units an article is about: any the actor may see."""
    units = list({u.pk: u for u in units}.values())
    for u in units:
        if not can(actor, u, Cap.VIEW):
            raise ValidationError({"about_units": _("You can only name units you can see.")})
    return units


def find_duplicate(*, outlet: str, title: str, exclude_id: int | None = None) -> Article | None:
    """The first article with the same outlet and normalised title, if any (whatever its unit:
    two units reporting the same story is the duplicate offices mean)."""
    qs = Article.objects.filter(outlet_key=normalise_title(outlet)[:100], title_key=normalise_title(title)[:200])
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    return qs.order_by("id").first()


# --- Generic links to the records a story reports on ----------------------------------------------


def _record_org(obj: models.Model) -> Organization | None:
    """The organisation a record belongs to, through its first organisation field."""
    for name in ("unit", "org", "office"):
        org = getattr(obj, name, None)
        if isinstance(org, Organization):
            return org
    return None


def resolve_record(*, actor: Any, model_label: str, object_id: int) -> tuple[ContentType, models.Model]:
    """The record ``app_label.model`` #id if the actor may see it. A record whose organisation
    this app cannot tell is refused (nothing is linked that could not be scoped)."""
    try:
        app_label, model = model_label.lower().split(".", 1)
        ct = ContentType.objects.get_by_natural_key(app_label, model)
        obj = ct.get_object_for_this_type(pk=object_id)
    except (ValueError, ContentType.DoesNotExist, models.ObjectDoesNotExist):
        raise ValidationError({"records": _("No such record: %(label)s #%(id)s.") % {"label": model_label,
                                                                                    "id": object_id}}) from None  # fmt: skip
    org = _record_org(obj)
    if org is None or not can(actor, org, Cap.VIEW):
        raise ValidationError({"records": _("No such record: %(label)s #%(id)s.") % {"label": model_label,
                                                                                    "id": object_id}})  # fmt: skip
    return ct, obj


def _link(actor: Any, owner: dict[str, Any], records: Sequence[tuple[str, int]]) -> list[RecordLink]:
    links = []
    for label, pk in records:
        ct, obj = resolve_record(actor=actor, model_label=label, object_id=pk)
        link, _created = RecordLink.objects.get_or_create(
            **owner, content_type=ct, object_id=obj.pk, defaults={"label": str(obj)[:200]}
        )
        links.append(link)
    return links


# --- Articles ------------------------------------------------------------------------------------------


def _validate_article(article: Article) -> None:
    if not article.level.is_active:
        raise ValidationError({"level": _("This media level is no longer in use.")})
    if article.kind == ArticleKind.VIDEO and article.series and not article.series.strip():
        article.series = ""
    article.full_clean(exclude=["unit", "level", "created_by", "duplicate_of", "campaign"])


@transaction.atomic
def article_create(
    *,
    actor: Any,
    unit: Organization,
    title: str,
    outlet: str,
    level: MediaLevel,
    published_on: datetime.date,
    kind: str = ArticleKind.ARTICLE,
    link: str = "",
    attachment: UploadedFile | None = None,
    line_of_work: str = "",
    series: str = "",
    about_units: Iterable[Organization] = (),
    records: Sequence[tuple[str, int]] = (),
    form_token: str = "",
) -> Article:
    """Record a publicity item. The same outlet and title as an existing item flags it as a
    possible duplicate (kept, not counted, until the office clears the flag). The same form
    token twice returns the first record."""
    require(actor, unit, Cap.RECORDS)
    if form_token:
        existing = Article.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing
    if not unit.is_active:
        raise ValidationError(_("This organisation has been dissolved."))
    if not link.strip() and attachment is None:
        raise ValidationError({"link": _("Give the link, or attach the article.")})
    if attachment is not None:
        validate_upload(attachment, allowed=DOCUMENT_TYPES | IMAGE_TYPES, max_mb=ATTACHMENT_MAX_MB)
    units = _check_units(actor, unit, about_units)
    article = Article(
        unit=unit, kind=kind, title=title.strip(), outlet=outlet.strip(), level=level, published_on=published_on,
        link=link.strip(), line_of_work=line_of_work, series=series.strip(), created_by=_user(actor),
        form_token=form_token,
    )  # fmt: skip
    _validate_article(article)
    article.duplicate_of = find_duplicate(outlet=article.outlet, title=article.title)
    if attachment is not None:
        article.attachment.save(attachment.name or "article", attachment, save=False)
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        existing = Article.objects.filter(form_token=form_token).first() if form_token else None
        if existing is None:
            raise
        return existing
    if units:
        article.about_units.set(units)
    _link(actor, {"article": article}, records)
    rollup_bump_many(article_bumps(article, +1))
    audit(actor=actor, action="publicity.article_create", obj=article, org_path=unit.path,
          after={**snapshot(article, ARTICLE_FIELDS), "about_units": [u.pk for u in units]})  # fmt: skip
    return article


@transaction.atomic
def article_update(
    *, actor: Any, article: Article, about_units: Iterable[Organization] | None = None, **changes: Any
) -> Article:
    """Edit an item; its counters follow. Changing the outlet or title checks for a duplicate again."""
    require(actor, article.unit, Cap.RECORDS)
    unknown = set(changes) - ARTICLE_EDITABLE
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    before = snapshot(article, ARTICLE_FIELDS)
    bumps = article_bumps(article, -1)
    for name, value in changes.items():
        setattr(article, name, value.strip() if isinstance(value, str) and name != "kind" else value)
    _validate_article(article)
    followers: list[Article] = []
    if {"title", "outlet"} & set(changes) and (
        normalise_title(article.title) != article.title_key or normalise_title(article.outlet) != article.outlet_key
    ):
        followers = _followers(article)
        dup = find_duplicate(outlet=article.outlet, title=article.title, exclude_id=article.pk)
        article.duplicate_of = dup if dup is not None and dup.pk < article.pk else None
        article.duplicate_cleared = False
    article.save(update_fields=[*ARTICLE_EDITABLE, "duplicate_of", "duplicate_cleared", "updated_at"])
    if about_units is not None:
        article.about_units.set(_check_units(actor, article.unit, about_units))
    rollup_bump_many([*bumps, *article_bumps(article, +1)])
    _release(followers)
    after = snapshot(article, ARTICLE_FIELDS)
    audit(actor=actor, action="publicity.article_update", obj=article, org_path=article.unit.path,
          before={k: v for k, v in before.items() if after[k] != v},
          after={k: v for k, v in after.items() if before[k] != v})  # fmt: skip
    return article


@transaction.atomic
def article_delete(*, actor: Any, article: Article) -> None:
    require(actor, article.unit, Cap.RECORDS)
    rollup_bump_many(article_bumps(article, -1))
    audit(actor=actor, action="publicity.article_delete", obj=article, org_path=article.unit.path,
          before=snapshot(article, ARTICLE_FIELDS))  # fmt: skip
    followers = _followers(article)
    article.delete()
    _release(followers)


def _followers(article: Article) -> list[Article]:
    return list(Article.objects.filter(duplicate_of=article).select_related("unit", "level").order_by("id"))


def _release(followers: list[Article]) -> None:
    """Items flagged against one that is gone (or is now another story): the earliest becomes
    the first of its story and is counted; the rest are flagged against it."""
    if not followers:
        return
    first, rest = followers[0], followers[1:]
    Article.objects.filter(pk=first.pk).update(duplicate_of=None)
    first.duplicate_of = None
    if rest:
        Article.objects.filter(pk__in=[a.pk for a in rest]).update(duplicate_of=first)
    rollup_bump_many(article_bumps(first, +1))


@transaction.atomic
def article_clear_duplicate(*, actor: Any, article: Article) -> Article:
    """The office has checked: not the same story after all. The item is counted from now on."""
    require(actor, article.unit, Cap.STRUCTURE)
    if article.duplicate_of_id is None:
        return article
    before = snapshot(article, ["duplicate_of_id"])
    article.duplicate_of = None
    article.duplicate_cleared = True
    article.save(update_fields=["duplicate_of", "duplicate_cleared", "updated_at"])
    rollup_bump_many(article_bumps(article, +1))
    audit(actor=actor, action="publicity.article_clear_duplicate", obj=article, org_path=article.unit.path,
          before=before, after=snapshot(article, ["duplicate_of_id", "duplicate_cleared"]))  # fmt: skip
    return article


@transaction.atomic
def article_mark_campaign(*, actor: Any, article: Article, campaign: Any | None) -> Article:
    """The office marks the item as counting for a campaign (or unmarks it with None)."""
    require(actor, article.unit, Cap.STRUCTURE)
    before = snapshot(article, ["campaign_id"])
    article.campaign = campaign
    article.save(update_fields=["campaign", "updated_at"])
    audit(actor=actor, action="publicity.article_mark_campaign", obj=article, org_path=article.unit.path,
          before=before, after=snapshot(article, ["campaign_id"]))  # fmt: skip
    return article


@transaction.atomic
def article_link_records(*, actor: Any, article: Article, records: Sequence[tuple[str, int]]) -> list[RecordLink]:
    require(actor, article.unit, Cap.RECORDS)
    links = _link(actor, {"article": article}, records)
    audit(actor=actor, action="publicity.article_link", obj=article, org_path=article.unit.path,
          after={"records": [f"{label}#{pk}" for label, pk in records]})  # fmt: skip
    return links


def may_configure(actor: Any) -> bool:
    """Media levels and honour kinds are the district office's to configure."""
    from lixing.orgs.access import paths_with

    return any(len(p) == Organization.steplen for p in paths_with(actor, Cap.STRUCTURE))


@transaction.atomic
def media_level_create(*, actor: Any, code: str, name: str, central_or_provincial: bool = False,
                       order: int = 200) -> MediaLevel:  # fmt: skip
    if not may_configure(actor):
        raise PermissionDenied(_("Only the district office configures media levels."))
    level = MediaLevel(code=code, name=name.strip(), central_or_provincial=central_or_provincial, order=order)
    level.full_clean()
    level.save()
    audit(actor=actor, action="publicity.level_create", obj=level, after=snapshot(level))
    from .figures import register_level_figure

    register_level_figure(level)
    return level


# --- Honours ---------------------------------------------------------------------------------------------

HONOUR_FIELDS = ["unit_id", "kind_id", "level", "body", "year", "awarded_on", "note", "published"]


def _check_recipient_org(actor: Any, unit: Organization, org: Organization) -> None:
    if not org.path.startswith(unit.path) or not can(actor, org, Cap.VIEW):
        raise ValidationError({"orgs": _("%(org)s is not in %(unit)s.") % {"org": org.name, "unit": unit.name}})


@transaction.atomic
def honour_create(
    *,
    actor: Any,
    unit: Organization,
    kind: HonourKind,
    level: str,
    body: str,
    year: int,
    awarded_on: datetime.date | None = None,
    note: str = "",
    published: bool = False,
    orgs: Iterable[Organization] = (),
    members: Iterable[tuple[Member, bool]] = (),
    form_token: str = "",
) -> Honour:
    """Record a commendation and who received it (organisations or members, as the kind says;
    each member with their consent to be named in public). Recipients must be in ``unit``'s
    subtree. The office (``STRUCTURE`` over the unit) records honours."""
    require(actor, unit, Cap.STRUCTURE)
    if form_token:
        existing = Honour.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing
    orgs = list({o.pk: o for o in orgs}.values())
    members = list({m.pk: (m, c) for m, c in members}.values())
    if kind.target == HonourTarget.ORG and members:
        raise ValidationError({"members": _("This honour is given to organisations.")})
    if kind.target == HonourTarget.MEMBER and orgs:
        raise ValidationError({"orgs": _("This honour is given to members.")})
    if not orgs and not members:
        raise ValidationError(_("Name at least one organisation or member commended."))
    honour = Honour(unit=unit, kind=kind, level=level, body=body.strip(), year=year,
                    awarded_on=awarded_on or datetime.date(year, 7, 1), note=note.strip(), published=published,
                    form_token=form_token)  # fmt: skip
    honour.full_clean(exclude=["unit", "kind"])
    honour.save()
    recipients = []
    for org in orgs:
        _check_recipient_org(actor, unit, org)
        recipients.append(HonourRecipient(honour=honour, org=org, at_org=org))
    for member, consent in members:
        _check_recipient_org(actor, unit, member.org)
        recipients.append(HonourRecipient(honour=honour, member=member, at_org=member.org, name_consent=consent))
    HonourRecipient.objects.bulk_create(recipients)
    rollup_bump_many([recipient_bump(r, kind.code, honour.awarded_on, +1) for r in recipients])
    audit(actor=actor, action="publicity.honour_create", obj=honour, org_path=unit.path,
          after={**snapshot(honour, HONOUR_FIELDS), "orgs": [o.pk for o in orgs],
                 "members": [m.pk for m, _c in members]})  # fmt: skip
    return honour


@transaction.atomic
def honour_delete(*, actor: Any, honour: Honour) -> None:
    require(actor, honour.unit, Cap.STRUCTURE)
    recipients = list(honour.recipients.select_related("at_org"))
    rollup_bump_many([recipient_bump(r, honour.kind.code, honour.awarded_on, -1) for r in recipients])
    audit(actor=actor, action="publicity.honour_delete", obj=honour, org_path=honour.unit.path,
          before=snapshot(honour, HONOUR_FIELDS))  # fmt: skip
    honour.delete()


@transaction.atomic
def honour_set_published(*, actor: Any, honour: Honour, published: bool) -> Honour:
    require(actor, honour.unit, Cap.STRUCTURE)
    honour.published = published
    honour.save(update_fields=["published", "updated_at"])
    audit(actor=actor, action="publicity.honour_publish", obj=honour, org_path=honour.unit.path,
          after={"published": published})
    return honour


@transaction.atomic
def recipient_set_consent(*, actor: Any, recipient: HonourRecipient, consent: bool) -> HonourRecipient:
    """Record a member's consent (or its withdrawal) to be named on the public page."""
    require(actor, recipient.honour.unit, Cap.STRUCTURE)
    recipient.name_consent = consent
    recipient.save(update_fields=["name_consent"])
    audit(actor=actor, action="publicity.recipient_consent", obj=recipient.honour,
          org_path=recipient.honour.unit.path, after={"recipient": recipient.pk, "consent": consent})  # fmt: skip
    return recipient


# --- Model examples ---------------------------------------------------------------------------------------

EXAMPLE_FIELDS = ["unit_id", "subject", "member_id", "team_name", "title", "story", "recognised_on", "published"]


@transaction.atomic
def example_create(
    *,
    actor: Any,
    unit: Organization,
    subject: str,
    title: str,
    story: str,
    recognised_on: datetime.date,
    member: Member | None = None,
    team_name: str = "",
    published: bool = False,
    records: Sequence[tuple[str, int]] = (),
    form_token: str = "",
) -> ModelExample:
    """Record a model example: a member (of the unit's subtree), a team, or the unit itself."""
    require(actor, unit, Cap.RECORDS)
    if form_token:
        existing = ModelExample.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing
    if subject == ExampleSubject.MEMBER:
        if member is None:
            raise ValidationError({"member": _("Choose the member.")})
        _check_recipient_org(actor, unit, member.org)
    elif subject == ExampleSubject.TEAM and not team_name.strip():
        raise ValidationError({"team_name": _("Name the team.")})
    example = ModelExample(
        unit=unit, subject=subject, member=member if subject == ExampleSubject.MEMBER else None,
        team_name=team_name.strip() if subject == ExampleSubject.TEAM else "", title=title.strip(),
        story=story.strip(), recognised_on=recognised_on, published=published, form_token=form_token,
    )  # fmt: skip
    example.full_clean(exclude=["unit", "member"])
    example.save()
    _link(actor, {"example": example}, records)
    rollup_bump_many([example_bump(example, +1)])
    audit(actor=actor, action="publicity.example_create", obj=example, org_path=unit.path,
          after=snapshot(example, EXAMPLE_FIELDS))  # fmt: skip
    return example


@transaction.atomic
def example_add_photo(*, actor: Any, example: ModelExample, upload: UploadedFile, caption: str = "") -> ExamplePhoto:
    require(actor, example.unit, Cap.RECORDS)
    validate_upload(upload, allowed=IMAGE_TYPES, max_mb=PHOTO_MAX_MB)
    photo = ExamplePhoto(example=example, caption=caption.strip())
    photo.image.save(upload.name or "photo", upload, save=False)
    photo.save()
    audit(actor=actor, action="publicity.example_photo", obj=example, org_path=example.unit.path,
          after={"photo": photo.image.name})  # fmt: skip
    return photo


@transaction.atomic
def example_set_published(*, actor: Any, example: ModelExample, published: bool) -> ModelExample:
    require(actor, example.unit, Cap.STRUCTURE)
    example.published = published
    example.save(update_fields=["published", "updated_at"])
    audit(actor=actor, action="publicity.example_publish", obj=example, org_path=example.unit.path,
          after={"published": published})
    return example


@transaction.atomic
def example_delete(*, actor: Any, example: ModelExample) -> None:
    require(actor, example.unit, Cap.RECORDS)
    rollup_bump_many([example_bump(example, -1)])
    audit(actor=actor, action="publicity.example_delete", obj=example, org_path=example.unit.path,
          before=snapshot(example, EXAMPLE_FIELDS))  # fmt: skip
    example.delete()
