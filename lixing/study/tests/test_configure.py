"""Kinds of session and points rules are configurable by district administrators only."""

from django.urls import reverse

from lixing.figures import registry
from lixing.study.models import PointRule, SessionKind


def test_a_district_administrator_changes_a_rule_and_adds_a_kind(district, kinds):
    c = district.client(district.district_admin)
    assert c.get(reverse("study:configure")).status_code == 200
    c.post(
        reverse("study:configure"), {"form": "rule", "rule-action": "checkin", "rule-points": 2, "rule-daily_cap": 4}
    )
    assert PointRule.objects.filter(action="checkin", points=2, daily_cap=4).exists()
    c.post(reverse("study:configure"), {"form": "kind", "kind-code": "visit", "kind-name": "参观学习"})
    assert SessionKind.objects.filter(code="visit", name="参观学习").exists()
    registry._REGISTRY.pop("study.kind.visit", None)
    registry._REGISTRY.pop("study.held.visit", None)


def test_others_see_the_rules_but_cannot_change_them(district, kinds):
    c = district.client(district.unit_admin)
    page = c.get(reverse("study:configure"))
    assert page.status_code == 200 and "disabled" in page.text
    c.post(
        reverse("study:configure"), {"form": "rule", "rule-action": "checkin", "rule-points": 9, "rule-daily_cap": 9}
    )
    assert PointRule.objects.get(action="checkin").points == 1
    c.post(reverse("study:configure"), {"form": "kind", "kind-code": "x", "kind-name": "x"})
    assert not SessionKind.objects.filter(code="x").exists()
