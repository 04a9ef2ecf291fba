"""Indicator values from the office's own spreadsheets, through the generic import flow.

Two layouts, as offices keep them:

* ``indicator_values`` — one row per unit and indicator: 单位 · 指标 · 期间 · 数值 · 说明;
* ``indicator_months`` — one row per unit and indicator, one column per month:
  单位 · 指标 · 年度 · 1月 … 12月 (empty months are left alone).

Units are found by full or short name among the set's reporting organisations inside the
import's organisation; indicators by name or code within the set (option ``set``). ``check``
writes nothing and applies every validation rule (range; a change beyond the indicator's
ratio needs a comment — the previous period may be an earlier month of the same file);
``apply`` writes through :func:`~lixing.indicators.services.value_set`, and any bad row makes
the generic flow roll back the whole file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lixing.imports.registry import Importer, Outcome, Progress, RowError, Rows
from lixing.imports.sheets import Column
from lixing.orgs.access import Cap, can
from lixing.orgs.models import Organization

from . import periods, services
from .models import Indicator, IndicatorSet, IndicatorValue, PeriodType, ValueStatus


@dataclass(frozen=True)
class Entry:
    row: int
    column: str
    org: Organization
    indicator: Indicator
    period: str
    value: Decimal
    comment: str


def _messages(exc: ValidationError) -> str:
    return "；".join(str(m) for m in exc.messages)


class _ValuesImporter(Importer):
    def _set(self, options: dict[str, Any]) -> IndicatorSet:
        try:
            return IndicatorSet.objects.select_related("office").get(pk=int(options.get("set") or 0))
        except (IndicatorSet.DoesNotExist, TypeError, ValueError):
            raise PermissionDenied(_("Choose the indicator set to import into.")) from None

    def check_access(self, *, actor: Any, org: Organization, options: dict[str, Any]) -> None:
        iset = self._set(options)
        if not can(actor, org, Cap.RECORDS):
            raise PermissionDenied(_("You do not have permission to do this here."))
        if not (org.path.startswith(iset.office.path) or iset.office.path.startswith(org.path)):
            raise PermissionDenied(_("This set is not reported here."))

    def _lookups(self, org: Organization, iset: IndicatorSet) -> tuple[dict[str, Organization], dict[str, Indicator]]:
        units: dict[str, Organization] = {}
        for o in iset.reporting_orgs.filter(path__startswith=org.path, dissolved_at__isnull=True):
            units.setdefault(o.name, o)
            if o.short_name:
                units.setdefault(o.short_name, o)
        inds: dict[str, Indicator] = {}
        for i in iset.indicators.select_related("indicator_set"):
            inds[i.name] = i
            inds[i.code] = i
        return units, inds

    def entries(self, org: Organization, iset: IndicatorSet, rows: Rows, errors: list[RowError]) -> Iterator[Entry]:
        raise NotImplementedError

    def _number(self, raw: Any) -> Decimal:
        if isinstance(raw, bool) or raw is None or raw == "":
            raise ValueError
        try:
            value = Decimal(str(raw).replace(",", "").strip())
        except InvalidOperation:
            raise ValueError from None
        if not value.is_finite():
            raise ValueError
        return value.quantize(Decimal("0.0001"))

    def _run(self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any], progress: Progress,
             write: bool) -> Outcome:  # fmt: skip
        iset = self._set(options)
        outcome = Outcome()
        existing = {
            (v.indicator_id, v.org_id, v.period): v
            for v in IndicatorValue.objects.filter(indicator__indicator_set=iset, org__path__startswith=org.path)
        }
        seen: dict[tuple[int, int, str], Decimal] = {}
        done = 0
        for e in self.entries(org, iset, rows, outcome.errors):
            done += 1
            if done % 200 == 0:
                progress(done)
            k = (e.indicator.pk, e.org.pk, e.period)
            if k in seen:
                outcome.errors.append(RowError(e.row, e.column, _("The same unit, indicator and period appear twice.")))
                continue
            seen[k] = e.value
            if not can(actor, e.org, Cap.RECORDS):
                outcome.errors.append(
                    RowError(
                        e.row, self.header_of("unit"), _("You may not enter values for %(org)s.") % {"org": e.org.name}
                    )
                )
                continue
            old = existing.get(k)
            if old is not None and old.status == ValueStatus.APPROVED and old.value != e.value:
                outcome.errors.append(
                    RowError(
                        e.row, e.column, _("This value is approved and locked; the level above must unlock it first.")
                    )
                )
                continue
            if write:
                try:
                    services.value_set(actor=actor, indicator=e.indicator, org=e.org, period=e.period, value=e.value,
                                       comment=e.comment)  # fmt: skip
                except ValidationError as exc:
                    outcome.errors.append(RowError(e.row, e.column, _messages(exc)))
                    continue
            else:
                prev_p = periods.previous(e.period, iset.period_type)
                prev_k = (e.indicator.pk, e.org.pk, prev_p)
                prev = seen.get(prev_k, existing[prev_k].value if prev_k in existing else None)
                try:
                    services.check_value(indicator=e.indicator, value=e.value, comment=e.comment, previous=prev)
                except ValidationError as exc:
                    outcome.errors.append(RowError(e.row, e.column, _messages(exc)))
                    continue
            if old is None:
                outcome.create += 1
            elif old.value == e.value and old.comment == e.comment:
                outcome.skip += 1
            else:
                outcome.update += 1
        progress(done)
        return outcome

    def check(
        self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any], progress: Progress
    ) -> Outcome:
        return self._run(actor=actor, org=org, rows=rows, options=options, progress=progress, write=False)

    def apply(
        self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any], progress: Progress
    ) -> Outcome:
        return self._run(actor=actor, org=org, rows=rows, options=options, progress=progress, write=True)

    def _unit_and_indicator(
        self, n: int, row: dict[str, Any], units: dict[str, Organization], inds: dict[str, Indicator],
        errors: list[RowError],
    ) -> tuple[Organization, Indicator] | None:  # fmt: skip
        unit_name = row.get("unit")
        ind_name = row.get("indicator")
        unit = units.get(str(unit_name)) if isinstance(unit_name, str) else None
        ind = inds.get(str(ind_name)) if isinstance(ind_name, str) else None
        if unit is None:
            errors.append(
                RowError(
                    n, self.header_of("unit"), _("No reporting unit named %(name)s here.") % {"name": unit_name or ""}
                )
            )
        if ind is None:
            errors.append(
                RowError(
                    n,
                    self.header_of("indicator"),
                    _("No indicator named %(name)s in this set.") % {"name": ind_name or ""},
                )
            )
        return (unit, ind) if unit is not None and ind is not None else None


class UnitRowsImporter(_ValuesImporter):
    kind = "indicator_values"
    label = gettext_lazy("Indicator values (one row per unit)")
    title = "指标数据"
    columns = [
        Column("单位", "unit", required=True, hint="报送单位全称或简称", width=24),
        Column("指标", "indicator", required=True, hint="指标名称", width=20),
        Column("期间", "period", required=True, hint="如 2021-04、2021Q2、2021", width=12),
        Column("数值", "value", required=True, hint="数字，单位同指标", width=14),
        Column("说明", "comment", hint="变动较大时说明原因", width=30),
    ]

    def examples(self) -> list[list[Any]]:
        return [["甲党委", "规上工业产值", "2021-04", 214.6, ""]]

    def entries(self, org: Organization, iset: IndicatorSet, rows: Rows, errors: list[RowError]) -> Iterator[Entry]:
        units, inds = self._lookups(org, iset)
        for n, row in rows:
            found = self._unit_and_indicator(n, row, units, inds, errors)
            period = str(row.get("period") or "").strip()
            try:
                periods.parse(period, iset.period_type)
            except ValueError as exc:
                errors.append(RowError(n, self.header_of("period"), str(exc)))
                continue
            try:
                value = self._number(row.get("value"))
            except ValueError:
                errors.append(RowError(n, self.header_of("value"), _("Enter a number.")))
                continue
            if found:
                comment = row.get("comment")
                yield Entry(n, self.header_of("value"), found[0], found[1], period, value,
                            str(comment).strip() if comment else "")  # fmt: skip


MONTHS = [f"{m}月" for m in range(1, 13)]


class MonthColumnsImporter(_ValuesImporter):
    kind = "indicator_months"
    label = gettext_lazy("Indicator values (one column per month)")
    title = "指标月度数据"
    columns = [
        Column("单位", "unit", required=True, hint="报送单位全称或简称", width=24),
        Column("指标", "indicator", required=True, hint="指标名称", width=20),
        Column("年度", "year", required=True, hint="如 2021", width=8),
        *[Column(h, f"m{i}", hint="", width=10) for i, h in enumerate(MONTHS, start=1)],
    ]

    def examples(self) -> list[list[Any]]:
        return [["甲党委", "规上工业产值", 2021, 50.2, 101.3, 160.0, 214.6]]

    def check_access(self, *, actor: Any, org: Organization, options: dict[str, Any]) -> None:
        super().check_access(actor=actor, org=org, options=options)
        if periods.kind_of(self._set(options).period_type) != "month":
            raise PermissionDenied(_("One column per month suits a monthly or cumulative set only."))

    def entries(self, org: Organization, iset: IndicatorSet, rows: Rows, errors: list[RowError]) -> Iterator[Entry]:
        units, inds = self._lookups(org, iset)
        ptype = iset.period_type if iset.period_type in {PeriodType.MONTH, PeriodType.YTD} else PeriodType.MONTH
        for n, row in rows:
            found = self._unit_and_indicator(n, row, units, inds, errors)
            year = row.get("year")
            if not isinstance(year, int) or not 1990 <= year <= 2100:
                errors.append(RowError(n, self.header_of("year"), _("Enter the year as a number, e.g. 2021.")))
                continue
            for m in range(1, 13):
                raw = row.get(f"m{m}")
                if raw is None or raw == "":
                    continue
                try:
                    value = self._number(raw)
                except ValueError:
                    errors.append(RowError(n, MONTHS[m - 1], _("Enter a number.")))
                    continue
                if found:
                    yield Entry(n, MONTHS[m - 1], found[0], found[1], periods.make(year, m, ptype), value, "")
