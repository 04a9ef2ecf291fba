"""Tables by unit show the unit's own records (本级), so the rows add up to the total: on
the dashboard, in the table's .xlsx and in the briefing."""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
from django.urls import reverse

from lixing.figures.periods import Period
from lixing.orgs.access import SYSTEM
from lixing.reports.briefing import iter_docx_text
from lixing.reports.services import briefing_build
from lixing.study.defaults import ensure_defaults
from lixing.study.models import SessionKind
from lixing.study.services import session_create


def _sessions(district: Any) -> None:
    ensure_defaults()
    kind = SessionKind.objects.get(code="party_day")
    for unit, n in ((district.committee_a, 2), (district.branch_a1, 3), (district.branch_a2, 1)):
        for i in range(n):
            session_create(actor=SYSTEM, unit=unit, kinds=[kind], date=datetime.date(2021, 4, 1 + i),
                           topic="学党史", place="活动室")  # fmt: skip


def test_the_dashboard_table_has_an_own_level_row_and_adds_up(district: Any) -> None:
    _sessions(district)
    page = district.client(district.district_admin).get(
        reverse("reports:index"), {"org": district.committee_a.pk, "period": "2021"}
    )
    view = page.context["board"].figure("study.sessions")
    assert [c.value.value for c in view.children] == [3, 1]
    assert view.own is not None and view.own.value == 2
    assert sum(c.value.value for c in view.children) + view.own.value == view.value.value == 6
    assert "本级" in page.content.decode()


def test_the_table_download_has_the_own_level_row(district: Any) -> None:
    _sessions(district)
    resp = district.client(district.district_admin).get(
        reverse("reports:export"), {"org": district.committee_a.pk, "period": "2021", "figure": "study.sessions"}
    )
    rows = [list(r) for r in openpyxl.load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True)]
    labels = [r[0] for r in rows]
    assert "本级" in labels and labels[-1] == "合计"
    assert rows[labels.index("本级")][1] in ("2", 2)


def test_the_briefing_table_has_the_own_level_row(district: Any) -> None:
    _sessions(district)
    data, _title = briefing_build(actor=SYSTEM, org=district.committee_a, period=Period.parse("2021"))
    assert "本级" in list(iter_docx_text(data))
