"""Audit and access logging. Call from services, inside the transaction that makes the change."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, models

from lixing.orgs.validators import mask_id_number, mask_phone

from .models import AccessLog, AuditLog

# Personal data never enters the audit log in full: the auditor sees that it changed, and
# the masked value (the full value is for those with the right to see it, and is logged).
PERSONAL_FIELDS: dict[str, Callable[[str], str]] = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "contact_phone": mask_phone,
    "submitter_phone": mask_phone,
    "proposer_phone": mask_phone,
}


def mask_personal(picture: dict[str, Any]) -> dict[str, Any]:
    """``picture`` with its personal fields masked (a new dict when there are any)."""
    if not PERSONAL_FIELDS.keys() & picture.keys():
        return picture
    return {k: PERSONAL_FIELDS[k](v) if k in PERSONAL_FIELDS and isinstance(v, str) else v for k, v in picture.items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """A JSON-able picture of ``obj``'s concrete fields (FKs as ids) for before/after."""
    names = list(fields) if fields is not None else [f.attname for f in obj._meta.concrete_fields]
    return {name: _jsonable(getattr(obj, name)) for name in names}


def _actor_name(actor: Any) -> str:
    if getattr(actor, "is_system", False):
        return "system"
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system" if actor is None else "anonymous"
    return str(actor)


def audit_entry(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    org_path: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditLog:
    """An unsaved audit row (for bulk writers); :func:`audit` saves one."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)[:200]
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditLog(
        actor=user,
        actor_name=_actor_name(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:200],
        org_path=org_path,
        before=mask_personal(_jsonable(before)) if before is not None else None,
        after=mask_personal(_jsonable(after)) if after is not None else None,
    )


def audit(**kwargs: Any) -> AuditLog:
    """Record a change. Must run inside the change's transaction (``transaction.atomic``)."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit() must be called inside the transaction that makes the change")
    entry = audit_entry(**kwargs)
    entry.save()
    return entry


def audit_bulk(entries: list[AuditLog]) -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("audit_bulk() must be called inside the transaction that makes the change")
    AuditLog.objects.bulk_create(entries, batch_size=2000)


def log_access(*, actor: Any, subject: models.Model, fields: Iterable[str], context: str, org_path: str = "") -> None:
    """Record that ``actor`` saw ``fields`` of ``subject`` in full."""
    AccessLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=_actor_name(actor),
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        subject_repr=str(subject)[:200],
        fields=",".join(fields),
        context=context,
        org_path=org_path,
    )


def log_access_bulk(*, actor: Any, subjects: list[tuple[str, str, str, str]], fields: str, context: str) -> None:
    """Bulk version for exports: ``subjects`` are (type, id, repr, org_path) tuples."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    name = _actor_name(actor)
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                actor=user,
                actor_name=name,
                subject_type=t,
                subject_id=i,
                subject_repr=r[:200],
                fields=fields,
                context=context,
                org_path=p,
            )
            for t, i, r, p in subjects
        ],
        batch_size=2000,
    )
