"""The campaign's figures in the figures framework: plan counts, completion and on-time
rates, late work and supervision notices — each drillable, scoped to the viewer's subtree."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lixing.escalation.models import Escalation, Step
from lixing.figures.periods import Period
from lixing.figures.registry import Group, count_figure, rate_figure, register, register_stock_counters
from lixing.figures.selectors import subtree_q
from lixing.orgs.models import Organization

from . import counters as K
from .models import Assignment, Measure, Status, Task, Theme
from .supervision import SOURCE


def _nodes(model: Any) -> Any:
    def records(actor: Any, org: Organization, period: Period) -> QuerySet[Any]:
        return (
            model.objects.filter(subtree_q(actor, org, "campaign__org__path"))
            .select_related("campaign")
            .order_by("campaign_id", "number", "id")
        )

    return records


def _assignments(actor: Any, org: Organization, period: Period) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(subtree_q(actor, org, "unit__path"))
        .select_related("task", "unit", "campaign")
        .order_by("task__due_on", "id")
    )


def _verified(actor: Any, org: Organization, period: Period) -> QuerySet[Assignment]:
    return _assignments(actor, org, period).filter(status=Status.VERIFIED)


def _late(actor: Any, org: Organization, period: Period) -> QuerySet[Assignment]:
    return _assignments(actor, org, period).filter(is_late=True)


def _notices(actor: Any, org: Organization, period: Period) -> QuerySet[Escalation]:
    qs = Escalation.objects.filter(subtree_q(actor, org, "owner__path"), source=SOURCE, step=Step.NOTICE)
    if period.start and period.end:
        qs = qs.filter(issued_on__gte=period.start, issued_on__lte=period.end)
    return qs.select_related("owner").order_by("-issued_on", "-id")


def _answered(actor: Any, org: Organization, period: Period) -> QuerySet[Escalation]:
    qs = Escalation.objects.filter(subtree_q(actor, org, "owner__path"), source=SOURCE, step=Step.NOTICE,
                                   replied_on__isnull=False)  # fmt: skip
    if period.start and period.end:
        qs = qs.filter(replied_on__gte=period.start, replied_on__lte=period.end)
    return qs.select_related("owner").order_by("-replied_on", "-id")


NODE_COLUMNS = [
    (_("campaign"), lambda n: n.campaign.title),
    (_("number"), lambda n: n.number),
    (_("title"), lambda n: n.title),
    (_("due date"), lambda n: n.due_on or "—"),
    (_("progress"), lambda n: f"{n.progress:.0f}%"),
]
ASSIGNMENT_COLUMNS = [
    (_("task"), lambda a: a.task.title),
    (_("unit"), lambda a: a.unit.display_name),
    (_("due date"), lambda a: a.task.due_on or "—"),
    (_("status"), lambda a: a.get_status_display()),
    (_("percent done"), lambda a: f"{a.percent}%"),
    (_("on time"), lambda a: _("yes") if a.on_time else "—"),
]
NOTICE_COLUMNS = [
    (_("notice number"), lambda s: s.code),
    (_("task"), lambda s: s.title),
    (_("unit"), lambda s: s.owner.display_name),
    (_("issued on"), lambda s: s.issued_on),
    (_("reply required by"), lambda s: s.reply_due or "—"),
    (_("replied on"), lambda s: s.replied_on or "—"),
]


def _assignment_url(a: Assignment) -> str:
    return reverse("campaigns:assignment", args=[a.pk])


def _notice_url(s: Escalation) -> str:
    return reverse("campaigns:notice", args=[s.pk])


def _campaign_url(n: Theme | Measure | Task) -> str:
    return reverse("campaigns:plan", args=[n.campaign_id])


def register_campaign_figures() -> None:
    register_stock_counters(*K.STOCKS)
    stock: dict[str, Any] = {"stock": True, "group": Group.CAMPAIGN}
    register(count_figure("campaigns.themes", _("Themes"), counter=K.THEMES, unit=_("themes"),
                          records=_nodes(Theme), columns=NODE_COLUMNS, record_url=_campaign_url,
                          sentence=_("{value} themed activities"), order=10, comparable=False, **stock))  # fmt: skip
    register(count_figure("campaigns.measures", _("Key measures"), counter=K.MEASURES, unit=_("measures"),
                          records=_nodes(Measure), columns=NODE_COLUMNS, record_url=_campaign_url,
                          sentence=_("{value} key measures"), order=11, comparable=False, **stock))  # fmt: skip
    register(count_figure("campaigns.tasks", _("Concrete tasks"), counter=K.TASKS, unit=_("tasks"),
                          records=_nodes(Task), columns=NODE_COLUMNS, record_url=_campaign_url,
                          sentence=_("{value} concrete tasks"), order=12, comparable=False, **stock))  # fmt: skip
    register(rate_figure("campaigns.completion", _("Task completion rate"), numerator=K.VERIFIED,
                         denominator=K.ASSIGNMENTS, records=_assignments, columns=ASSIGNMENT_COLUMNS,
                         record_url=_assignment_url,
                         description=_("Units' shares of tasks verified by the lead unit, of all shares."),
                         sentence=_("{numerator} of {denominator} task shares completed ({value})"), order=20,
                         **stock))  # fmt: skip
    register(rate_figure("campaigns.on_time", _("On-time rate"), numerator=K.ON_TIME, denominator=K.VERIFIED,
                         records=_verified, columns=ASSIGNMENT_COLUMNS, record_url=_assignment_url,
                         description=_("Completed shares that were submitted by their due date."),
                         sentence=_("{numerator} of {denominator} completed on time ({value})"), order=21,
                         **stock))  # fmt: skip
    register(count_figure("campaigns.late", _("Late tasks"), counter=K.LATE, unit=_("tasks"), records=_late,
                          columns=ASSIGNMENT_COLUMNS, record_url=_assignment_url,
                          sentence=_("{value} task shares are late"), order=22, **stock))  # fmt: skip
    register(count_figure("campaigns.notices", _("Supervision notices issued"), Group.CAMPAIGN, counter=K.NOTICES,
                          unit=_("notices"), records=_notices, columns=NOTICE_COLUMNS, record_url=_notice_url,
                          sentence=_("{value} supervision notices issued"), order=30))  # fmt: skip
    register(count_figure("campaigns.notices_answered", _("Supervision notices answered"), Group.CAMPAIGN,
                          counter=K.ANSWERED, unit=_("notices"), records=_answered, columns=NOTICE_COLUMNS,
                          record_url=_notice_url, sentence=_("{value} supervision notices answered"),
                          order=31))  # fmt: skip
