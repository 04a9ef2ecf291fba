"""Reads of the audit and access logs, scoped to the actor's AUDIT subtrees."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from lixing.orgs.access import Cap, paths_with

from .models import AccessLog, AuditLog


def _audit_scope(actor: Any) -> Q:
    q = Q(pk__in=[])
    for path in paths_with(actor, Cap.AUDIT):
        q |= Q(org_path__startswith=path)
        if len(path) == 4:  # the top of a tree also sees changes not tied to an organisation
            q |= Q(org_path="")
    return q


def audit_list(
    *,
    actor: Any,
    action: str = "",
    object_type: str = "",
    actor_name: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditLog]:
    qs = AuditLog.objects.filter(_audit_scope(actor))
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if actor_name:
        qs = qs.filter(actor_name__icontains=actor_name)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs.order_by("-at", "-id")


def access_list(*, actor: Any) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(_audit_scope(actor)).order_by("-at", "-id")
