"""The demo's key projects: weekly reports, some behind plan and picked for supervision,
problems in the ticket system with some solved."""

import datetime
import random

from lixing.common.demo import DemoContext
from lixing.orgs.access import SYSTEM
from lixing.projects import selectors
from lixing.projects.demo import PROJECTS, build_demo_projects
from lixing.projects.models import Project, ProjectProblem, WeeklyReport


def test_the_demo_list_has_reports_laggards_and_problems(district):
    today = datetime.date(2021, 7, 15)
    build_demo_projects(DemoContext(preset="district", rng=random.Random(5), root_id=district.root.pk, today=today))
    assert Project.objects.count() == len(PROJECTS)
    assert WeeklyReport.objects.count() > 100
    supervised = selectors.supervision_list(actor=SYSTEM, org=district.root, year=2021, today=today)
    assert 0 < len(supervised) < len(PROJECTS)
    s = selectors.summary(actor=SYSTEM, org=district.root, year=2021, today=today)
    assert s.completed >= 1 and 0 < s.solved < s.problems == ProjectProblem.objects.count()
