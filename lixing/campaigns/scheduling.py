"""Backward scheduling (倒排时间表): due dates proposed from the campaign's end.

Rules live on the campaign: a theme is due ``theme_lead_days`` before the end, a measure
``measure_lead_days`` before its theme, a task ``task_lead_days`` before its measure.
A date fixed by hand is kept and anchors its children. Flags name dates that cannot be
met: after the campaign's end, after the parent's date, or before the campaign's start.
Pure functions over plain rows: the planner reads three queries and writes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import Campaign, Measure, Task, Theme

DAY = datetime.timedelta(days=1)


@dataclass
class Proposal:
    level: str  # "theme" / "measure" / "task"
    node_id: int
    title: str
    current: datetime.date | None
    fixed: bool
    proposed: datetime.date
    flags: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return not self.fixed and self.current != self.proposed


@dataclass
class Schedule:
    proposals: list[Proposal]

    @property
    def flagged(self) -> list[Proposal]:
        return [p for p in self.proposals if p.flags]

    @property
    def changes(self) -> list[Proposal]:
        return [p for p in self.proposals if p.changes]


def _place(
    level: str,
    node: Theme | Measure | Task,
    parent_due: datetime.date,
    lead: int,
    campaign: Campaign,
    parent_label: str,
) -> Proposal:
    proposed = node.due_on if node.due_fixed and node.due_on else parent_due - lead * DAY
    if not node.due_fixed:
        proposed = max(proposed, campaign.starts_on)
    p = Proposal(level, node.pk, node.title, node.due_on, node.due_fixed, proposed)
    if proposed > campaign.ends_on:
        p.flags.append(_("due after the campaign ends (%(end)s)") % {"end": campaign.ends_on.isoformat()})
    elif proposed > parent_due:
        p.flags.append(_("due after its %(parent)s (%(date)s)") % {"parent": parent_label,
                                                                   "date": parent_due.isoformat()})  # fmt: skip
    if proposed < campaign.starts_on:
        p.flags.append(_("due before the campaign starts (%(start)s)") % {"start": campaign.starts_on.isoformat()})
    elif not node.due_fixed and parent_due - lead * DAY < campaign.starts_on:
        p.flags.append(_("not enough time: the rule would put it before the campaign starts"))
    return p


def schedule_propose(campaign: Campaign) -> Schedule:
    """Proposed due dates for every node, parents before children (three queries)."""
    themes = list(Theme.objects.filter(campaign=campaign).order_by("number", "id"))
    measures = list(Measure.objects.filter(campaign=campaign).order_by("number", "id"))
    tasks = list(Task.objects.filter(campaign=campaign).order_by("number", "id"))
    by_theme: dict[int, list[Measure]] = {}
    for m in measures:
        by_theme.setdefault(m.theme_id, []).append(m)
    by_measure: dict[int, list[Task]] = {}
    for t in tasks:
        by_measure.setdefault(t.measure_id, []).append(t)
    out: list[Proposal] = []
    for theme in themes:
        tp = _place("theme", theme, campaign.ends_on, campaign.theme_lead_days, campaign, _("campaign"))
        out.append(tp)
        for measure in by_theme.get(theme.pk, []):
            mp = _place("measure", measure, tp.proposed, campaign.measure_lead_days, campaign, _("theme"))
            out.append(mp)
            for task in by_measure.get(measure.pk, []):
                out.append(_place("task", task, mp.proposed, campaign.task_lead_days, campaign, _("measure")))
    return Schedule(out)
