from __future__ import annotations

import datetime

import pytest

from lixing.figures.periods import Period
from lixing.orgs.rollups import buckets_for


@pytest.mark.parametrize(
    ("raw", "start", "end"),
    [
        ("2021", datetime.date(2021, 1, 1), datetime.date(2021, 12, 31)),
        ("2021Q2", datetime.date(2021, 4, 1), datetime.date(2021, 6, 30)),
        ("2021Q4", datetime.date(2021, 10, 1), datetime.date(2021, 12, 31)),
        ("2024-02", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
        ("2021W15", datetime.date(2021, 4, 12), datetime.date(2021, 4, 18)),
    ],
)
def test_periods_parse_to_their_calendar_range(raw, start, end):
    period = Period.parse(raw)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("raw", ["2021Q5", "2021-13", "2021W60", "last week", "21"])
def test_unknown_periods_are_refused(raw):
    with pytest.raises(ValueError):
        Period.parse(raw)


def test_every_day_falls_in_the_buckets_of_its_periods():
    day = datetime.date(2021, 4, 15)
    buckets = buckets_for(day)
    for bucket in buckets:
        assert Period.parse(bucket).contains(day)
    assert buckets == ["all", "2021", "2021Q2", "2021-04", "2021W15"]


def test_a_year_trend_has_twelve_months():
    steps = Period.parse("2021").steps()
    assert [s.bucket for s in steps][:2] == ["2021-01", "2021-02"]
    assert len(steps) == 12


def test_a_month_trend_covers_every_day_of_the_month():
    month = Period.parse("2021-05")
    weeks = month.steps()
    assert month.start is not None and month.end is not None
    day = month.start
    while day <= month.end:
        assert any(w.contains(day) for w in weeks)
        day += datetime.timedelta(days=1)
