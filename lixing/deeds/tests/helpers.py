"""Small builders shared by this app's tests."""

from __future__ import annotations

import datetime
from typing import Any

from lixing.deeds import services
from lixing.deeds.models import Category, Ticket, TicketSource
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Organization
from lixing.orgs.rollups import read_totals, rollup_rebuild


def category(group: str = "public", days: int = 15, name: str | None = None) -> Category:
    cat, _ = Category.objects.get_or_create(
        name=name or {"public": "群众诉求", "enterprise": "企业难题", "grassroots": "基层减负"}[group],
        defaults={"group": group, "expected_days": days},
    )
    return cat


def public_ticket(office: Organization, **kw: Any) -> Ticket:
    data: dict[str, Any] = {
        "actor": None, "office": office, "source": TicketSource.PUBLIC, "category": category(),
        "title": "路灯不亮", "description": "小区门口路灯坏了一周", "submitter_type": "resident",
        "submitter_name": "王大妈", "submitter_phone": "13812345678",
    }  # fmt: skip
    data.update(kw)
    return services.ticket_create(**data)


def solved_ticket(office: Organization, unit: Organization, *, days: int = 3, **kw: Any) -> Ticket:
    received = kw.pop("received_on", datetime.date(2021, 4, 1))
    t = public_ticket(office, received_on=received, **kw)
    t = services.ticket_assign(actor=SYSTEM, ticket=t, unit=unit)
    return services.ticket_answer(actor=SYSTEM, ticket=t, outcome="resolved", reply="已修复",
                                  on=received + datetime.timedelta(days=days))  # fmt: skip


def counters(org_ids: list[int], prefix: str = "deeds.") -> dict[tuple[int, str, str], int]:
    from lixing.orgs.models import Rollup

    rows = Rollup.objects.filter(org_id__in=org_ids, key__startswith=prefix).values_list(
        "org_id", "key", "bucket", "total"
    )
    return {(o, k, b): v for o, k, b, v in rows if v}


def assert_counters_equal_rebuild(org_ids: list[int]) -> None:
    before = counters(org_ids)
    rollup_rebuild()
    assert counters(org_ids) == before


__all__ = ["read_totals"]
