from __future__ import annotations

from django_tasks import task


@task()
def check_task(job_id: int) -> None:
    from .services import import_check

    import_check(job_id=job_id)


@task()
def apply_task(job_id: int) -> None:
    from .services import import_apply

    import_apply(job_id=job_id)
