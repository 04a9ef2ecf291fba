"""Every write of indicators: definitions, values, approval and unlocking.

Each function is keyword-only with the actor first, runs in one transaction, validates with
``full_clean``, keeps the subtree counters true in the same transaction (see
:mod:`lixing.indicators.counters`) and writes its audit row there too.

Who may do what (through :mod:`lixing.orgs.access`):

* define sets and indicators — STRUCTURE over the office;
* enter a value — RECORDS over the reporting organisation (its own subtree);
* approve or unlock a report — RECORDS over the organisation *above* it (the level above
  approves; the top of the tree is approved by its own district admins).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lixing.accounts.audit import audit, snapshot
from lixing.orgs.access import Cap, can, require
from lixing.orgs.models import Organization
from lixing.orgs.rollups import rollup_bump_many

from . import counters, periods
from .models import Aggregation, Indicator, IndicatorSet, IndicatorValue, ValueStatus


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def indicator_set_create(
    *, actor: Any, office: Organization, name: str, period_type: str, due_days: int = 10,
    reporting_orgs: Sequence[Organization] = (),
) -> IndicatorSet:  # fmt: skip
    require(actor, office, Cap.STRUCTURE)
    stray = [o for o in reporting_orgs if not o.path.startswith(office.path)]
    if stray:
        raise ValidationError({"reporting_orgs": _("Reporting organisations must be in the office's subtree.")})
    iset = IndicatorSet(office=office, name=name.strip(), period_type=period_type, due_days=due_days)
    iset.full_clean()
    iset.save()
    iset.reporting_orgs.set(reporting_orgs)
    audit(actor=actor, action="indicators.set_create", obj=iset, org_path=office.path,
          after={**snapshot(iset, ["name", "period_type", "due_days"]), "reporting_orgs": [o.pk for o in reporting_orgs]})  # fmt: skip
    return iset


@transaction.atomic
def indicator_set_reporting(*, actor: Any, indicator_set: IndicatorSet, reporting_orgs: Sequence[Organization]) -> None:
    """Replace the organisations that must report the set."""
    require(actor, indicator_set.office, Cap.STRUCTURE)
    if any(not o.path.startswith(indicator_set.office.path) for o in reporting_orgs):
        raise ValidationError({"reporting_orgs": _("Reporting organisations must be in the office's subtree.")})
    before = sorted(indicator_set.reporting_orgs.values_list("pk", flat=True))
    indicator_set.reporting_orgs.set(reporting_orgs)
    audit(actor=actor, action="indicators.set_reporting", obj=indicator_set, org_path=indicator_set.office.path,
          before={"reporting_orgs": before}, after={"reporting_orgs": sorted(o.pk for o in reporting_orgs)})  # fmt: skip


@transaction.atomic
def indicator_create(
    *, actor: Any, indicator_set: IndicatorSet, code: str, name: str, unit: str = "",
    aggregation: str = Aggregation.SUM, weight: Indicator | None = None, higher_is_better: bool = True,
    annual_target: Decimal | None = None, min_value: Decimal | None = None, max_value: Decimal | None = None,
    max_change: Decimal | None = None, order: int = 100,
) -> Indicator:  # fmt: skip
    require(actor, indicator_set.office, Cap.STRUCTURE)
    if aggregation == Aggregation.WEIGHTED and (weight is None or weight.indicator_set_id != indicator_set.pk):
        raise ValidationError({"weight": _("A weighted average needs a weight indicator of the same set.")})
    ind = Indicator(
        indicator_set=indicator_set, code=code, name=name.strip(), unit=unit.strip(), aggregation=aggregation,
        weight=weight if aggregation == Aggregation.WEIGHTED else None, higher_is_better=higher_is_better,
        annual_target=annual_target, min_value=min_value, max_value=max_value, max_change=max_change, order=order,
    )  # fmt: skip
    ind.full_clean()
    ind.save()
    audit(actor=actor, action="indicators.indicator_create", obj=ind, org_path=indicator_set.office.path,
          after=snapshot(ind, ["code", "name", "unit", "aggregation", "weight_id", "annual_target"]))  # fmt: skip
    return ind


def _decimal(raw: Any, field: str = "value") -> Decimal:
    if isinstance(raw, bool):
        raise ValidationError({field: _("Enter a number.")})
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter a number.")}) from None
    if not value.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    return value.quantize(Decimal("0.0001"))


def _period(indicator_set: IndicatorSet, period: str) -> str:
    try:
        periods.parse(period, indicator_set.period_type)
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from None
    return period.strip()


def check_value(*, indicator: Indicator, value: Decimal, comment: str, previous: Decimal | None) -> None:
    """The validation rules: the indicator's range, and a change against the last period
    beyond its ratio needs a comment. Raises ValidationError naming the rule."""
    if indicator.min_value is not None and value < indicator.min_value:
        raise ValidationError({"value": _("%(name)s must be at least %(min)s.") % {
            "name": indicator.name, "min": _plain(indicator.min_value)}})  # fmt: skip
    if indicator.max_value is not None and value > indicator.max_value:
        raise ValidationError({"value": _("%(name)s must be at most %(max)s.") % {
            "name": indicator.name, "max": _plain(indicator.max_value)}})  # fmt: skip
    if indicator.max_change is not None and previous not in (None, Decimal(0)) and not comment.strip():
        assert previous is not None
        change = abs(value - previous) / abs(previous)
        if change > indicator.max_change:
            raise ValidationError({"comment": _(
                "%(name)s changed by %(change)s against the last period (more than %(limit)s): explain why in a comment."
            ) % {"name": indicator.name, "change": f"{change * 100:.1f}%",
                 "limit": f"{indicator.max_change * 100:.0f}%"}})  # fmt: skip


def _plain(d: Decimal) -> str:
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _own_value(indicator_id: int | None, org_id: int, period: str) -> Decimal | None:
    if indicator_id is None:
        return None
    return (
        IndicatorValue.objects.filter(indicator_id=indicator_id, org_id=org_id, period=period)
        .values_list("value", flat=True)
        .first()
    )


@transaction.atomic
def value_set(
    *, actor: Any, indicator: Indicator, org: Organization, period: str, value: Any, comment: str = "",
    now: datetime.datetime | None = None,
) -> IndicatorValue:  # fmt: skip
    """Enter or revise one value. An approved value is locked: revising it needs an unlock
    by the level above first. Unchanged input writes nothing."""
    require(actor, org, Cap.RECORDS)
    iset = indicator.indicator_set
    if not iset.reporting_orgs.filter(pk=org.pk).exists():
        raise ValidationError({"org": _("%(org)s does not report %(set)s.") % {"org": org.name, "set": iset.name}})
    period = _period(iset, period)
    amount = _decimal(value)
    comment = (comment or "").strip()
    now = now or timezone.now()
    existing = IndicatorValue.objects.select_for_update().filter(indicator=indicator, org=org, period=period).first()
    if existing is not None and existing.status == ValueStatus.APPROVED:
        raise ValidationError({"value": _("This value is approved and locked; the level above must unlock it first.")})
    if existing is not None and existing.value == amount and existing.comment == comment:
        return existing
    previous = _own_value(indicator.pk, org.pk, periods.previous(period, iset.period_type))
    check_value(indicator=indicator, value=amount, comment=comment, previous=previous)
    weight = _own_value(indicator.weight_id, org.pk, period)
    old_value = existing.value if existing else None
    before_c = counters.contributions(indicator, old_value, weight)
    before = snapshot(existing, ["value", "comment", "status"]) if existing else None
    row = existing or IndicatorValue(indicator=indicator, org=org, period=period, reported_at=now)
    row.value, row.comment, row.entered_by = amount, comment, _user(actor)
    row.full_clean(validate_unique=existing is None)
    if existing is None:
        row.save()
    else:
        row.save(update_fields=["value", "comment", "entered_by", "updated_at"])
    bumps = counters.bumps(
        indicator, org.pk, org.path, period, before_c, counters.contributions(indicator, amount, weight)
    )
    # Indicators averaged by this one: their contribution at this org and period changes weight.
    for dep in Indicator.objects.select_related("indicator_set").filter(
        weight=indicator, aggregation=Aggregation.WEIGHTED
    ):
        dep_value = _own_value(dep.pk, org.pk, period)
        if dep_value is not None:
            bumps += counters.bumps(dep, org.pk, org.path, period, counters.contributions(dep, dep_value, old_value),
                                    counters.contributions(dep, dep_value, amount))  # fmt: skip
    rollup_bump_many(bumps)
    audit(actor=actor, action="indicators.value_set", obj=row, org_path=org.path, before=before,
          after={**snapshot(row, ["value", "comment", "status"]), "indicator": indicator.code, "period": period})  # fmt: skip
    return row


@transaction.atomic
def report_save(
    *, actor: Any, org: Organization, period: str, entries: Sequence[tuple[Indicator, Any, str]]
) -> list[IndicatorValue]:
    """A unit's values for one period, all or none (the form): each through :func:`value_set`."""
    return [
        value_set(actor=actor, indicator=ind, org=org, period=period, value=value, comment=comment)
        for ind, value, comment in entries
    ]


