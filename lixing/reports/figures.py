"""The one figure ``reports`` owns: bulletins issued (党建工作简报 / 信息 N 期), counted from the
briefing archive — the archive already numbers its issues, so nobody retypes them.

A counter ("reports.bulletins", at the issuing organisation on the briefing's 截至 date) is
bumped by :func:`lixing.reports.services.briefing_issue` in the transaction that files the
issue; :func:`reports_rollup_rows` recomputes it. Registered here rather than by a line of
work because the archive is this app's own record, and no line of work may import
``reports`` (see docs/decisions/publicity-bulletins-figure.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lixing.figures.periods import Period
from lixing.figures.registry import Group, count_figure, register
from lixing.figures.selectors import subtree_q
from lixing.orgs.models import Organization

from .models import Briefing

BULLETINS = "reports.bulletins"


def bulletins(actor: Any, org: Organization, period: Period) -> QuerySet[Briefing]:
    qs = Briefing.objects.filter(subtree_q(actor, org, "org__path")).select_related("org")
    if period.start is not None:
        qs = qs.filter(as_of__gte=period.start, as_of__lte=period.end)
    return qs.order_by("-as_of", "-issue_no")


def reports_rollup_rows() -> Iterator[tuple[int, str, datetime.date | None, int]]:
    for org_id, day, n in (
        Briefing.objects.values_list("org_id", "as_of").annotate(n=Count("id")).values_list("org_id", "as_of", "n")
    ):
        yield org_id, BULLETINS, day, n


def register_reports_figures() -> None:
    register(count_figure(
        "reports.bulletins", _("Bulletins issued"), Group.PUBLICITY, counter=BULLETINS, unit=_("issues"),
        records=bulletins, record_url=lambda b: reverse("reports:briefing_docx", args=[b.pk]),
        columns=[(_("title"), lambda b: b.title), (_("issue number"), lambda b: b.issue_no),
                 (_("organisation"), lambda b: b.org.display_name), (_("as of"), lambda b: b.as_of.isoformat())],
        description=_("Briefings filed in the archive (each issue once), by the date they report to."),
        sentence=_("{value} issues of the bulletin"), order=30,
    ))  # fmt: skip
