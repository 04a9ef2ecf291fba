"""Roster spreadsheets for tests, written the way offices write them."""

from __future__ import annotations

import datetime
import io
from typing import Any

from openpyxl import Workbook

from lixing.common.testing import make_mobile, unique_id_number
from lixing.orgs.roster import COLUMNS


def roster_row(n: int, org: str, **overrides: Any) -> dict[str, Any]:
    """A valid row (by header) for the n-th person; ``overrides`` by header."""
    number, birth, gender = unique_id_number(n + 500_000)
    row: dict[str, Any] = {
        "姓名": f"导入{n}", "性别": "男" if gender == "M" else "女", "公民身份号码": number, "民族": "汉族",
        "出生日期": birth, "学历": "大学本科", "人员类别": "在职", "入党日期": datetime.date(2010, 7, 1),
        "转正日期": datetime.date(2011, 7, 1), "工作岗位": "职员", "联系电话": make_mobile(n + 500_000),
        "家庭住址": "宁波市北仑区", "党籍状态": "正常", "是否失联党员": "否", "是否流动党员": "否",
        "所在党组织": org, "工作单位": "某公司", "职务": "",
    }  # fmt: skip
    row.update(overrides)
    return row


def roster_xlsx(rows: list[dict[str, Any]], *, filler_rows: int = 0) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    headers = [c.header for c in COLUMNS]
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
