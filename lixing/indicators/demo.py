"""The demo's economic indicators: a cumulative monthly set (1-N月, as the statistics office
reports) for a handful of indicators, reported by the committees, with the whole of last
year (for 同比) and this year up to the last closed month — written through the services,
so counters and audit are true. Shaped so the district's 1-4月 figures read like Daxie's
("规上工业产值214.6亿元，同比增长18.5%"). Most reports are approved; the last month is
still being entered (some units late). The province preset is skipped: bench/indicators.py
loads its values in bulk.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from lixing.common.demo import DemoContext
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Organization, OrgKind

from . import periods, services
from .models import Aggregation, PeriodType

# (code, name, unit, last year's annual district total, growth this year, target growth)
INDICATORS = [
    ("industrial_output", "规上工业产值", "亿元", Decimal("560"), Decimal("0.185"), Decimal("0.15")),
    ("retail_sales", "限上商品销售额", "亿元", Decimal("2500"), Decimal("0.601"), Decimal("0.30")),
    ("fixed_investment", "固定资产投资", "亿元", Decimal("42"), Decimal("0.472"), Decimal("0.20")),
    ("fiscal_revenue", "财政总收入", "亿元", Decimal("210"), Decimal("0.384"), Decimal("0.10")),
]


def build_demo_indicators(ctx: DemoContext) -> None:
    if ctx.preset != "district":
        return
    root = Organization.objects.get(pk=ctx.root_id)
    units = list(Organization.objects.filter(parent=root, kind=OrgKind.COMMITTEE).order_by("path")[:6])
    if not units:
        return
    iset = services.indicator_set_create(actor=SYSTEM, office=root, name="主要经济指标", period_type=PeriodType.YTD,
                                         due_days=10, reporting_orgs=units)  # fmt: skip
    inds = []
    for order, (code, name, unit, base, _growth, target_growth) in enumerate(INDICATORS):
        inds.append(services.indicator_create(
            actor=SYSTEM, indicator_set=iset, code=code, name=name, unit=unit, order=order,
            annual_target=(base * (1 + target_growth)).quantize(Decimal("0.1")), min_value=Decimal(0),
        ))  # fmt: skip
    utilisation = services.indicator_create(
        actor=SYSTEM, indicator_set=iset, code="capacity_utilisation", name="产能利用率", unit="%",
        aggregation=Aggregation.WEIGHTED, weight=inds[0], order=10, min_value=Decimal(0), max_value=Decimal(100),
    )  # fmt: skip
    shares = [Decimal(w) for w in (34, 22, 17, 12, 9, 6)][: len(units)]
    total_share = sum(shares)
    shares = [s / total_share for s in shares]
    this_year = ctx.today.year
    last_closed = periods.latest_closed(PeriodType.YTD, ctx.today)
    last_step = int(last_closed[5:]) if last_closed.startswith(str(this_year)) else 0
    now = timezone.now()
    for year, months in ((this_year - 1, 12), (this_year, last_step)):
        for m in range(1, months + 1):
            period = periods.make(year, m, PeriodType.YTD)
            due = periods.end_of(period, PeriodType.YTD) + datetime.timedelta(days=iset.due_days)
            for u_index, (unit, share) in enumerate(zip(units, shares, strict=True)):
                latest = year == this_year and m == last_step
                if latest and u_index >= len(units) - min(2, len(units) - 1):
                    continue  # the last two units have not reported yet
                late = latest and u_index == 0
                reported = timezone.make_aware(datetime.datetime.combine(due + datetime.timedelta(days=3 if late else -2),
                                                                         datetime.time(10)))  # fmt: skip
                for ind, (_c, _n, _u, base, growth, _t) in zip(inds, INDICATORS, strict=True):
                    factor = (1 + growth) if year == this_year else Decimal(1)
                    noise = Decimal(1) + Decimal(ctx.rng.randint(-30, 30)) / 1000
                    value = (base * factor * share * m / 12 * noise).quantize(Decimal("0.01"))
                    services.value_set(actor=SYSTEM, indicator=ind, org=unit, period=period, value=value,
                                       comment="", now=min(reported, now))  # fmt: skip
                services.value_set(actor=SYSTEM, indicator=utilisation, org=unit, period=period,
                                   value=Decimal(ctx.rng.randint(700, 950)) / 10, now=min(reported, now))  # fmt: skip
                if not latest:
                    services.report_approve(actor=SYSTEM, indicator_set=iset, org=unit, period=period)
    ctx.say(f"  indicators: {len(inds) + 1} indicators, {len(units)} reporting units, through {last_closed}")
