"""Values from the office's spreadsheets: bad rows get row errors and nothing is written."""

from decimal import Decimal as D

from lixing.imports.services import import_run
from lixing.indicators.models import IndicatorValue
from lixing.orgs.access import SYSTEM

from .conftest import put, xlsx

HEAD = ["单位", "指标", "期间", "数值", "说明"]


def _run(district, econ, rows, kind="indicator_values", actor=None):
    return import_run(actor=actor or district.district_admin, kind=kind, org=district.root, source=xlsx(rows),
                      options={"set": econ.set.pk}, name="values.xlsx")  # fmt: skip


def test_a_file_with_one_row_per_unit_is_applied(district, econ):
    outcome = _run(district, econ, [HEAD, ["甲一支部", "规上工业产值", "2021-04", 100.5, ""],
                                    ["乙一支部", "output", "2021-04", "30", ""]])  # fmt: skip
    assert outcome.ok, outcome.errors
    assert outcome.create == 2
    assert IndicatorValue.objects.get(org=district.branch_a1).value == D("100.5")


def test_bad_rows_get_row_errors_and_nothing_is_half_applied(district, econ):
    put(econ.output, district.branch_a1, "2021-03", 100)
    outcome = _run(district, econ, [
        HEAD,
        ["甲二支部", "规上工业产值", "2021-04", 20, ""],      # good
        ["甲一支部", "规上工业产值", "2021-04", 300, ""],     # +200% without a comment
        ["丙支部", "规上工业产值", "2021-04", 1, ""],         # no such unit
        ["乙一支部", "规上工业产值", "2021年4月", 1, ""],      # bad period
        ["乙一支部", "产能利用率", "2021-04", "很多", ""],     # not a number
        ["乙一支部", "产能利用率", "2021-04", 120, ""],       # out of range
    ])  # fmt: skip
    assert not outcome.ok
    by_row = {(e.row, e.column) for e in outcome.errors}
    assert {(3, "数值"), (4, "单位"), (5, "期间"), (6, "数值"), (7, "数值")} <= by_row
    assert (2, "数值") not in by_row
    assert IndicatorValue.objects.count() == 1  # only March, entered before


def test_a_file_with_one_column_per_month_fills_the_year(district, econ):
    head = ["单位", "指标", "年度", *[f"{m}月" for m in range(1, 13)]]
    outcome = _run(district, econ, [head, ["甲一支部", "规上工业产值", 2021, 10, 11, 12, None, 13]],
                   kind="indicator_months")  # fmt: skip
    assert outcome.ok, outcome.errors
    assert sorted(IndicatorValue.objects.values_list("period", flat=True)) == ["2021-01", "2021-02", "2021-03",
                                                                               "2021-05"]  # fmt: skip


def test_a_unit_cannot_import_values_for_another_subtree(district, econ):
    outcome = import_run(actor=district.unit_admin, kind="indicator_values", org=district.committee_a,
                         source=xlsx([HEAD, ["乙一支部", "规上工业产值", "2021-04", 1, ""]]),
                         options={"set": econ.set.pk})  # fmt: skip
    assert not outcome.ok and outcome.errors[0].column == "单位"
    assert not IndicatorValue.objects.exists()


def test_an_approved_value_in_the_file_is_refused(district, econ):
    from lixing.indicators import services

    put(econ.output, district.branch_a1, "2021-04", 100)
    services.report_approve(actor=SYSTEM, indicator_set=econ.set, org=district.branch_a1, period="2021-04")
    outcome = _run(district, econ, [HEAD, ["甲一支部", "规上工业产值", "2021-04", 101, ""]])
    assert not outcome.ok and outcome.errors[0].row == 2
    assert IndicatorValue.objects.get().value == D(100)
