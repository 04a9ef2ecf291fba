"""Progress rolls up the plan tree: unit → task → measure → theme → campaign.

A task's progress is the average of its units' percents (a verified unit counts 100).
Above that, a node's progress is the weighted average of its children, each child
weighing its ``weight`` when given and 1 when not — so a plan without weights gets the
plain average of children. See docs/decisions/campaigns-progress-rollup.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection
from django.db.models import Avg

from .models import Assignment, Campaign, Measure, Status, Task, Theme


def weighted_average(children: Iterable[tuple[float, Decimal | None]]) -> float:
    """Σ progress·weight ÷ Σ weight, a missing weight counting 1. No children → 0."""
    num = 0.0
    den = 0.0
    for progress, weight in children:
        w = float(weight) if weight is not None else 1.0
        num += progress * w
        den += w
    return round(num / den, 2) if den else 0.0


def unit_percent(assignment: Assignment) -> int:
    return 100 if assignment.status == Status.VERIFIED else assignment.percent


def rollup_chain(task: Task) -> None:
    """Recompute ``task`` and its ancestors after one assignment changed (8 queries)."""
    avg = Assignment.objects.filter(task=task).aggregate(a=Avg("percent"))["a"] or 0.0
    Task.objects.filter(pk=task.pk).update(progress=round(avg, 2))
    measure_progress = weighted_average(
        Task.objects.filter(measure_id=task.measure_id).values_list("progress", "weight")
    )
    Measure.objects.filter(pk=task.measure_id).update(progress=measure_progress)
    theme_id = Measure.objects.filter(pk=task.measure_id).values_list("theme_id", flat=True).get()
    theme_progress = weighted_average(Measure.objects.filter(theme_id=theme_id).values_list("progress", "weight"))
    Theme.objects.filter(pk=theme_id).update(progress=theme_progress)
    campaign_progress = weighted_average(
        Theme.objects.filter(campaign_id=task.campaign_id).values_list("progress", "weight")
    )
    Campaign.objects.filter(pk=task.campaign_id).update(progress=campaign_progress)


def plan_rollup(campaign: Campaign) -> float:
    """Recompute every node's progress of ``campaign`` from the assignments, set-based: four
    reads of plain values, and writes only for nodes whose progress changed."""
    by_task: dict[int, list[int]] = defaultdict(list)
    for task_id, percent in Assignment.objects.filter(campaign=campaign).values_list("task_id", "percent"):
        by_task[task_id].append(percent)
    by_measure: dict[int, list[tuple[float, Decimal | None]]] = defaultdict(list)
    changed: list[tuple[float, int]] = []
    for pk, measure_id, weight, old in Task.objects.filter(campaign=campaign).values_list(
        "id", "measure_id", "weight", "progress"
    ):
        percents = by_task.get(pk, [])
        value = round(sum(percents) / len(percents), 2) if percents else 0.0
        if value != old:
            changed.append((value, pk))
        by_measure[measure_id].append((value, weight))
    _write(Task, changed)
    by_theme: dict[int, list[tuple[float, Decimal | None]]] = defaultdict(list)
    measures: list[tuple[float, int]] = []
    for pk, theme_id, weight, old in Measure.objects.filter(campaign=campaign).values_list(
        "id", "theme_id", "weight", "progress"
    ):
        value = weighted_average(by_measure.get(pk, []))
        if value != old:
            measures.append((value, pk))
        by_theme[theme_id].append((value, weight))
    _write(Measure, measures)
    themes: list[tuple[float, int]] = []
    top: list[tuple[float, Decimal | None]] = []
    for pk, weight, old in Theme.objects.filter(campaign=campaign).values_list("id", "weight", "progress"):
        value = weighted_average(by_theme.get(pk, []))
        if value != old:
            themes.append((value, pk))
        top.append((value, weight))
    _write(Theme, themes)
    value = weighted_average(top)
    Campaign.objects.filter(pk=campaign.pk).update(progress=value)
    campaign.progress = value
    return value


def _write(model: type[Task] | type[Measure] | type[Theme], rows: list[tuple[float, int]]) -> None:
    """One prepared UPDATE executed per changed row: far cheaper than a CASE over thousands of
    ids (``bulk_update``). The table name comes from the model, never from input."""
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {model._meta.db_table} SET progress = %s WHERE id = %s", rows)  # noqa: S608
