from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from lixing.orgs.access import Cap, can

from . import progress
from .models import ImportJob, JobStatus


def job_for(*, actor: Any, job_id: int) -> ImportJob:
    """A job the actor started, or one in a subtree they manage."""
    job = ImportJob.objects.select_related("org").filter(pk=job_id).first()
    if job is None or not (job.actor_id == getattr(actor, "pk", None) or can(actor, job.org, Cap.STRUCTURE)):
        raise Http404(_("No such import."))
    if job.status == JobStatus.APPLYING:
        done = progress.read(job.pk)
        if done is not None:
            job.processed_rows = done
    return job
