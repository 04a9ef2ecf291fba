"""The demo season: realistic, non-trivial coverage, and figures equal to a hand count."""

import datetime
import random

from conftest import make_member
from lixing.common.demo import DemoContext
from lixing.figures.periods import Period
from lixing.figures.registry import get
from lixing.figures.selectors import figure_records, figure_values
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member, Organization, OrgKind
from lixing.orgs.rollups import rollup_rebuild
from lixing.orgs.services import org_create
from lixing.study.demo import _build
from lixing.study.models import Attendance, StudySession


def test_the_demo_season_gives_non_trivial_coverage_equal_to_a_hand_count(district, kinds):
    for i in range(10):  # more branches so that some lag
        b = org_create(actor=SYSTEM, parent=district.committee_b, name=f"乙{i + 2}支部", kind=OrgKind.BRANCH)
        for j in range(3):
            make_member(b, f"乙{i + 2}-{j}")
    ctx = DemoContext(preset="district", rng=random.Random(7), root_id=district.root.pk,
                      today=datetime.date(2021, 6, 30))  # fmt: skip
    _build(ctx, district.root)
    rollup_rebuild(sources=["orgs", "study"])
    period = Period.parse("2021")
    values = figure_values(actor=SYSTEM, orgs=[district.root], period=period)[district.root.pk]
    branches = Organization.objects.filter(kind=OrgKind.BRANCH)
    held = {b.pk for b in branches if StudySession.objects.filter(unit=b, kinds__code="party_day",
                                                                  date__year=2021).exists()}  # fmt: skip
    v = values["study.held.party_day"]
    assert (v.numerator, v.denominator) == (len(held), branches.count())
    assert v.numerator is not None and v.denominator is not None
    assert 0 < v.numerator < v.denominator  # some branches lag
    lagging = figure_records(actor=SYSTEM, org=district.root, period=period, key="study.held.party_day")
    assert {o.pk for o in lagging} == {b.pk for b in branches} - held
    attended = set(Attendance.objects.filter(session__date__year=2021).values_list("member_id", flat=True))
    a = values["study.attended_n"]
    assert (a.numerator, a.denominator) == (len(attended), Member.objects.count())
    assert (values["study.online_viewers"].value or 0) >= 1000
    assert (values["study.readings.coverage"].value or 0) > 1
    assert (values["study.lectures.division"].value or 0) > 0
    assert (values["study.lectures.branch_secretary"].value or 0) > 0
    assert (values["study.kind.outreach_talk"].value or 0) > 0
    assert get("study.held.party_day").records is not None
