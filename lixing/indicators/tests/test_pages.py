"""The indicator pages: the table with derived numbers and their inputs, entering values,
the reporting status with approval — scoped, with pinned query counts."""

from decimal import Decimal as D

from django.utils import translation

from lixing.indicators.models import IndicatorValue, ValueStatus

from .conftest import put


def _fill(district, econ):
    for org, cur, prior in ((district.branch_a1, 110, 100), (district.branch_a2, 45, 50), (district.branch_b1, 20, 20)):
        put(econ.output, org, "2021-04", cur)
        put(econ.output, org, "2020-04", prior)
    put(econ.output, district.branch_a1, "2021-03", 100)


def test_the_office_sees_subtree_values_with_yoy_and_its_inputs(district, econ, django_assert_num_queries):
    _fill(district, econ)
    c = district.client(district.district_admin)
    url = f"/indicators/{econ.set.pk}/?org={district.root.pk}&period=2021-04"
    c.get(url)
    with django_assert_num_queries(9):
        resp = c.get(url)
    html = resp.content.decode()
    assert resp.status_code == 200
    # 175 against 170: +2.9%; the inputs are shown beside it.
    assert "同比增长2.9%" in html and "2021年4月 175" in html and "2020年4月 170" in html
    assert "甲党委" in html and "同比下降" not in html.split('id="by-unit"')[0]
    # Committee A: 155 against 150; a missing prior month for the district is "—".
    assert "155" in html.split('id="by-unit"')[1]


def test_negative_growth_is_said_as_down_on_the_unit_page(district, econ):
    _fill(district, econ)
    c = district.client(district.unit_admin)
    html = c.get(f"/indicators/{econ.set.pk}/?org={district.branch_a2.pk}&period=2021-04").content.decode()
    assert "同比下降10.0%" in html


def test_someone_without_access_to_the_unit_sees_nothing(district, econ):
    _fill(district, econ)
    c = district.client(district.other_member)
    assert c.get(f"/indicators/{econ.set.pk}/?org={district.branch_a1.pk}&period=2021-04").status_code == 404


def test_a_secretary_enters_the_branchs_values_on_the_form(district, econ):
    c = district.client(district.secretary)
    url = f"/indicators/{econ.set.pk}/entry/?org={district.branch_a1.pk}&period=2021-04"
    assert c.get(url).status_code == 200
    resp = c.post(url, {f"v{econ.output.pk}": "12.5", f"c{econ.output.pk}": "", f"v{econ.rate.pk}": "88",
                        f"v{econ.staff.pk}": ""})  # fmt: skip
    assert resp.status_code == 302
    assert IndicatorValue.objects.get(indicator=econ.output).value == D("12.5")
    assert c.post(url, {f"v{econ.output.pk}": "12.5"}).status_code == 302  # twice: still one record
    assert IndicatorValue.objects.filter(indicator=econ.output).count() == 1
    other = f"/indicators/{econ.set.pk}/entry/?org={district.branch_b1.pk}&period=2021-04"
    assert c.get(other).status_code == 404


def test_a_refused_value_is_explained_on_the_form(district, econ):
    c = district.client(district.secretary)
    url = f"/indicators/{econ.set.pk}/entry/?org={district.branch_a1.pk}&period=2021-04"
    with translation.override("zh-hans"):
        resp = c.post(url, {f"v{econ.rate.pk}": "130"})
    assert resp.status_code == 200 and not IndicatorValue.objects.exists()


def test_the_level_above_approves_on_the_status_page(district, econ, django_assert_num_queries):
    put(econ.output, district.branch_a1, "2021-04", 5)
    c = district.client(district.unit_admin)
    url = f"/indicators/{econ.set.pk}/status/?org={district.committee_a.pk}&period=2021-04"
    c.get(url)
    with django_assert_num_queries(9):
        html = c.get(url).content.decode()
    assert "甲二支部" in html.split('id="missing"')[1].split("</ul>")[0]
    resp = c.post(f"/indicators/{econ.set.pk}/approve/", {"org": district.branch_a1.pk, "period": "2021-04"})
    assert resp.status_code == 302
    assert IndicatorValue.objects.get().status == ValueStatus.APPROVED
    secretary = district.client(district.secretary)
    assert secretary.post(f"/indicators/{econ.set.pk}/unlock/", {"org": district.branch_a1.pk, "period": "2021-04",
                                                                 "reason": "x"}).status_code == 403  # fmt: skip
    c.post(f"/indicators/{econ.set.pk}/unlock/", {"org": district.branch_a1.pk, "period": "2021-04", "reason": "更正"})
    assert IndicatorValue.objects.get().status == ValueStatus.ENTERED
