"""Contest figures: contests held, entries, secretaries who took part ("N名书记参加书记加油PK"),
units that took part. Counters only; the drill-downs list the contests or entries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lixing.figures.periods import Period
from lixing.figures.registry import Group, count_figure, register
from lixing.figures.selectors import subtree_q
from lixing.orgs.models import Organization

from .counters import ENTRIES, HELD, SECRETARIES, UNITS
from .models import Contest, Entry, EntryKind


def _in_period(qs: QuerySet[Any], period: Period, field: str) -> QuerySet[Any]:
    if period.start is None:
        return qs
    return qs.filter(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def contests(actor: Any, org: Organization, period: Period) -> QuerySet[Contest]:
    qs = Contest.objects.filter(subtree_q(actor, org, "unit__path")).select_related("unit")
    return _in_period(qs, period, "held_on").order_by("-held_on", "-id")


def entries(actor: Any, org: Organization, period: Period) -> QuerySet[Entry]:
    qs = Entry.objects.filter(subtree_q(actor, org, "org__path")).select_related("contest", "org", "member")
    return _in_period(qs, period, "contest__held_on").order_by("-contest__held_on", "org__path", "id")


def secretaries(actor: Any, org: Organization, period: Period) -> QuerySet[Entry]:
    return entries(actor, org, period).filter(kind=EntryKind.SECRETARY)


def units(actor: Any, org: Organization, period: Period) -> QuerySet[Organization]:
    taking_part = _in_period(Entry.objects.all(), period, "contest__held_on").values("org_id")
    return Organization.objects.filter(subtree_q(actor, org, "path"), pk__in=taking_part).order_by("path")


CONTEST_COLUMNS = [
    (_("title"), lambda c: c.title),
    (_("organiser"), lambda c: c.unit.display_name),
    (_("date held"), lambda c: c.held_on.isoformat()),
]
ENTRY_COLUMNS = [
    (_("contest"), lambda e: e.contest.title),
    (_("entry"), lambda e: e.title),
    (_("entrant"), lambda e: e.member.name if e.member else e.org.display_name),
    (_("unit"), lambda e: e.org.display_name),
]
UNIT_COLUMNS = [(_("unit"), lambda o: o.display_name)]


def register_contest_figures() -> None:
    url = lambda c: reverse("contests:contest", args=[c.pk])  # noqa: E731
    entry_url = lambda e: reverse("contests:contest", args=[e.contest_id])  # noqa: E731
    register(count_figure("contests.held", _("Contests held"), Group.CONTESTS, counter=HELD, unit=_("contests"),
                          records=contests, columns=CONTEST_COLUMNS, record_url=url,
                          sentence=_("{value} contests held"), order=10))  # fmt: skip
    register(count_figure("contests.entries", _("Contest entries"), Group.CONTESTS, counter=ENTRIES,
                          unit=_("entries"), records=entries, columns=ENTRY_COLUMNS, record_url=entry_url,
                          sentence=_("{value} entries"), order=20))  # fmt: skip
    register(count_figure("contests.secretaries", _("Secretaries who took part in the PK"), Group.CONTESTS,
                          counter=SECRETARIES, unit=_("secretaries"), records=secretaries, columns=ENTRY_COLUMNS,
                          record_url=entry_url, sentence=_("{value} secretaries took part in the secretaries' PK"),
                          order=30))  # fmt: skip
    register(count_figure("contests.units", _("Units that took part in contests"), Group.CONTESTS, counter=UNITS,
                          unit=_("units"), records=units, columns=UNIT_COLUMNS,
                          record_url=lambda o: reverse("orgs:detail", args=[o.pk]),
                          description=_("Organisations in the subtree with at least one entry in the period."),
                          sentence=_("{value} units took part"), order=40))  # fmt: skip
