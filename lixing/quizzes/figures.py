"""The quizzes app's figures: competition entries, participation and average score,
spot checks taken, practice (never comparable: practice is for the member)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.figures.periods import Period
from lixing.figures.registry import (
    Figure,
    FigureValue,
    Group,
    Reading,
    count_figure,
    min_sample,
    rate_figure,
    register,
)
from lixing.figures.selectors import subtree_q
from lixing.orgs.models import Organization
from lixing.orgs.services import MEMBERS

from . import counters
from .models import PaperPurpose, PaperResult, SpotCheckDraw


def _in_period(qs: QuerySet[Any], period: Period, field: str = "day") -> QuerySet[Any]:
    if period.start and period.end:
        qs = qs.filter(**{f"{field}__gte": period.start, f"{field}__lte": period.end})
    return qs


def competition_results(actor: Any, org: Organization, period: Period) -> QuerySet[PaperResult]:
    qs = PaperResult.objects.filter(subtree_q(actor, org), paper__purpose=PaperPurpose.COMPETITION)
    return _in_period(qs, period).select_related("member", "org", "paper").order_by("-score", "member__name")


def spot_draws(actor: Any, org: Organization, period: Period) -> QuerySet[SpotCheckDraw]:
    qs = SpotCheckDraw.objects.filter(subtree_q(actor, org))
    return _in_period(qs, period, "spot_check__drawn_day").select_related("member", "org", "spot_check")


RESULT_COLUMNS = [
    (pgettext_lazy("person", "name"), lambda r: r.member.name),
    (_("organisation"), lambda r: r.org.display_name),
    (_("paper"), lambda r: r.paper.title),
    (_("score"), lambda r: r.score),
]
DRAW_COLUMNS = [
    (pgettext_lazy("person", "name"), lambda d: d.member.name),
    (_("organisation"), lambda d: d.org.display_name),
    (_("spot check"), lambda d: d.spot_check.title),
]


def _result_url(r: PaperResult) -> str:
    return reverse("quizzes:paper", args=[r.paper_id])


def _draw_url(d: SpotCheckDraw) -> str:
    return reverse("quizzes:spot_check", args=[d.spot_check_id])


def _average(reading: Reading) -> FigureValue:
    entries, tenths = reading.total(counters.ENTRIES), reading.total(counters.SCORE)
    value = round(tenths / entries / 10, 1) if entries and entries >= min_sample() else None
    return FigureValue(value, numerator=tenths, denominator=entries)


def register_quiz_figures() -> None:
    register(count_figure(
        "quizzes.entries", _("Competition entries"), Group.QUIZZES, counter=counters.ENTRIES, unit=_("entries"),
        records=competition_results, columns=RESULT_COLUMNS, record_url=_result_url,
        sentence=_("{value} entries in knowledge competitions"), order=10,
    ))  # fmt: skip
    register(rate_figure(
        "quizzes.participation", _("Competition participation"), Group.QUIZZES, numerator=counters.ENTRIES,
        denominator=MEMBERS, records=competition_results, columns=RESULT_COLUMNS, record_url=_result_url,
        description=_("Competition entries per party member; above 100% when several competitions ran."),
        sentence=_("competition participation reached {value}"), order=20,
    ))  # fmt: skip
    register(Figure(
        key="quizzes.average_score", label=_("Average competition score"), group=Group.QUIZZES,
        counters=(counters.ENTRIES, counters.SCORE), from_counters=_average, unit=pgettext_lazy("unit", "points"),
        records=competition_results, columns=RESULT_COLUMNS, record_url=_result_url,
        description=_("Mean score of the entries (out of 100): an average, so large units have no edge."),
        sentence=_("the average competition score was {value} points"), order=30,
    ))  # fmt: skip
    register(rate_figure(
        "quizzes.spot_checks_taken", _("Spot checks taken"), Group.QUIZZES, numerator=counters.SPOT_TAKEN,
        denominator=counters.SPOT_DRAWN, records=spot_draws, columns=DRAW_COLUMNS, record_url=_draw_url,
        sentence=_("{numerator} of {denominator} members drawn for spot checks took them ({value})"), order=40,
    ))  # fmt: skip
    register(count_figure(
        "quizzes.practice_reviews", _("Practice answers"), Group.QUIZZES, counter=counters.PRACTICE_REVIEWS,
        unit=_("answers"), comparable=False,
        description=_("Questions answered in spaced practice. Practice is for each member: never ranked."),
        sentence=_("members answered {value} practice questions"), order=50,
    ))  # fmt: skip
