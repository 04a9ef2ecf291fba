import datetime
import random

from lixing.common.demo import DemoContext
from lixing.deeds.demo import build_demo_deeds
from lixing.deeds.models import MicroProject, ProjectPhase, ServiceTeam, Ticket
from lixing.figures.periods import Period
from lixing.figures.registry import Group, all_figures
from lixing.figures.selectors import figure_values
from lixing.orgs.access import SYSTEM

from .helpers import assert_counters_equal_rebuild


def test_the_demo_year_has_the_daxie_visit_numbers_and_every_phase(district):
    ctx = DemoContext(
        preset="district", rng=random.Random(7), root_id=district.root.pk, today=datetime.date(2021, 12, 20)
    )
    build_demo_deeds(ctx)
    values = figure_values(actor=SYSTEM, orgs=[district.root], period=Period.parse("all"),
                           figures=all_figures(Group.DEEDS))[district.root.pk]  # fmt: skip
    assert values["deeds.visits.enterprise"].value == 163 and values["deeds.visits.community"].value == 206
    from_enterprises = Ticket.objects.filter(visit__target_type="enterprise")
    assert from_enterprises.count() == 54 and from_enterprises.filter(outcome="resolved").count() == 23
    from_communities = Ticket.objects.filter(visit__target_type="community")
    assert from_communities.count() == 15 and from_communities.filter(outcome="resolved").count() == 11
    assert Ticket.objects.filter(late_at__isnull=False).exists()
    assert {s for s in Ticket.objects.values_list("state", flat=True)} >= {
        "new",
        "assigned",
        "in_progress",
        "confirmed",
    }
    assert set(MicroProject.objects.values_list("phase", flat=True)) == set(ProjectPhase.values)
    assert ServiceTeam.objects.filter(kind="action_group").count() >= 100
    assert (values["deeds.volunteer.hours"].value or 0) > 0 and (values["deeds.wishes.fulfilled"].value or 0) > 0
    assert_counters_equal_rebuild([district.root.pk, district.committee_a.pk, district.branch_a1.pk])
