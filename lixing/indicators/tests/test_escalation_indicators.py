"""Overdue indicator reports through the shared ladder: reminder → numbered notice → named."""

import datetime
from decimal import Decimal as D

from lixing.escalation.models import Escalation, Step
from lixing.escalation.services import escalate_run
from lixing.indicators.escalation import SOURCE, subject_id, unpack
from lixing.orgs.access import SYSTEM

from .conftest import put


def test_units_that_have_not_reported_by_the_due_date_are_escalated(district, econ):
    for ind, v in ((econ.output, 10), (econ.rate, 80), (econ.staff, 3)):
        put(ind, district.branch_a1, "2021-04", D(v))
    escalate_run(today=datetime.date(2021, 5, 10), sources=[SOURCE])  # due today: nothing yet
    assert not Escalation.objects.filter(source=SOURCE).exists()
    escalate_run(today=datetime.date(2021, 5, 11), sources=[SOURCE])
    owners = set(Escalation.objects.filter(source=SOURCE, step=Step.REMINDER).values_list("owner_id", flat=True))
    assert owners == {district.branch_a2.pk, district.branch_b1.pk}
    sid = subject_id(econ.set.pk, "2021-04", econ.set.period_type, district.branch_b1.pk)
    assert unpack(sid)[0] == econ.set.pk and unpack(sid)[2] == district.branch_b1.pk
    for ind, v in ((econ.output, 1), (econ.rate, 1), (econ.staff, 1)):
        put(ind, district.branch_b1, "2021-04", D(v), actor=SYSTEM)
    escalate_run(today=datetime.date(2021, 5, 14), sources=[SOURCE])
    notices = Escalation.objects.filter(source=SOURCE, step=Step.NOTICE)
    assert [e.owner_id for e in notices] == [district.branch_a2.pk]  # B1 reported in the meantime
