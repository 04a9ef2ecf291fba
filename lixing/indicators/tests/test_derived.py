"""同比, 环比, year to date and progress against hand-computed values — pure functions."""

from decimal import Decimal as D

from django.utils import translation

from lixing.indicators.derived import derive, growth, growth_words, progress, year_sum
from lixing.indicators.models import Aggregation, PeriodType
from lixing.indicators.words import amount_words, headline


def test_growth_is_the_change_over_the_prior_value():
    assert growth(D("214.6"), D("181.1")) == (D("214.6") - D("181.1")) / D("181.1")
    rate = growth(D("214.6"), D("181.1"))
    assert rate is not None and round(rate, 4) == D("0.1850")


def test_a_missing_or_zero_prior_gives_no_growth_rather_than_zero_or_infinity():
    assert growth(D(10), None) is None
    assert growth(D(10), D(0)) is None
    assert growth(None, D(10)) is None


def test_negative_growth_says_down():
    with translation.override("zh-hans"):
        assert growth_words(growth(D(90), D(100))) == "同比下降10.0%"
        assert growth_words(growth(D("214.6"), D("181.1"))) == "同比增长18.5%"
        assert growth_words(None) == "—"
        assert growth_words(D("-0.05"), basis="mom") == "环比下降5.0%"


def test_progress_against_target_and_year_sum_need_all_their_inputs():
    assert progress(D(300), D(1200)) == D("0.25")
    assert progress(D(300), None) is None
    assert year_sum([D(1), D(2), D(3)]) == D(6)
    assert year_sum([D(1), None, D(3)]) is None


def test_a_monthly_indicator_derives_yoy_mom_ytd_and_progress():
    series = {"2021-01": D(100), "2021-02": D(110), "2021-03": D(121), "2020-01": D(80), "2020-02": D(100),
              "2020-03": D(110)}  # fmt: skip
    r = derive(period="2021-03", period_type=PeriodType.MONTH, aggregation=Aggregation.SUM, series=series,
               target=D(1324))  # fmt: skip
    assert r.value == D(121)
    assert r.yoy.value == D("0.1")  # 121 against 110
    assert r.mom.value == D("0.1")  # 121 against 110 in February
    assert r.ytd.value == D(331)
    assert r.ytd_yoy.value == (D(331) - D(290)) / D(290)
    assert r.target_progress.value == D(331) / D(1324)
    assert [v for _label, v in r.yoy.inputs] == [D(121), D(110)]
    assert [v for _label, v in r.ytd.inputs] == [D(100), D(110), D(121)]


def test_a_missing_month_makes_the_year_to_date_a_dash_not_a_partial_sum():
    series = {"2021-01": D(100), "2021-03": D(121)}
    r = derive(period="2021-03", period_type=PeriodType.MONTH, aggregation=Aggregation.SUM, series=series,
               target=D(1000))  # fmt: skip
    assert r.ytd.value is None and r.target_progress.value is None
    assert r.yoy.value is None and r.mom.value is None  # no March 2020, no February 2021


def test_a_cumulative_indicator_takes_the_month_as_the_difference_of_two_totals():
    series = {"2021-04": D("214.6"), "2021-03": D("160.0"), "2021-02": D("100.0"), "2020-04": D("181.1")}
    r = derive(period="2021-04", period_type=PeriodType.YTD, aggregation=Aggregation.SUM, series=series,
               target=D(500))  # fmt: skip
    assert r.month_value.value == D("54.6")
    assert r.mom.value == (D("54.6") - D(60)) / D(60)
    assert r.ytd.value == D("214.6")
    assert r.yoy.value is not None and round(r.yoy.value, 3) == D("0.185")
    assert r.target_progress.value == D("214.6") / D(500)


def test_january_of_a_cumulative_indicator_is_its_own_month():
    r = derive(period="2021-01", period_type=PeriodType.YTD, aggregation=Aggregation.SUM,
               series={"2021-01": D(50)}, target=None)  # fmt: skip
    assert r.month_value.value == D(50) and r.mom.value is None


def test_a_quarter_compares_with_the_previous_quarter_across_the_year():
    series = {"2021Q1": D(100), "2020Q4": D(125), "2020Q1": D(80)}
    r = derive(period="2021Q1", period_type=PeriodType.QUARTER, aggregation=Aggregation.SUM, series=series,
               target=None)  # fmt: skip
    assert r.mom.value == D("-0.2") and r.yoy.value == D("0.25") and r.ytd.value == D(100)


def test_the_headline_reads_like_the_seeds():
    with translation.override("zh-hans"):
        assert headline(when="1-4月", org="该区", name="规上工业产值", value=D("214.6"), unit="亿元",
                        yoy=D("0.185")) == "1-4月，该区完成规上工业产值214.6亿元，同比增长18.5%"  # fmt: skip
        assert amount_words(D("201400"), "万元") == "20.1亿元"
        assert headline(when="4月", org="该区", name="固定资产投资", value=D(9), unit="亿元",
                        yoy=D("-0.032")) == "4月，该区完成固定资产投资9亿元，同比下降3.2%"  # fmt: skip
