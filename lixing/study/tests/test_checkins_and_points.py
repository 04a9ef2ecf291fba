"""Personal study: check-ins and a points ledger with daily caps, shown to the member only."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lixing.orgs.access import SYSTEM
from lixing.study import selectors, services
from lixing.study.counters import CHECKINS
from lixing.study.models import PointEntry

from .conftest import make_session, total


def test_a_member_checks_in_and_earns_points_up_to_the_daily_cap(district, kinds):
    for i in range(3):
        services.checkin_create(actor=district.member, material=f"《中国共产党简史》第{i + 1}章", note="有收获")
    assert selectors.my_points(actor=district.member).total == 2  # 1 point each, capped at 2 a day
    assert total(district.root, CHECKINS) == 3
    assert len(selectors.my_checkins(actor=district.member)) == 3


def test_attending_and_making_up_earn_points_within_their_caps(district, kinds):
    sessions = [make_session(district.branch_a1, topic=f"第{i}次") for i in range(3)]
    for s in sessions:
        services.attendance_sign_in(actor=district.member, session=s, code=services.signin_code(s))
    assert selectors.my_points(actor=district.member).total == 6  # 3 each, capped at 6 a day
    services.absence_make_up(actor=district.other_member, session=make_session(district.branch_b1),
                             member=district.b1_members[0], note="自学材料")  # fmt: skip
    assert selectors.my_points(actor=district.other_member).total == 2


def test_a_checkin_needs_a_member_and_a_material(district):
    with pytest.raises(PermissionDenied):
        services.checkin_create(actor=district.unit_admin, material="x")
    page = district.client(district.member).post(reverse("study:checkin"), {"material": ""})
    assert page.status_code == 302
    assert not PointEntry.objects.exists()


def test_points_are_shown_to_the_member_only(district, kinds):
    services.checkin_create(actor=district.member, material="党史故事100讲")
    mine = district.client(district.member).get(reverse("study:me"))
    assert mine.status_code == 200 and 'id="my-points">1<' in mine.text
    other = district.client(district.other_member).get(reverse("study:me"))
    assert 'id="my-points">0<' in other.text
    api = district.client(district.member).get("/api/v1/study/me/points")
    assert api.json() == {"total": 1}


def test_nothing_ranks_people_by_points_check_ins_or_minutes(district, kinds):
    """National rules: no page, export, API or figure ranks people by points or check-ins."""
    from lixing.api.urls import api
    from lixing.figures.registry import Group, all_figures

    # Every study figure about check-ins or points is not comparable, and lists no people.
    personal = [f for f in all_figures(Group.STUDY) if any(w in f.key for w in ("checkin", "point", "minute"))]
    assert personal, "the check-in figure must exist for this guard to mean anything"
    for f in personal:
        assert f.comparable is False, f.key
        assert f.records is None, f.key
    # No API path exposes points except the caller's own.
    paths = api.get_openapi_schema()["paths"]
    point_paths = [p for p in paths if "point" in p]
    assert point_paths == ["/api/v1/study/me/points"]
    # No page lists members with their points: give two members points and look at every
    # study page an administrator can open.
    services.checkin_create(actor=district.member, material="a")
    services.checkin_create(actor=district.member, material="b")
    s = make_session(district.branch_a1)
    services.attendance_tick(actor=SYSTEM, session=s, members=district.a1_members)
    admin = district.client(district.district_admin)
    for url in [reverse("study:index"), reverse("study:session", args=[s.pk]), reverse("study:readings"),
                f"{reverse('figures:tiles')}?org={district.root.pk}"]:  # fmt: skip
        text = admin.get(url).text.split("<main", 1)[-1]
        assert not re.search("积分(?!规则)", text) and "my-points" not in text, url
    # The points ledger is read only through my_points, which takes no member argument.
    import inspect

    assert list(inspect.signature(selectors.my_points).parameters) == ["actor", "limit"]
