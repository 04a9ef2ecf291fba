"""The indicators API: units that report from their own systems read and write values."""

import json

from lixing.indicators.models import IndicatorValue

from .conftest import put


def _put(client, data):
    return client.put("/api/v1/indicators/values", json.dumps(data), content_type="application/json")


def test_a_unit_writes_and_reads_its_values_over_the_api(district, econ):
    c = district.client(district.secretary)
    resp = _put(c, {"indicator": "output", "org_id": district.branch_a1.pk, "period": "2021-04", "value": "12.5"})
    assert resp.status_code == 200, resp.content
    assert resp.json()["value"] == "12.5000" and resp.json()["status"] == "entered"
    rows = c.get(f"/api/v1/indicators/sets/{econ.set.pk}/values?org={district.branch_a1.pk}").json()
    assert [(r["indicator"], r["period"]) for r in rows] == [("output", "2021-04")]


def test_the_api_refuses_with_documented_errors(district, econ):
    c = district.client(district.secretary)
    outside = _put(c, {"indicator": "output", "org_id": district.branch_b1.pk, "period": "2021-04", "value": 1})
    assert outside.status_code == 404
    bad_period = _put(c, {"indicator": "output", "org_id": district.branch_a1.pk, "period": "2021Q1", "value": 1})
    assert bad_period.status_code == 400 and "period" in bad_period.json()["detail"]
    bad_type = _put(c, {"indicator": "output", "org_id": district.branch_a1.pk, "period": "2021-04", "value": "x"})
    assert bad_type.status_code == 422
    member = district.client(district.member)
    assert _put(member, {"indicator": "output", "org_id": district.branch_a1.pk, "period": "2021-04",
                         "value": 1}).status_code == 403  # fmt: skip
    assert not IndicatorValue.objects.exists()


def test_the_derived_table_carries_its_inputs(district, econ):
    put(econ.output, district.branch_a1, "2021-04", 110)
    put(econ.output, district.branch_a1, "2020-04", 100)
    c = district.client(district.district_admin)
    rows = c.get(f"/api/v1/indicators/sets/{econ.set.pk}/table?org={district.root.pk}&period=2021-04").json()
    output = next(r for r in rows if r["indicator"] == "output")
    assert output["value"] == "110" or float(output["value"]) == 110
    assert float(output["yoy"]["value"]) == 0.1
    assert [float(v) for _label, v in output["yoy"]["inputs"]] == [110, 100]
    assert output["mom"]["value"] is None
