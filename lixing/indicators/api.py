"""Indicators over JSON, for units that report from their own systems: the sets, values
(read and write through the same service as the form) and the derived table.

Errors: 400 ``{"detail": {field: [messages]}}`` for a value the rules refuse (range, a change
needing a comment, a locked approved value, a period of the wrong type); 403 outside the
caller's rights; 404 for what the caller cannot see."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import StrictInt

from lixing.orgs.access import Cap, access_org

from . import selectors, services
from .models import IndicatorValue

router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    aggregation: str
    higher_is_better: bool
    annual_target: Decimal | None


class SetOut(Schema):
    id: int
    name: str
    office_id: int
    period_type: str
    due_days: int
    indicators: list[IndicatorOut]


class ValueOut(Schema):
    indicator: str
    org_id: int
    period: str
    value: Decimal
    comment: str
    status: str
    reported_at: datetime.datetime


class ValueIn(Schema):
    indicator: str = Field(min_length=1, max_length=40)
    org_id: StrictInt
    period: str = Field(min_length=4, max_length=7)
    value: Decimal
    comment: str = Field("", max_length=300)


class DerivedOut(Schema):
    value: Decimal | None
    inputs: list[tuple[str, Decimal | None]]


class RowOut(Schema):
    indicator: str
    value: Decimal | None
    yoy: DerivedOut
    mom: DerivedOut
    ytd: DerivedOut
    target_progress: DerivedOut


def _value_out(v: IndicatorValue) -> ValueOut:
    return ValueOut(indicator=v.indicator.code, org_id=v.org_id, period=v.period, value=v.value, comment=v.comment,
                    status=v.status, reported_at=v.reported_at)  # fmt: skip


@router.get("/sets", response=list[SetOut])
def sets(request: HttpRequest) -> list[SetOut]:
    return [
        SetOut(
            id=s.pk,
            name=s.name,
            office_id=s.office_id,
            period_type=s.period_type,
            due_days=s.due_days,
            indicators=[IndicatorOut.from_orm(i) for i in s.indicators.all()],
        )
        for s in selectors.indicator_sets(actor=request.user)
    ]


@router.get("/sets/{set_id}/values", response=list[ValueOut])
def values(request: HttpRequest, set_id: int, org: int, period: str | None = None) -> list[ValueOut]:
    """Values entered in ``org``'s subtree (and the caller's scope), optionally for one period."""
    iset = selectors.indicator_set_get(actor=request.user, set_id=set_id)
    unit = access_org(request.user, org)
    return [
        _value_out(v) for v in selectors.value_list(actor=request.user, indicator_set=iset, org=unit, period=period)
    ]


@router.get("/sets/{set_id}/table", response=list[RowOut])
def table(request: HttpRequest, set_id: int, org: int, period: str) -> list[RowOut]:
    """Subtree values with 同比, 环比, year to date and progress, each with its inputs."""
    iset = selectors.indicator_set_get(actor=request.user, set_id=set_id)
    unit = access_org(request.user, org)
    try:
        result = selectors.indicator_table(actor=request.user, indicator_set=iset, org=unit, period=period)
    except ValueError as exc:
        raise ValidationError({"period": [str(exc)]}) from None

    def d(x: object) -> DerivedOut:
        return DerivedOut(value=x.value, inputs=list(x.inputs))  # type: ignore[attr-defined]

    return [
        RowOut(
            indicator=r.indicator.code,
            value=r.reading.value,
            yoy=d(r.reading.yoy),
            mom=d(r.reading.mom),
            ytd=d(r.reading.ytd),
            target_progress=d(r.reading.target_progress),
        )
        for r in result.rows
    ]


@router.put("/values", response=ValueOut)
def put_value(request: HttpRequest, payload: ValueIn) -> ValueOut:
    """Enter or revise one value (the caller needs RECORDS over the unit)."""
    ind = selectors.indicator_get(actor=request.user, code=payload.indicator)
    unit = access_org(request.user, payload.org_id, Cap.RECORDS)
    row = services.value_set(actor=request.user, indicator=ind, org=unit, period=payload.period, value=payload.value,
                             comment=payload.comment)  # fmt: skip
    row.indicator = ind
    return _value_out(row)
