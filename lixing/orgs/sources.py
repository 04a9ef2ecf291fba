"""The records behind this app's roll-up counters, aggregated for a rebuild."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Count

from .models import Member, MemberStatus, Organization, OrgKind
from .services import MEMBERS, PROBATIONARY, WITH_SECRETARY, kind_key


def org_rollup_rows() -> Iterator[tuple[int, str, datetime.date | None, int]]:
    for org_id, n in Member.objects.values_list("org_id").annotate(n=Count("id")).values_list("org_id", "n"):
        yield org_id, MEMBERS, None, n
    probationary = Member.objects.filter(status=MemberStatus.PROBATIONARY)
    for org_id, n in probationary.values_list("org_id").annotate(n=Count("id")).values_list("org_id", "n"):
        yield org_id, PROBATIONARY, None, n
    for org_id, kind, secretary_id in Organization.objects.filter(dissolved_at__isnull=True).values_list(
        "id", "kind", "secretary_id"
    ):
        yield org_id, kind_key(kind), None, 1
        if secretary_id is not None and kind == OrgKind.BRANCH:
            yield org_id, WITH_SECRETARY, None, 1