def may_approve(actor: Any, org: Organization) -> bool:
    """The level above approves: RECORDS over the parent (the root: its own district admins)."""
    if org.parent_id is None:
        return can(actor, org, Cap.STRUCTURE) and can(actor, org, Cap.AUDIT)
    parent_path = org.path[: -Organization.steplen]
    return can(actor, parent_path, Cap.RECORDS)


def _require_approver(actor: Any, org: Organization) -> None:
    if not can(actor, org, Cap.VIEW):
        raise Http404(_("No such organisation."))
    if not may_approve(actor, org):
        raise PermissionDenied(_("Only the level above may approve or unlock this report."))


@transaction.atomic
def report_approve(
    *, actor: Any, indicator_set: IndicatorSet, org: Organization, period: str, now: datetime.datetime | None = None
) -> int:
    """Approve (and lock) every value of the set that ``org`` entered for ``period``.
    Returns how many values were approved."""
    _require_approver(actor, org)
    period = _period(indicator_set, period)
    rows = list(
        IndicatorValue.objects.select_for_update().filter(
            indicator__indicator_set=indicator_set, org=org, period=period, status=ValueStatus.ENTERED
        )
    )
    if not rows:
        raise ValidationError(_("There is nothing entered to approve."))
    now = now or timezone.now()
    IndicatorValue.objects.filter(pk__in=[r.pk for r in rows]).update(
        status=ValueStatus.APPROVED, approved_by=_user(actor), approved_at=now, updated_at=now
    )
    audit(actor=actor, action="indicators.report_approve", obj=indicator_set, org_path=org.path,
          after={"org": org.pk, "period": period, "values": sorted(r.pk for r in rows)})  # fmt: skip
    return len(rows)


@transaction.atomic
def report_unlock(*, actor: Any, indicator_set: IndicatorSet, org: Organization, period: str, reason: str) -> int:
    """Unlock an approved report so it can be revised; the reason is audited."""
    _require_approver(actor, org)
    period = _period(indicator_set, period)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the approved report is unlocked.")})
    rows = list(
        IndicatorValue.objects.select_for_update().filter(
            indicator__indicator_set=indicator_set, org=org, period=period, status=ValueStatus.APPROVED
        )
    )
    if not rows:
        raise ValidationError(_("Nothing here is approved."))
    IndicatorValue.objects.filter(pk__in=[r.pk for r in rows]).update(
        status=ValueStatus.ENTERED, approved_by=None, approved_at=None, updated_at=timezone.now()
    )
    audit(actor=actor, action="indicators.report_unlock", obj=indicator_set, org_path=org.path,
          before={"status": ValueStatus.APPROVED},
          after={"org": org.pk, "period": period, "reason": reason.strip(), "values": sorted(r.pk for r in rows)})  # fmt: skip
    return len(rows)
