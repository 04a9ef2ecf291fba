"""The roster importer: every bad row reported in Chinese, counts, re-import, all or nothing."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lixing.accounts.models import AuditLog
from lixing.imports import pipeline
from lixing.imports.registry import Outcome
from lixing.imports.services import import_run
from lixing.orgs import roster
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member, MemberStatus, Transfer
from lixing.orgs.rollups import rollup_rebuild
from lixing.orgs.selectors import org_tree
from lixing.orgs.tests.roster_files import roster_row, roster_xlsx

pytestmark = pytest.mark.django_db


def run(district: Any, rows: list[dict[str, Any]], *, dry_run: bool = False, org: Any = None) -> Outcome:
    return import_run(actor=district.district_admin, kind="members", org=org or district.root,
                      source=io.BytesIO(roster_xlsx(rows)), dry_run=dry_run, name="t.xlsx")  # fmt: skip


def errors_of(outcome: Outcome) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in outcome.errors]


def test_a_valid_file_creates_members_with_audit_rows_and_counters(district: Any) -> None:
    before = org_tree(actor=SYSTEM, root=district.root, max_depth=0).members
    rows = [roster_row(i, "甲一支部") for i in range(3)] + [roster_row(3, "乙一支部", 转正日期=None)]
    outcome = run(district, rows)
    assert (outcome.create, outcome.update, outcome.skip, outcome.errors) == (4, 0, 0, [])
    m = Member.objects.get(id_number=rows[3]["公民身份号码"])
    assert m.org == district.branch_b1 and m.status == MemberStatus.PROBATIONARY
    assert m.birth_date == rows[3]["出生日期"] and m.education == "university" and m.category == "in_service"
    assert AuditLog.objects.filter(action="member.create", object_id=str(m.pk)).count() == 1
    assert AuditLog.objects.filter(action="import.members").count() == 1
    assert org_tree(actor=SYSTEM, root=district.root, max_depth=0).members == before + 4
    # The incremental counters agree with a recount from the records.
    counts = {n.org.pk: n.members for n in org_tree(actor=SYSTEM, root=district.root, max_depth=3).children}
    rollup_rebuild()
    assert counts == {n.org.pk: n.members for n in org_tree(actor=SYSTEM, root=district.root, max_depth=3).children}


def test_reimporting_the_same_file_changes_nothing(district: Any) -> None:
    rows = [roster_row(i, "甲一支部") for i in range(5)]
    run(district, rows)
    member_rows = AuditLog.objects.filter(action__startswith="member.").count()
    again = run(district, rows)
    assert (again.create, again.update, again.skip) == (0, 0, 5)
    assert AuditLog.objects.filter(action__startswith="member.").count() == member_rows


def test_a_changed_row_updates_with_before_and_after_and_a_moved_row_is_a_transfer(district: Any) -> None:
    rows = [roster_row(i, "甲一支部") for i in range(2)]
    run(district, rows)
    rows[0]["联系电话"] = "13900001111"
    rows[1]["所在党组织"] = "甲二支部"
    outcome = run(district, rows)
    assert (outcome.create, outcome.update, outcome.skip) == (0, 2, 0)
    m0 = Member.objects.get(id_number=rows[0]["公民身份号码"])
    entry = AuditLog.objects.get(action="member.update", object_id=str(m0.pk))
    # The audit log keeps that the phone changed, masked (personal data never enters it in full).
    assert entry.after == {"phone": "139****1111"} and entry.before is not None and "****" in entry.before["phone"]
    m1 = Member.objects.get(id_number=rows[1]["公民身份号码"])
    assert m1.org == district.branch_a2
    assert Transfer.objects.filter(member=m1, from_org=district.branch_a1, to_org=district.branch_a2).exists()


@pytest.mark.parametrize(
    ("override", "header", "fragment"),
    [
        ({"公民身份号码": "33020619800101001X"}, "公民身份号码", "校验码"),
        ({"公民身份号码": "3302061980"}, "公民身份号码", "18"),
        ({"出生日期": datetime.date(1970, 1, 1)}, "出生日期", "不一致"),
        ({"性别": "错"}, "性别", "男"),
        ({"所在党组织": "不存在的支部"}, "所在党组织", "不存在的支部"),
        ({"入党日期": "2021-13-45"}, "入党日期", "日期"),
        ({"入党日期": None}, "入党日期", "入党日期"),
        ({"转正日期": datetime.date(2009, 1, 1)}, "转正日期", "早于"),
        ({"联系电话": "12345"}, "联系电话", "电话"),
        ({"学历": "幼儿园"}, "学历", "大学本科"),
        ({"是否流动党员": "也许"}, "是否流动党员", "是"),
        ({"所在党组织": "测试区党工委"}, "所在党组织", "支部"),
    ],
)
def test_each_bad_cell_is_reported_with_row_header_and_a_chinese_message(
    district: Any, override: dict[str, Any], header: str, fragment: str
) -> None:
    rows = [roster_row(0, "甲一支部"), roster_row(1, "甲一支部", **override)]
    outcome = run(district, rows)
    assert [(e.row, e.column) for e in outcome.errors] == [(3, header)], errors_of(outcome)
    assert fragment in outcome.errors[0].message, outcome.errors[0].message
    assert not Member.objects.filter(id_number=rows[0]["公民身份号码"]).exists(), "nothing is written"


def test_the_gender_must_agree_with_the_id_number(district: Any) -> None:
    row = roster_row(1, "甲一支部")
    row["性别"] = "女" if row["性别"] == "男" else "男"
    outcome = run(district, [row])
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "性别")]
    assert "身份" in outcome.errors[0].message


def test_a_duplicate_id_number_within_the_file_names_the_first_row(district: Any) -> None:
    rows = [roster_row(0, "甲一支部"), roster_row(1, "甲一支部"), roster_row(0, "甲二支部")]
    outcome = run(district, rows)
    assert errors_of(outcome) == [(4, "公民身份号码", "该公民身份号码与第2行重复。")]


def test_a_member_outside_the_import_scope_is_refused_not_moved(district: Any) -> None:
    outsider = district.b1_members[1]
    row = roster_row(0, "甲一支部", 公民身份号码=outsider.id_number, 出生日期=outsider.birth_date,
                     性别="男" if outsider.gender == "M" else "女")  # fmt: skip
    outcome = import_run(actor=district.unit_admin, kind="members", org=district.committee_a,
                         source=io.BytesIO(roster_xlsx([row])))  # fmt: skip
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "公民身份号码")]
    outsider.refresh_from_db()
    assert outsider.org == district.branch_b1


def test_a_short_name_finds_the_org_and_an_org_outside_the_scope_is_unknown(district: Any) -> None:
    district.branch_a1.short_name = "甲一"
    district.branch_a1.save(update_fields=["short_name"])
    ok = import_run(actor=district.unit_admin, kind="members", org=district.committee_a,
                    source=io.BytesIO(roster_xlsx([roster_row(0, "甲一"), roster_row(1, "乙一支部")])))  # fmt: skip
    assert [(e.row, e.column) for e in ok.errors] == [(3, "所在党组织")]


def test_only_structure_holders_may_import(district: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_run(actor=district.secretary, kind="members", org=district.branch_a1,
                   source=io.BytesIO(roster_xlsx([roster_row(0, "甲一支部")])))  # fmt: skip


def test_the_command_prints_row_errors_and_exits_non_zero(district: Any, tmp_path: Any, capsys: Any) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(roster_xlsx([roster_row(0, "甲一支部"), roster_row(1, "甲一支部", 性别="?")]))
    with pytest.raises(CommandError, match="errors=1"):
        call_command("import_members", str(path), "--org", str(district.root.pk))
    assert "第3行 性别" in capsys.readouterr().err
    assert not Member.objects.filter(name="导入0").exists()


def test_the_command_dry_run_writes_nothing_and_the_real_run_imports(district: Any, tmp_path: Any,
                                                                     capsys: Any) -> None:  # fmt: skip
    path = tmp_path / "ok.xlsx"
    path.write_bytes(roster_xlsx([roster_row(i, "甲一支部") for i in range(3)]))
    call_command("import_members", str(path), "--org", str(district.root.pk), "--dry-run")
    assert "create=3" in capsys.readouterr().out
    assert not Member.objects.filter(name="导入0").exists()
    call_command("import_members", str(path), "--org", str(district.root.pk), "--user", "district_admin")
    assert Member.objects.filter(name__startswith="导入").count() == 3
    assert AuditLog.objects.filter(action="member.create", actor=district.district_admin).count() == 3


def test_the_command_as_a_user_is_scoped(district: Any, tmp_path: Any) -> None:
    path = tmp_path / "ok.xlsx"
    path.write_bytes(roster_xlsx([roster_row(0, "乙一支部")]))
    with pytest.raises(CommandError):
        call_command("import_members", str(path), "--org", str(district.committee_b.pk), "--user", "unit_admin")


def test_the_audit_log_holds_personal_data_masked(district: Any, client: Any) -> None:
    row = roster_row(0, "甲一支部")
    run(district, [row])
    m = Member.objects.get(id_number=row["公民身份号码"])
    entry = AuditLog.objects.get(action="member.create", object_id=str(m.pk))
    assert entry.after is not None
    assert entry.after["id_number"] == m.id_number[:6] + "********" + m.id_number[-4:]
    assert entry.after["phone"] == m.phone[:3] + "****" + m.phone[-4:] and entry.after["name"] == m.name
    client.force_login(district.auditor)
    page = client.get("/accounts/audit/").content.decode()
    assert entry.after["id_number"] in page and m.id_number not in page and m.phone not in page


@pytest.mark.parametrize("read_ahead", [0, 1], ids=["in-process", "read-ahead process"])
def test_a_big_file_parsed_in_a_second_process_imports_the_same(
    district: Any, settings: Any, monkeypatch: Any, read_ahead: int
) -> None:
    settings.LIXING_IMPORT_READ_AHEAD_ROWS = read_ahead  # 1: every file counts as big
    forked: list[bool] = []

    def spy(items: Any, *, enabled: bool, **kwargs: Any) -> Any:
        forked.append(enabled)
        return pipeline.read_ahead(items, enabled=enabled, **kwargs)

    monkeypatch.setattr(roster, "read_ahead", spy)
    rows = [roster_row(i, "甲一支部" if i % 2 else "甲二支部") for i in range(30)]
    bad = [*rows[:10], {**rows[10], "公民身份号码": "3302061980"}, *rows[11:]]
    before, audited = Member.objects.count(), AuditLog.objects.filter(action="member.create").count()
    failed = run(district, bad)
    assert [(e.row, e.column) for e in failed.errors] == [(12, "公民身份号码")] and Member.objects.count() == before
    outcome = run(district, rows)
    assert (outcome.create, outcome.update, outcome.skip, outcome.errors) == (30, 0, 0, [])
    assert Member.objects.count() == before + 30
    assert AuditLog.objects.filter(action="member.create").count() == audited + 30
    counts = {n.org.pk: n.members for n in org_tree(actor=SYSTEM, root=district.root, max_depth=3).children}
    rollup_rebuild()
    assert counts == {n.org.pk: n.members for n in org_tree(actor=SYSTEM, root=district.root, max_depth=3).children}
    again = run(district, rows)
    assert (again.create, again.update, again.skip) == (0, 0, 30)
    assert forked == [bool(read_ahead)] * 3


def test_full_width_digits_in_the_file_are_stored_normalised_and_match_the_member_already_there(
    district: Any,
) -> None:
    full_width = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
    row = roster_row(0, "甲一支部")
    number = row["公民身份号码"]
    outcome = run(
        district, [{**row, "公民身份号码": " " + number.translate(full_width), "联系电话": "１３９ ００００ １１１１"}]
    )
    assert (outcome.create, outcome.errors) == (1, [])
    m = Member.objects.get(name=row["姓名"])
    assert (m.id_number, m.phone) == (number, "13900001111")
    again = run(district, [{**row, "公民身份号码": number.lower(), "联系电话": "13900001111"}])
    assert (again.create, again.update, again.skip) == (0, 0, 1), "the same person, not a second one"


def test_digits_of_another_script_in_the_file_are_a_row_error(district: Any) -> None:
    row = roster_row(0, "甲一支部")
    arabic = row["公民身份号码"].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    outcome = run(district, [{**row, "公民身份号码": arabic}])
    assert [e.column for e in outcome.errors] == ["公民身份号码"] and outcome.create == 0
