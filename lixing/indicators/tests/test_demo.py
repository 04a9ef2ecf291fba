"""The demo's indicators: a year of cumulative monthly values and the year before, approved
but for the month now being reported, and the briefing sentence in the seeds' words for
the latest month every unit has reported."""

import datetime
import random
from decimal import Decimal as D

from django.utils import translation

from lixing.common.demo import DemoContext
from lixing.figures.periods import Period
from lixing.indicators import selectors
from lixing.indicators.demo import build_demo_indicators
from lixing.indicators.figures import headline_sentences
from lixing.indicators.models import IndicatorSet, IndicatorValue, ValueStatus
from lixing.orgs.access import SYSTEM


def test_the_demo_has_two_years_of_values_and_a_month_still_being_reported(district, monkeypatch):
    today = datetime.date(2021, 5, 20)
    monkeypatch.setattr("lixing.indicators.figures.today", lambda: today)
    build_demo_indicators(DemoContext(preset="district", rng=random.Random(3), root_id=district.root.pk, today=today))
    iset = IndicatorSet.objects.get()
    periods = set(IndicatorValue.objects.values_list("period", flat=True))
    assert {"2020-01", "2020-12", "2021-01", "2021-04"} <= periods and "2021-05" not in periods
    assert not IndicatorValue.objects.filter(period="2021-04", status=ValueStatus.APPROVED).exists()
    assert IndicatorValue.objects.filter(period="2021-03").exclude(status=ValueStatus.APPROVED).count() == 0
    table = selectors.indicator_table(actor=SYSTEM, indicator_set=iset, org=district.root, period="2021-03")
    output = next(r for r in table.rows if r.indicator.code == "industrial_output")
    mine = sum(IndicatorValue.objects.filter(indicator=output.indicator, period="2021-03").values_list("value",
                                                                                                    flat=True))  # fmt: skip
    prior = sum(IndicatorValue.objects.filter(indicator=output.indicator, period="2020-03").values_list("value",
                                                                                                     flat=True))  # fmt: skip
    assert output.reading.value == mine
    assert output.reading.yoy.value == (D(mine) - prior) / prior
    with translation.override("zh-hans"):
        sentences = headline_sentences(SYSTEM, district.root, Period.parse("2021-05"))
    assert any(s.startswith("1-3月，测试区完成规上工业产值") and "同比增长" in s for s in sentences), sentences
