from lixing.study.defaults import DEFAULT_KINDS
from lixing.study.models import PointRule, SessionKind


def test_the_default_kinds_are_seeded_by_the_migration(db):
    names = dict(SessionKind.objects.values_list("code", "name"))
    assert names == {code: name for code, name, *_ in DEFAULT_KINDS}
    assert names["party_day"] == "主题党日"
    assert set(SessionKind.objects.filter(is_lecture=True).values_list("code", flat=True)) == {
        "special_lecture",
        "workshop_lecture",
    }


def test_points_rules_with_daily_caps_are_seeded(db):
    assert {r.action: (r.points, r.daily_cap) for r in PointRule.objects.all()} == {
        "checkin": (1, 2),
        "attendance": (3, 6),
        "makeup": (2, 2),
    }
