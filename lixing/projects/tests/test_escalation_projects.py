"""一月一督办 through the shared ladder: a project behind plan gets a reminder, a numbered
notice a week later, and each month starts afresh."""

import datetime
from decimal import Decimal as D

from lixing.escalation.models import Escalation, Step
from lixing.escalation.services import escalate_run
from lixing.orgs.access import SYSTEM
from lixing.projects import services
from lixing.projects.escalation import SOURCE, subject_id


def test_a_lagging_project_goes_up_the_ladder_once_a_month(district, projects):
    a, b = projects
    services.report_submit(actor=SYSTEM, project=a, invested=D(200), progress="滞后", on=datetime.date(2021, 6, 28))
    services.report_submit(actor=SYSTEM, project=b, invested=D(183), progress="正常", on=datetime.date(2021, 6, 28))
    escalate_run(today=datetime.date(2021, 7, 2), sources=[SOURCE])
    steps = list(Escalation.objects.filter(source=SOURCE).values_list("subject_id", "step", "owner_id"))
    assert steps == [(subject_id(a.pk, 7), Step.REMINDER, district.branch_a1.pk)]
    escalate_run(today=datetime.date(2021, 7, 2), sources=[SOURCE])  # the same day again: nothing new
    assert Escalation.objects.filter(source=SOURCE).count() == 1
    services.report_submit(actor=SYSTEM, project=a, invested=D(250), progress="仍滞后", on=datetime.date(2021, 7, 8))
    escalate_run(today=datetime.date(2021, 7, 9), sources=[SOURCE])
    notice = Escalation.objects.get(source=SOURCE, step=Step.NOTICE)
    assert notice.subject_id == subject_id(a.pk, 7) and notice.number
    services.report_submit(actor=SYSTEM, project=a, invested=D(300), progress="仍滞后", on=datetime.date(2021, 8, 2))
    escalate_run(today=datetime.date(2021, 8, 3), sources=[SOURCE])
    assert Escalation.objects.filter(source=SOURCE, subject_id=subject_id(a.pk, 8), step=Step.REMINDER).exists()
