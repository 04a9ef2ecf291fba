from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from lixing.orgs.access import SYSTEM
from lixing.projects import services


@pytest.fixture
def projects(district: Any) -> Any:
    """The district's 2021 list: a project of branch A1 and one of branch B1."""
    a, _c = services.project_save(
        actor=SYSTEM, office=district.root, year=2021, name="石化五期", owner_unit=district.branch_a1,
        annual_plan=Decimal(1000), total_investment=Decimal(5000), lead_cadre="王建国",
    )  # fmt: skip
    b, _c = services.project_save(
        actor=SYSTEM, office=district.root, year=2021, name="码头扩建", owner_unit=district.branch_b1,
        annual_plan=Decimal(365), total_investment=Decimal(365),
    )  # fmt: skip
    return a, b


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)
