"""The office defines a set and its indicators on pages; units below cannot define at the top."""

from lixing.indicators.models import Aggregation, Indicator, IndicatorSet


def test_the_office_defines_a_set_with_its_reporting_units_and_indicators(district):
    c = district.client(district.district_admin)
    assert c.get("/indicators/").status_code == 200
    resp = c.post(f"/indicators/new/?org={district.root.pk}", {
        "name": "主要经济指标", "period_type": "ytd", "due_days": 10,
        "reporting_orgs": [district.committee_a.pk, district.committee_b.pk],
    })  # fmt: skip
    assert resp.status_code == 302, resp.content.decode()[:500]
    iset = IndicatorSet.objects.get()
    assert set(iset.reporting_orgs.all()) == {district.committee_a, district.committee_b}
    url = f"/indicators/{iset.pk}/indicators/new/"
    assert c.post(url, {"code": "output", "name": "规上工业产值", "unit": "亿元", "aggregation": "sum",
                        "higher_is_better": "on", "annual_target": "600"}).status_code == 302  # fmt: skip
    refused = c.post(url, {"code": "rate", "name": "产能利用率", "unit": "%", "aggregation": "weighted"})
    assert refused.status_code == 200 and not Indicator.objects.filter(code="rate").exists()
    output = Indicator.objects.get(code="output")
    assert c.post(url, {"code": "rate", "name": "产能利用率", "unit": "%", "aggregation": "weighted",
                        "weight": output.pk}).status_code == 302  # fmt: skip
    assert Indicator.objects.get(code="rate").aggregation == Aggregation.WEIGHTED


def test_a_unit_cannot_define_a_set_for_the_district(district):
    c = district.client(district.unit_admin)
    assert c.get(f"/indicators/new/?org={district.root.pk}").status_code == 404
    assert c.get(f"/indicators/new/?org={district.committee_a.pk}").status_code == 200
    assert district.client(district.secretary).get(f"/indicators/new/?org={district.branch_a1.pk}").status_code == 403
