"""Reporting rate and on-time rate equal a count of expected and received reports."""

import datetime
from decimal import Decimal as D

from django.utils import timezone

from lixing.figures.periods import Period
from lixing.indicators import selectors, services
from lixing.indicators.figures import on_time_rate, reporting_rate
from lixing.orgs.access import SYSTEM


def _at(day: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(day + "T10:00"))


def _report(econ, org, period, when):
    for ind, v in ((econ.output, 10), (econ.rate, 80), (econ.staff, 5)):
        services.value_set(actor=SYSTEM, indicator=ind, org=org, period=period, value=D(v), now=_at(when))


def test_the_rates_count_complete_and_timely_reports_of_the_expected_units(district, econ):
    _report(econ, district.branch_a1, "2021-04", "2021-05-08")  # complete, on time (due 5-10)
    _report(econ, district.branch_b1, "2021-04", "2021-05-12")  # complete, late
    services.value_set(actor=SYSTEM, indicator=econ.output, org=district.branch_a2, period="2021-04", value=1,
                       now=_at("2021-05-01"))  # one of three: not received  # fmt: skip
    status = selectors.reporting_status(actor=district.district_admin, indicator_set=econ.set, org=district.root,
                                        period="2021-04")  # fmt: skip
    assert status.due == datetime.date(2021, 5, 10)
    assert (status.expected, status.received, status.on_time) == (3, 2, 1)
    assert status.rate == 2 / 3 and status.on_time_rate == 1 / 3
    assert [u.org for u in status.missing] == [district.branch_a2]
    assert status.missing[0].received == 1


def test_a_unit_sees_the_rate_of_its_own_subtree(district, econ):
    _report(econ, district.branch_a1, "2021-04", "2021-05-08")
    status = selectors.reporting_status(actor=district.unit_admin, indicator_set=econ.set, org=district.committee_a,
                                        period="2021-04")  # fmt: skip
    assert (status.expected, status.received) == (2, 1)
    assert [u.org for u in status.missing] == [district.branch_a2]


def test_the_figures_read_the_period_now_being_reported(district, econ, monkeypatch):
    monkeypatch.setattr("lixing.indicators.figures.today", lambda: datetime.date(2021, 5, 20))
    _report(econ, district.branch_a1, "2021-04", "2021-05-08")
    _report(econ, district.branch_b1, "2021-04", "2021-05-15")
    value = reporting_rate(district.district_admin, district.root, Period.parse("2021"))
    assert (value.numerator, value.denominator) == (2, 3)
    timely = on_time_rate(district.district_admin, district.root, Period.parse("2021"))
    assert (timely.numerator, timely.denominator) == (1, 3)
