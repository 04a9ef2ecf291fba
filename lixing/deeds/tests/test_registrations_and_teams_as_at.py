"""Stock figures count what existed at the end of the period asked for (last week's
briefing does not count what was set up this week), and "units registered" counts
distinct units, not registrations."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from lixing.deeds import services
from lixing.figures.periods import Period
from lixing.figures.registry import get
from lixing.figures.selectors import figure_records, figure_values
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Organization
from lixing.orgs.rollups import rollup_verify


def value(org: Organization, key: str, bucket: str) -> Any:
    return figure_values(actor=SYSTEM, orgs=[org], period=Period.parse(bucket), figures=[get(key)])[org.pk][key].value


def test_a_unit_registered_with_two_communities_is_one_unit(district: Any) -> None:
    services.register_unit(actor=SYSTEM, community=district.branch_b1, unit=district.branch_a1,
                           on=datetime.date(2021, 5, 10))  # fmt: skip
    services.register_unit(actor=SYSTEM, community=district.branch_a2, unit=district.branch_a1,
                           on=datetime.date(2021, 6, 2))  # fmt: skip
    assert value(district.root, "deeds.registered.units", "all") == 1
    assert value(district.committee_a, "deeds.registered.units", "all") == 1  # where the unit is
    assert value(district.committee_b, "deeds.registered.units", "all") == 0
    rows = figure_records(actor=SYSTEM, org=district.root, period=Period.parse("all"), key="deeds.registered.units")
    assert rows.count() == 2  # one row per registration, the figure counts the unit once
    assert rollup_verify() == []


def test_registrations_are_counted_as_at_the_end_of_the_period(district: Any) -> None:
    services.register_unit(actor=SYSTEM, community=district.branch_b1, unit=district.branch_a1,
                           on=datetime.date(2021, 5, 10))  # fmt: skip
    services.register_member(actor=SYSTEM, community=district.branch_b1, member=district.a1_members[3],
                             on=datetime.date(2021, 5, 20))  # fmt: skip
    assert value(district.root, "deeds.registered.units", "2021-04") == 0
    assert value(district.root, "deeds.registered.units", "2021W19") == 1  # 10 May 2021 is a Monday
    assert value(district.root, "deeds.registered.units", "2021W18") == 0
    assert value(district.root, "deeds.registered.members", "2021-05") == 1
    assert value(district.root, "deeds.registered.members", "2021W19") == 0
    assert value(district.root, "deeds.registered.members", "2021Q2") == 1
    assert value(district.root, "deeds.registered.members", "2020") == 0
    # An earlier registration of the same unit moves its first day back.
    services.register_unit(actor=SYSTEM, community=district.branch_a2, unit=district.branch_a1,
                           on=datetime.date(2021, 3, 1))  # fmt: skip
    assert value(district.root, "deeds.registered.units", "2021-04") == 1
    assert value(district.root, "deeds.registered.units", "2021") == 1
    assert rollup_verify() == []


def test_last_weeks_figure_does_not_count_a_team_set_up_this_week(district: Any) -> None:
    services.team_create(actor=SYSTEM, org=district.branch_a1, kind="station", name="党员志愿服务站")
    today = timezone.localdate()
    this_week = Period.containing(today, "week")
    last_week = Period.containing(today - datetime.timedelta(days=7), "week")
    assert value(district.root, "deeds.teams.station", this_week.bucket) == 1
    assert value(district.root, "deeds.teams.station", last_week.bucket) == 0
    assert value(district.root, "deeds.teams.station", "all") == 1
    assert not figure_records(actor=SYSTEM, org=district.root, period=last_week, key="deeds.teams.station").exists()
    assert rollup_verify() == []
