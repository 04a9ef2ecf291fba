"""Entering, approving, unlocking and revising values; subtree totals; who may do what."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from lixing.accounts.models import AuditLog
from lixing.indicators import counters, services
from lixing.indicators.models import IndicatorValue, ValueStatus
from lixing.orgs.models import Rollup
from lixing.orgs.rollups import rollup_rebuild

from .conftest import put


def _subtree(econ, org, period, ind=None):
    ind = ind or econ.output
    return counters.read_series([ind], [org.pk], [period])[(ind.pk, org.pk, period)]


def test_values_sum_up_the_tree_and_average_by_weight(district, econ):
    put(econ.output, district.branch_a1, "2021-04", "100")
    put(econ.output, district.branch_a2, "2021-04", "50.5")
    put(econ.output, district.branch_b1, "2021-04", "30")
    put(econ.rate, district.branch_a1, "2021-04", "90")
    put(econ.rate, district.branch_a2, "2021-04", "60")
    assert _subtree(econ, district.committee_a, "2021-04") == D("150.5")
    assert _subtree(econ, district.root, "2021-04") == D("180.5")
    # (90×100 + 60×50.5) ÷ 150.5
    expected = (D(90) * 100 + D(60) * D("50.5")) / D("150.5")
    assert abs(_subtree(econ, district.root, "2021-04", econ.rate) - expected) < D("0.0001")
    assert _subtree(econ, district.root, "2021-03") is None


def test_a_changed_weight_moves_the_weighted_average(district, econ):
    put(econ.output, district.branch_a1, "2021-04", 100)
    put(econ.output, district.branch_a2, "2021-04", 100)
    put(econ.rate, district.branch_a1, "2021-04", 90)
    put(econ.rate, district.branch_a2, "2021-04", 60)
    assert _subtree(econ, district.root, "2021-04", econ.rate) == D(75)
    put(econ.output, district.branch_a2, "2021-04", 300)
    assert _subtree(econ, district.root, "2021-04", econ.rate) == D(90 * 100 + 60 * 300) / 400


def test_counters_kept_on_write_equal_a_rebuild_from_the_values(district, econ):
    put(econ.output, district.branch_a1, "2021-04", "100.25")
    put(econ.output, district.branch_a1, "2021-04", "120")
    put(econ.rate, district.branch_a1, "2021-04", 80)
    put(econ.output, district.branch_b1, "2021-05", 7)
    kept = set(Rollup.objects.filter(key__startswith="indicators.").exclude(total=0, own=0)
               .values_list("org_id", "key", "bucket", "own", "total"))  # fmt: skip
    rollup_rebuild(sources=["indicators"])
    rebuilt = set(Rollup.objects.filter(key__startswith="indicators.").exclude(total=0, own=0)
                  .values_list("org_id", "key", "bucket", "own", "total"))  # fmt: skip
    assert kept == rebuilt and kept


def test_a_not_aggregated_indicator_is_read_for_the_unit_itself_only(district, econ):
    put(econ.staff, district.branch_a1, "2021-04", 12)
    assert _subtree(econ, district.branch_a1, "2021-04", econ.staff) == D(12)
    assert _subtree(econ, district.root, "2021-04", econ.staff) is None


def test_the_range_rule_refuses_a_value_out_of_range(district, econ):
    with pytest.raises(ValidationError) as exc:
        put(econ.output, district.branch_a1, "2021-04", -1)
    assert "value" in exc.value.message_dict
    with pytest.raises(ValidationError):
        put(econ.rate, district.branch_a1, "2021-04", 101)
    assert not IndicatorValue.objects.exists()


def test_a_change_beyond_the_ratio_needs_a_comment(district, econ):
    put(econ.output, district.branch_a1, "2021-03", 100)
    put(econ.output, district.branch_a1, "2021-04", 150)  # 50%: allowed
    with pytest.raises(ValidationError) as exc:
        put(econ.output, district.branch_a1, "2021-05", 226)  # 50.7% over April
    assert "comment" in exc.value.message_dict
    put(econ.output, district.branch_a1, "2021-05", 226, comment="订单集中交付")
    assert IndicatorValue.objects.get(period="2021-05").comment == "订单集中交付"


def test_a_period_of_the_wrong_type_is_refused(district, econ):
    with pytest.raises(ValidationError) as exc:
        put(econ.output, district.branch_a1, "2021Q2", 1)
    assert "period" in exc.value.message_dict


def test_a_unit_cannot_enter_values_outside_its_subtree(district, econ):
    with pytest.raises(PermissionDenied):
        put(econ.output, district.branch_b1, "2021-04", 5, actor=district.secretary)
    with pytest.raises(PermissionDenied):
        put(econ.output, district.branch_b1, "2021-04", 5, actor=district.unit_admin)
    with pytest.raises(PermissionDenied):
        put(econ.output, district.branch_a1, "2021-04", 5, actor=district.member)
    put(econ.output, district.branch_a1, "2021-04", 5, actor=district.secretary)


def test_an_organisation_that_does_not_report_the_set_cannot_enter_it(district, econ):
    with pytest.raises(ValidationError) as exc:
        put(econ.output, district.committee_a, "2021-04", 5)
    assert "org" in exc.value.message_dict


def test_the_level_above_approves_and_the_unit_itself_cannot(district, econ):
    put(econ.output, district.branch_a1, "2021-04", 100, actor=district.secretary)
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=district.secretary, indicator_set=econ.set, org=district.branch_a1,
                                period="2021-04")  # fmt: skip
    put(econ.output, district.branch_b1, "2021-04", 3)
    with pytest.raises(Http404):  # committee A's admin does not even see branch B1
        services.report_approve(actor=district.unit_admin, indicator_set=econ.set, org=district.branch_b1,
                                period="2021-04")  # fmt: skip
    n = services.report_approve(actor=district.unit_admin, indicator_set=econ.set, org=district.branch_a1,
                                period="2021-04")  # fmt: skip
    assert n == 1
    assert IndicatorValue.objects.get(org=district.branch_a1).status == ValueStatus.APPROVED


def test_revising_an_approved_value_needs_an_unlock_which_is_audited(district, econ):
    put(econ.output, district.branch_a1, "2021-04", 100, actor=district.secretary)
    services.report_approve(actor=district.unit_admin, indicator_set=econ.set, org=district.branch_a1, period="2021-04")
    with pytest.raises(ValidationError) as exc:
        put(econ.output, district.branch_a1, "2021-04", 110, actor=district.secretary)
    assert "locked" in str(exc.value) or "锁定" in str(exc.value)
    assert _subtree(econ, district.root, "2021-04") == D(100)
    with pytest.raises(ValidationError):
        services.report_unlock(actor=district.unit_admin, indicator_set=econ.set, org=district.branch_a1,
                               period="2021-04", reason=" ")  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.report_unlock(actor=district.secretary, indicator_set=econ.set, org=district.branch_a1,
                               period="2021-04", reason="统计口径调整")  # fmt: skip
    services.report_unlock(actor=district.unit_admin, indicator_set=econ.set, org=district.branch_a1,
                           period="2021-04", reason="统计口径调整")  # fmt: skip
    unlock = AuditLog.objects.get(action="indicators.report_unlock")
    assert unlock.after is not None
    assert unlock.actor == district.unit_admin and unlock.after["reason"] == "统计口径调整"
    put(econ.output, district.branch_a1, "2021-04", 110, actor=district.secretary)
    assert _subtree(econ, district.root, "2021-04") == D(110)
    revision = AuditLog.objects.filter(action="indicators.value_set").order_by("-id").first()
    assert revision is not None and revision.before is not None and revision.after is not None
    assert revision.before["value"] == "100.0000" and revision.after["value"] == "110.0000"


def test_an_unchanged_value_writes_nothing(district, econ):
    put(econ.output, district.branch_a1, "2021-04", 100)
    before = AuditLog.objects.count()
    put(econ.output, district.branch_a1, "2021-04", "100.0")
    assert AuditLog.objects.count() == before


def test_the_top_of_the_tree_is_approved_by_its_district_admin(district, econ):
    econ.set.reporting_orgs.add(district.root)
    put(econ.output, district.root, "2021-04", 1)
    with pytest.raises(Http404):  # committee A's admin does not see the district's own values
        services.report_approve(actor=district.unit_admin, indicator_set=econ.set, org=district.root, period="2021-04")
    assert services.report_approve(actor=district.district_admin, indicator_set=econ.set, org=district.root,
                                   period="2021-04") == 1  # fmt: skip
