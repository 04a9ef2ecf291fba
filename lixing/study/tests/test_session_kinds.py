import importlib

from django.apps import apps

from lixing.study.defaults import DEFAULT_KINDS
from lixing.study.models import PointRule, SessionKind

seed_migration = importlib.import_module("lixing.study.migrations.0002_default_kinds_and_rules")


def _seed_afresh():
    # Run the migration's own function on empty tables (a flush elsewhere may have emptied them).
    SessionKind.objects.all().delete()
    PointRule.objects.all().delete()
    seed_migration.seed(apps, None)


def test_the_default_kinds_are_seeded_by_the_migration(db):
    _seed_afresh()
    names = dict(SessionKind.objects.values_list("code", "name"))
    assert names == {code: name for code, name, *_ in DEFAULT_KINDS}
    assert names["party_day"] == "主题党日"
    assert set(SessionKind.objects.filter(is_lecture=True).values_list("code", flat=True)) == {
        "special_lecture",
        "workshop_lecture",
    }


def test_points_rules_with_daily_caps_are_seeded(db):
    _seed_afresh()
    assert {r.action: (r.points, r.daily_cap) for r in PointRule.objects.all()} == {
        "checkin": (1, 2),
        "attendance": (3, 6),
        "makeup": (2, 2),
    }


def test_a_district_administrator_adds_a_kind_and_it_gets_figures(district):
    import pytest
    from django.core.exceptions import PermissionDenied

    from lixing.figures.registry import get
    from lixing.study import services

    with pytest.raises(PermissionDenied):
        services.session_kind_create(actor=district.unit_admin, code="visit", name="参观学习")
    services.session_kind_create(actor=district.district_admin, code="visit", name="参观学习")
    assert str(get("study.kind.visit").label) == "参观学习"
    assert get("study.held.visit").records is not None
