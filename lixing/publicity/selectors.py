"""Reads of publicity, honours and model examples. Each takes the actor and returns only what
they may see; the public page's reads take no actor and return only what the office chose to
publish, with members named only by their consent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from lixing.figures.periods import Period
from lixing.orgs.access import Cap, can, scope_q
from lixing.orgs.models import Member, Organization

from .models import Article, Honour, HonourKind, HonourRecipient, MediaLevel, ModelExample


def active_levels() -> QuerySet[MediaLevel]:
    return MediaLevel.objects.filter(is_active=True).order_by("order", "id")


def active_honour_kinds() -> QuerySet[HonourKind]:
    return HonourKind.objects.filter(is_active=True).order_by("order", "id")


def _in_period(qs: QuerySet[Any], period: Period | None, field: str) -> QuerySet[Any]:
    if period is None or period.start is None:
        return qs
    return qs.filter(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def article_list(
    *, actor: Any, org: Organization, period: Period | None = None, level: str = "", duplicates: bool = False
) -> QuerySet[Article]:
    """Items reported by units in ``org``'s subtree (and the actor's scope), newest first;
    ``duplicates`` lists only the flagged ones."""
    qs = Article.objects.filter(scope_q(actor, "unit__path"), unit__path__startswith=org.path)
    qs = _in_period(qs, period, "published_on").select_related("unit", "level", "duplicate_of", "campaign")
    if level:
        qs = qs.filter(level__code=level)
    if duplicates:
        qs = qs.filter(duplicate_of__isnull=False)
    return qs.order_by("-published_on", "-id")


def _get(model: Any, pk: Any, actor: Any, cap: Cap, missing: str, qs: QuerySet[Any] | None = None) -> Any:
    try:
        obj = (qs if qs is not None else model.objects.select_related("unit")).get(pk=int(pk))
    except (model.DoesNotExist, TypeError, ValueError):
        raise Http404(missing) from None
    if not can(actor, obj.unit, Cap.VIEW):
        raise Http404(missing)
    if not can(actor, obj.unit, cap):
        raise PermissionDenied(_("You do not have permission to do this here."))
    return obj


def article_get(*, actor: Any, article_id: Any, cap: Cap = Cap.VIEW) -> Article:
    """404 when missing or outside the actor's scope; 403 when the capability is missing."""
    qs = Article.objects.select_related("unit", "level", "duplicate_of", "duplicate_of__unit", "campaign")
    return _get(Article, article_id, actor, cap, _("No such publicity item."), qs)  # type: ignore[no-any-return]


def honour_list(*, actor: Any, org: Organization, year: int | None = None) -> QuerySet[Honour]:
    """Honours recorded in ``org``'s subtree, or given to anyone in it, newest first."""
    qs = Honour.objects.filter(scope_q(actor, "unit__path"), unit__path__startswith=org.path)
    if year:
        qs = qs.filter(year=year)
    return (
        qs.select_related("unit", "kind")
        .prefetch_related(Prefetch("recipients", queryset=HonourRecipient.objects.select_related("org", "member")))
        .order_by("-awarded_on", "-id")
    )


def honour_get(*, actor: Any, honour_id: Any, cap: Cap = Cap.VIEW) -> Honour:
    qs = Honour.objects.select_related("unit", "kind").prefetch_related(
        Prefetch("recipients", queryset=HonourRecipient.objects.select_related("org", "member", "at_org"))
    )
    return _get(Honour, honour_id, actor, cap, _("No such honour."), qs)  # type: ignore[no-any-return]


def example_list(*, actor: Any, org: Organization, period: Period | None = None) -> QuerySet[ModelExample]:
    qs = ModelExample.objects.filter(scope_q(actor, "unit__path"), unit__path__startswith=org.path)
    return _in_period(qs, period, "recognised_on").select_related("unit", "member").order_by("-recognised_on", "-id")


def example_get(*, actor: Any, example_id: Any, cap: Cap = Cap.VIEW) -> ModelExample:
    qs = ModelExample.objects.select_related("unit", "member").prefetch_related("photos", "records")
    return _get(ModelExample, example_id, actor, cap, _("No such model example."), qs)  # type: ignore[no-any-return]


# --- Honours of one organisation or member (the slot on their pages) -------------------------------------


def honours_of_org(*, actor: Any, org: Organization) -> list[HonourRecipient]:
    """The honours ``org`` itself received (the page's caller has access-checked the org)."""
    if not can(actor, org, Cap.VIEW):
        return []
    return list(
        HonourRecipient.objects.filter(org=org).select_related("honour", "honour__kind").order_by("-honour__awarded_on")
    )


def honours_of_member(*, actor: Any, member: Member) -> list[HonourRecipient]:
    if not can(actor, member.org, Cap.VIEW) and getattr(member, "user_id", None) != getattr(actor, "pk", -1):
        return []
    return list(
        HonourRecipient.objects.filter(member=member)
        .select_related("honour", "honour__kind")
        .order_by("-honour__awarded_on")
    )


# --- The public honours page (no account) ------------------------------------------------------------------


@dataclass(frozen=True)
class PublicRecipient:
    name: str  # an organisation's name, a consenting member's name, or "" (not named)
    org: str


@dataclass(frozen=True)
class PublicHonour:
    year: int
    kind: str
    level: str
    body: str
    recipients: list[PublicRecipient]
    unnamed: int  # members commended who did not consent to be named


def public_honours() -> list[PublicHonour]:
    """What the office chose to publish: in three queries whatever the number."""
    honours = (
        Honour.objects.filter(published=True)
        .select_related("kind")
        .prefetch_related(Prefetch("recipients", queryset=HonourRecipient.objects.select_related("org", "member",
                                                                                                  "at_org")))
        .order_by("-year", "kind__order", "-awarded_on", "id")
    )  # fmt: skip
    out = []
    for h in honours:
        named, unnamed = [], 0
        for r in h.recipients.all():
            if r.org is not None:
                named.append(PublicRecipient(r.org.name, ""))
            elif r.member is not None and r.name_consent:
                named.append(PublicRecipient(r.member.name, r.at_org.name))
            else:
                unnamed += 1
        out.append(PublicHonour(h.year, h.kind.name, h.get_level_display(), h.body, named, unnamed))
    return out


@dataclass(frozen=True)
class PublicExample:
    title: str
    story: str
    unit: str
    photos: list[str]


def public_examples() -> list[PublicExample]:
    """Published model examples as the office wrote them (title, story, unit, photos). The
    roster record behind a member's example is never printed here."""
    qs = ModelExample.objects.filter(published=True).select_related("unit").prefetch_related("photos")
    return [
        PublicExample(e.title, e.story, e.unit.name, [p.image.url for p in e.photos.all()])
        for e in qs.order_by("-recognised_on", "-id")[:50]
    ]
