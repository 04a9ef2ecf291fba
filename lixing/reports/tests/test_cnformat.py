"""Chinese number formatting (lixing/common/cnformat.py): as the offices write it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from lixing.common.cnformat import cn_amount, cn_approx, cn_count, cn_date, cn_date_range, cn_parse, cn_percent


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "0"), (211, "211"), (3936, "3936"), (99999, "99999"), (120000, "12万"), (1023456, "102万余"),
     (10**8, "1亿"), (123456789, "1.2亿余"), (None, "—")],
)  # fmt: skip
def test_exact_counts_are_written_exactly_and_marked_only_when_cut(n, text):
    assert cn_count(n) == text


@pytest.mark.parametrize(
    ("n", "marker", "text"),
    [(3936, "余", "3900余"), (1100, "余", "1100"), (134, "多", "130多"), (7000, "多", "7000"), (56, "余", "56"),
     (1234567, "余", "120万余")],
)  # fmt: skip
def test_deliberate_rounding_says_so_with_yu_or_duo(n, marker, text):
    assert cn_approx(n, marker=marker) == text


def test_amounts_are_rounded_in_wan_and_yi_without_a_marker():
    assert cn_amount(21_460_000_000) == "214.6亿"
    assert cn_amount(440_000) == "44万"
    assert cn_amount(1_265_000_000, places=2) == "12.65亿"


def test_percentages_have_one_decimal_rounded_half_up():
    assert cn_percent(23 / 54) == "42.6%"
    assert cn_percent(1) == "100.0%"
    assert cn_percent(0.0005) == "0.1%"
    assert cn_percent(None) == "—"


def test_dates_are_month_and_day():
    day = datetime.date(2026, 11, 15)
    assert cn_date(day) == "11月15日"
    assert cn_date(day, year=True) == "2026年11月15日"
    assert cn_date_range(datetime.date(2026, 11, 9), day) == "11月9日至11月15日"


def test_parse_reads_back_the_range_a_written_number_stands_for():
    assert cn_parse("3936名党员") == [(3936.0, 3936.0)]
    assert cn_parse("102万余") == [(1020000.0, 1030000.0)]
    assert cn_parse("3900余名") == [(3900.0, 4000.0)]
    ((low, high),) = cn_parse("解决率42.6%")
    assert low < 23 / 54 < high


def test_english_pages_get_english_words():
    with translation.override("en"):
        assert cn_count(1023456) == "over 102 ten-thousand"
        assert cn_date(datetime.date(2026, 11, 15)) == "11/15 (month and day)" or "11" in cn_date(
            datetime.date(2026, 11, 15)
        )
