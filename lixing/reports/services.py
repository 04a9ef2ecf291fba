"""Writes of the reports app: templates, subscriptions, and filing issued briefings.

The briefing itself is computed (see :mod:`lixing.reports.briefing`); what is written is the
archive row with its file, the office's templates and the weekly subscriptions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lixing.accounts.audit import audit, snapshot
from lixing.figures.periods import Period
from lixing.orgs.access import SYSTEM, Cap, require
from lixing.orgs.models import Organization
from lixing.orgs.rollups import rollup_bump

from .briefing import briefing_content, briefing_docx
from .figures import BULLETINS
from .models import Briefing, BriefingSubscription, BriefingTemplate

TEMPLATE_FIELDS = ["name", "title_pattern", "issuer", "intro", "sentences"]


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def as_of_for(period: Period, today: datetime.date) -> datetime.date:
    """The "截至" date of a briefing: the period's last day, or today while it runs."""
    if period.end is None or period.end > today:
        return today
    return period.end


def next_issue_no(org: Organization) -> int:
    return (Briefing.objects.filter(org=org).aggregate(n=Max("issue_no"))["n"] or 0) + 1


def briefing_build(
    *,
    actor: Any,
    org: Organization,
    period: Period,
    template: BriefingTemplate | None = None,
    issue_no: int | None = None,
    as_of: datetime.date | None = None,
) -> tuple[bytes, str]:
    """The .docx of a briefing and its title, without filing it."""
    require(actor, org, Cap.VIEW)
    as_of = as_of or as_of_for(period, timezone.localdate())
    content = briefing_content(
        actor=actor,
        org=org,
        period=period,
        as_of=as_of,
        issue_no=issue_no if issue_no is not None else next_issue_no(org),
        title_pattern=template.title_pattern if template else "",
        issuer=template.issuer if template else "",
        intro=template.intro if template else "",
        sentences=template.sentences if template else None,
    )
    return briefing_docx(content), content.masthead


@transaction.atomic
def briefing_issue(
    *,
    actor: Any,
    org: Organization,
    period: Period,
    template: BriefingTemplate | None = None,
    week: str = "",
    as_of: datetime.date | None = None,
) -> Briefing:
    """Write the briefing and file it in the archive as the organisation's next issue.

    Anyone who may see the subtree may issue its briefing. Raises IntegrityError when a
    weekly issue for ``week`` already exists (the caller decides whether that is fine).
    """
    require(actor, org, Cap.VIEW)
    # Serialise issue numbers per organisation (SQLite's IMMEDIATE transactions already do).
    Organization.objects.select_for_update(of=("self",)).filter(pk=org.pk).first()
    issue_no = next_issue_no(org)
    as_of = as_of or as_of_for(period, timezone.localdate())
    data, title = briefing_build(actor=actor, org=org, period=period, template=template, issue_no=issue_no, as_of=as_of)
    briefing = Briefing(
        org=org,
        issue_no=issue_no,
        title=title[:200],
        period=period.bucket,
        as_of=as_of,
        week=week,
        template=template,
        created_by=_user(actor),
    )
    briefing.file.save(f"briefing-{org.pk}-{issue_no}.docx", ContentFile(data), save=False)
    briefing.full_clean()
    briefing.save()
    rollup_bump(org, BULLETINS, day=as_of)
    audit(
        actor=actor,
        action="reports.briefing_issue",
        obj=briefing,
        org_path=org.path,
        after=snapshot(briefing, ["org_id", "issue_no", "period", "week", "template_id"]),
    )
    return briefing


@dataclass
class WeeklyOutcome:
    issued: list[Briefing]
    skipped: list[Organization]


def issue_weekly_briefings(*, actor: Any = SYSTEM, week: Period) -> WeeklyOutcome:
    """File the weekly briefing of ``week`` for every active subscription that has none yet.

    Idempotent: a subscription whose issue for the week exists is skipped, and the unique
    constraint (org, week) turns a concurrent second run into a skip as well.
    """
    if week.kind != "week":
        raise ValueError(_("A weekly briefing needs a week such as 2026W47."))
    outcome = WeeklyOutcome([], [])
    subs = list(
        BriefingSubscription.objects.filter(active=True, org__dissolved_at__isnull=True).select_related(
            "org", "template"
        )
    )
    done = set(
        Briefing.objects.filter(week=week.bucket, org__in=[s.org for s in subs]).values_list("org_id", flat=True)
    )
    for sub in subs:
        if sub.org_id in done:
            outcome.skipped.append(sub.org)
            continue
        try:
            outcome.issued.append(
                briefing_issue(actor=actor, org=sub.org, period=week, template=sub.template, week=week.bucket)
            )
        except IntegrityError:
            outcome.skipped.append(sub.org)
    return outcome


@transaction.atomic
def template_save(
    *, actor: Any, org: Organization, template: BriefingTemplate | None = None, **fields: Any
) -> BriefingTemplate:
    """Create or change an office's briefing template (admins of the organisation)."""
    require(actor, org, Cap.STRUCTURE)
    if template is not None:
        require(actor, template.org, Cap.STRUCTURE)
    before = snapshot(template, TEMPLATE_FIELDS) if template is not None else None
    obj = template or BriefingTemplate(org=org)
    for name, value in fields.items():
        if name not in TEMPLATE_FIELDS:
            raise TypeError(name)
        setattr(obj, name, value)
    if isinstance(obj.sentences, dict):
        obj.sentences = {k: v for k, v in obj.sentences.items() if isinstance(v, str) and v.strip()}
    obj.save()  # full_clean() inside: unknown placeholders are refused
    audit(
        actor=actor,
        action="reports.template_save",
        obj=obj,
        org_path=obj.org.path,
        before=before,
        after=snapshot(obj, TEMPLATE_FIELDS),
    )
    return obj


@transaction.atomic
def subscription_set(
    *, actor: Any, org: Organization, active: bool, template: BriefingTemplate | None = None
) -> BriefingSubscription:
    """A unit asks for (or stops) the weekly briefing of its subtree."""
    require(actor, org, Cap.RECORDS)
    sub = BriefingSubscription.objects.filter(org=org).first()
    before = snapshot(sub, ["active", "template_id"]) if sub else None
    if sub is None:
        sub = BriefingSubscription(org=org, requested_by=_user(actor))
    sub.active = active
    sub.template = template
    sub.full_clean()
    sub.save()
    audit(
        actor=actor,
        action="reports.subscription_set",
        obj=sub,
        org_path=org.path,
        before=before,
        after=snapshot(sub, ["active", "template_id"]),
    )
    return sub


def period_for_range(start: datetime.date | None, end: datetime.date) -> tuple[Period, bool]:
    """Map a date range onto the calendar buckets the roll-ups keep.

    The range is matched exactly when it is one ISO week, month, quarter or year; otherwise
    the smallest of those that holds the whole range is used (week → month → quarter →
    year), and failing that all time. No start means all time ("截至" ``end``). Returns the
    period and whether it matches the range exactly. See docs/decisions/reports-periods.md.
    """
    if start is None:
        return Period.parse("all"), True
    if start > end:
        raise ValueError(_("The start date is after the end date."))
    for kind in ("week", "month", "quarter", "year"):
        candidate = Period.containing(start, kind)
        if candidate.start == start and candidate.end == end:
            return candidate, True
    for kind in ("week", "month", "quarter", "year"):
        candidate = Period.containing(start, kind)
        if candidate.contains(end):
            return candidate, False
    return Period.parse("all"), False
