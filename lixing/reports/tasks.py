"""Background tasks of the reports app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from lixing.figures.periods import Period


@task()
def issue_weekly_briefings_task(week: str) -> int:
    """The weekly issue as a background task; returns how many briefings were filed."""
    from .services import issue_weekly_briefings

    return len(issue_weekly_briefings(week=Period.parse(week)).issued)
