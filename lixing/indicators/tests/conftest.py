from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook

from lixing.indicators import services
from lixing.indicators.models import Aggregation, PeriodType
from lixing.orgs.access import SYSTEM


@pytest.fixture
def econ(district: Any) -> Any:
    """A monthly set at the district office, reported by the three branches: output (sum,
    target 1200, change over 50% needs a comment), a rate averaged by output, and a headcount
    that is not aggregated."""
    iset = services.indicator_set_create(
        actor=SYSTEM, office=district.root, name="经济指标", period_type=PeriodType.MONTH, due_days=10,
        reporting_orgs=[district.branch_a1, district.branch_a2, district.branch_b1],
    )  # fmt: skip
    output = services.indicator_create(
        actor=SYSTEM, indicator_set=iset, code="output", name="规上工业产值", unit="亿元",
        annual_target=Decimal(1200), min_value=Decimal(0), max_change=Decimal("0.5"), order=1,
    )  # fmt: skip
    rate = services.indicator_create(
        actor=SYSTEM, indicator_set=iset, code="utilisation", name="产能利用率", unit="%",
        aggregation=Aggregation.WEIGHTED, weight=output, max_value=Decimal(100), order=2,
    )  # fmt: skip
    staff = services.indicator_create(
        actor=SYSTEM, indicator_set=iset, code="staff", name="在岗人数", unit="人", aggregation=Aggregation.NONE, order=3,
    )  # fmt: skip

    class Econ:
        pass

    e = Econ()
    e.set, e.output, e.rate, e.staff = iset, output, rate, staff  # type: ignore[attr-defined]
    return e


def put(indicator: Any, org: Any, period: str, value: Any, actor: Any = SYSTEM, comment: str = "") -> Any:
    return services.value_set(actor=actor, indicator=indicator, org=org, period=period, value=value, comment=comment)


def xlsx(rows: list[list[Any]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf
