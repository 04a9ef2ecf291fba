"""Dashboards and briefings over JSON: the same selectors as the pages."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from lixing.figures.periods import Period
from lixing.orgs.access import access_org, home_org

from . import selectors

router = Router(tags=["reports"])


class ValueOut(Schema):
    value: float | None
    display: str
    numerator: int | None
    denominator: int | None
    is_rate: bool


class UnitValueOut(Schema):
    org_id: int
    name: str
    value: ValueOut
    lagging: bool


class TrendPointOut(Schema):
    period: str
    value: ValueOut


class FigureOut(Schema):
    key: str
    label: str
    comparable: bool
    value: ValueOut
    trend: list[TrendPointOut]
    units: list[UnitValueOut]


class GroupOut(Schema):
    key: str
    label: str
    figures: list[FigureOut]


class DashboardOut(Schema):
    org_id: int
    period: str
    groups: list[GroupOut]


class BriefingOut(Schema):
    id: int
    org_id: int
    issue_no: int
    title: str
    period: str
    week: str
    as_of: datetime.date


@router.get("/dashboard", response=DashboardOut)
def dashboard(request: HttpRequest, org: int | None = None, period: str = "all") -> DashboardOut:
    """Every figure for a subtree and a period, with trend and breakdown by unit (comparable
    figures only)."""
    target = access_org(request.user, org or getattr(home_org(request.user), "pk", None))
    try:
        p = Period.parse(period)
    except ValueError as exc:
        from django.core.exceptions import ValidationError

        raise ValidationError(str(exc)) from exc
    board = selectors.dashboard(actor=request.user, org=target, period=p)
    return DashboardOut(
        org_id=target.pk,
        period=p.bucket,
        groups=[
            GroupOut(
                key=g.key,
                label=str(g.label),
                figures=[
                    FigureOut(
                        key=v.key,
                        label=str(v.figure.label),
                        comparable=v.comparable,
                        value=ValueOut(**v.value.as_dict()),
                        trend=[TrendPointOut(period=s.bucket, value=ValueOut(**x.as_dict())) for s, x in v.trend],
                        units=[
                            UnitValueOut(
                                org_id=c.org.pk,
                                name=c.org.display_name,
                                value=ValueOut(**c.value.as_dict()),
                                lagging=c.lagging,
                            )
                            for c in v.children
                        ],
                    )
                    for v in g.figures
                ],
            )
            for g in board.groups
        ],
    )


@router.get("/briefings", response=list[BriefingOut])
def briefings(request: HttpRequest, org: int | None = None) -> list[BriefingOut]:
    """Issued briefings the caller may see (newest first, at most 100)."""
    target = access_org(request.user, org) if org else None
    rows = selectors.briefing_list(actor=request.user, org=target)[:100]
    return [
        BriefingOut(
            id=b.pk, org_id=b.org_id, issue_no=b.issue_no, title=b.title, period=b.period, week=b.week, as_of=b.as_of
        )
        for b in rows
    ]
