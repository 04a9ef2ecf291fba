"""Every write to the tree and the roster. Views, API, importers and commands call these.

Each function checks access through :mod:`lixing.orgs.access`, validates, writes, keeps the
roll-up counters true and writes the audit row — all in one transaction.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lixing.accounts.audit import audit, log_access, snapshot

from .access import Cap, require
from .models import Member, MemberStatus, Organization, OrgKind, Transfer
from .rollups import Bump, rollup_bump_many, rollup_member_moved, rollup_member_removed, rollup_move

# Counter keys this app keeps (figures are defined on top of them in lixing.figures).
MEMBERS = "orgs.members"
PROBATIONARY = "orgs.members.probationary"
WITH_SECRETARY = "orgs.with_secretary"


def kind_key(kind: str) -> str:
    return f"orgs.kind.{kind}"


ORG_FIELDS = ["name", "short_name", "kind", "contact_name", "contact_phone", "unit_name", "unit_type"]
MEMBER_FIELDS = [
    "name", "gender", "id_number", "ethnicity", "birth_date", "education", "category", "joined_at",
    "confirmed_at", "job_post", "phone", "address", "standing", "is_lost_contact", "is_mobile",
    "work_unit", "position", "cadre_level",
]  # fmt: skip


def _lock_tree(org: Organization) -> None:
    """Serialise structural changes of one tree: lock its root row (no-op on SQLite,
    where IMMEDIATE transactions already serialise writers)."""
    Organization.objects.select_for_update(of=("self",)).filter(path=org.path[: Organization.steplen]).first()


def member_bumps(member: Member, sign: int) -> list[Bump]:
    bumps = [Bump(member.org_id, member.org.path, MEMBERS, None, sign)]
    if member.status == MemberStatus.PROBATIONARY:
        bumps.append(Bump(member.org_id, member.org.path, PROBATIONARY, None, sign))
    return bumps


def _org_bumps(org: Organization, sign: int) -> list[Bump]:
    bumps = [Bump(org.pk, org.path, kind_key(org.kind), None, sign)]
    if org.secretary_id is not None and org.kind == OrgKind.BRANCH:
        bumps.append(Bump(org.pk, org.path, WITH_SECRETARY, None, sign))
    return bumps


@transaction.atomic
def org_create(*, actor: Any, parent: Organization | None, name: str, kind: str, **fields: Any) -> Organization:
    """Create an organisation under ``parent`` (``None``: a new root, system use only)."""
    if parent is not None:
        require(actor, parent, Cap.STRUCTURE)
        if not parent.is_active:
            raise ValidationError(_("Cannot add to a dissolved organisation."))
        _lock_tree(parent)
        parent.refresh_from_db()
    elif actor is not None and not getattr(actor, "is_superuser", False):
        raise ValidationError(_("Only the system can create a new top-level organisation."))
    org = Organization(name=name.strip(), kind=kind, parent=parent, **fields)
    org.full_clean(exclude=["path", "depth", "numchild", "parent"])
    if parent is not None:
        org = Organization.objects.add_child(parent, instance=org)
    else:
        org = Organization.objects.add_root(instance=org)
    rollup_bump_many(_org_bumps(org, +1))
    audit(actor=actor, action="org.create", obj=org, org_path=org.path, after=snapshot(org, ORG_FIELDS))
    return org


@transaction.atomic
def org_update(*, actor: Any, org: Organization, **changes: Any) -> Organization:
    """Rename or edit an organisation's details (not its place in the tree)."""
    require(actor, org, Cap.STRUCTURE)
    unknown = set(changes) - set(ORG_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    before = snapshot(org, ORG_FIELDS)
    old_bumps = _org_bumps(org, -1)
    for name, value in changes.items():
        setattr(org, name, value)
    org.full_clean(exclude=["path", "depth", "numchild", "parent"])
    org.save(update_fields=[*changes, "updated_at"])
    rollup_bump_many([*old_bumps, *_org_bumps(org, +1)])
    audit(actor=actor, action="org.update", obj=org, org_path=org.path, before=before, after=snapshot(org, ORG_FIELDS))
    return org


@transaction.atomic
def org_set_secretary(*, actor: Any, org: Organization, member: Member | None) -> Organization:
    require(actor, org, Cap.STRUCTURE)
    if not org.is_active:
        raise ValidationError(_("A dissolved organisation has no secretary."))
    if member is not None and not member.org.path.startswith(org.path):
        raise ValidationError(_("The secretary must be a member of this organisation or below it."))
    before = {"secretary_id": org.secretary_id}
    old_bumps = _org_bumps(org, -1)
    org.secretary = member
    org.save(update_fields=["secretary", "updated_at"])
    rollup_bump_many([*old_bumps, *_org_bumps(org, +1)])
    audit(actor=actor, action="org.set_secretary", obj=org, org_path=org.path, before=before,
          after={"secretary_id": org.secretary_id})  # fmt: skip
    return org


@transaction.atomic
def org_move(*, actor: Any, org: Organization, new_parent: Organization) -> Organization:
    """Move ``org`` and its subtree under ``new_parent``. Refuses cycles; keeps paths,
    depths and roll-ups consistent; serialised per tree."""
    require(actor, org, Cap.STRUCTURE)
    require(actor, new_parent, Cap.STRUCTURE)
    _lock_tree(org)
    org.refresh_from_db()
    new_parent.refresh_from_db()
    if new_parent.path.startswith(org.path):
        raise ValidationError(_("An organisation cannot be moved under itself or its own sub-organisation."))
    if not new_parent.is_active:
        raise ValidationError(_("Cannot move into a dissolved organisation."))
    if org.parent_id == new_parent.pk:
        return org
    old_path = org.path
    before = {"parent_id": org.parent_id, "path": old_path}
    Organization.objects.move(org, new_parent, pos="last-child")
    org.refresh_from_db()
    new_parent.refresh_from_db()
    org.parent = new_parent
    org.save(update_fields=["parent", "updated_at"])
    rollup_move(org, old_path=old_path, new_parent_path=new_parent.path)
    audit(actor=actor, action="org.move", obj=org, org_path=org.path, before=before,
          after={"parent_id": new_parent.pk, "path": org.path})  # fmt: skip
    return org


@transaction.atomic
def org_merge(*, actor: Any, source: Organization, target: Organization, reason: str = "") -> Organization:
    """Merge ``source`` into ``target``: its members transfer (with history), its
    sub-organisations move, and ``source`` is dissolved, pointing at ``target``."""
    require(actor, source, Cap.STRUCTURE)
    require(actor, target, Cap.STRUCTURE)
    if source.pk == target.pk:
        raise ValidationError(_("Choose two different organisations to merge."))
    if target.path.startswith(source.path):
        raise ValidationError(_("Cannot merge an organisation into its own sub-organisation."))
    if not (source.is_active and target.is_active):
        raise ValidationError(_("Both organisations must be active."))
    reason = reason or _("Merged into %(name)s") % {"name": target.name}
    for member in source.members.select_related("org"):
        member_transfer(actor=actor, member=member, to_org=target, reason=reason)
    for child in Organization.objects.filter(parent=source, dissolved_at__isnull=True):
        org_move(actor=actor, org=child, new_parent=target)
    source.refresh_from_db()
    target.refresh_from_db()
    before = snapshot(source, ["dissolved_at", "merged_into_id"])
    source.merged_into = target
    source.dissolved_at = timezone.now()
    source.save(update_fields=["merged_into", "dissolved_at", "updated_at"])
    rollup_bump_many(_org_bumps(source, -1))
    audit(actor=actor, action="org.merge", obj=source, org_path=source.path, before=before,
          after={"merged_into_id": target.pk, "target": str(target)})  # fmt: skip
    return target


@transaction.atomic
def org_dissolve(*, actor: Any, org: Organization) -> Organization:
    """Dissolve an empty organisation (no members, no active sub-organisations)."""
    require(actor, org, Cap.STRUCTURE)
    if org.depth == 1:
        raise ValidationError(_("The top-level organisation cannot be dissolved."))
    if org.members.exists():
        raise ValidationError(_("Transfer its members first: an organisation with members cannot be dissolved."))
    if Organization.objects.filter(parent=org, dissolved_at__isnull=True).exists():
        raise ValidationError(_("Dissolve or move its sub-organisations first."))
    org.dissolved_at = timezone.now()
    org.save(update_fields=["dissolved_at", "updated_at"])
    rollup_bump_many(_org_bumps(org, -1))
    audit(actor=actor, action="org.dissolve", obj=org, org_path=org.path, after={"dissolved_at": org.dissolved_at})
    return org


def _check_member_org(org: Organization) -> None:
    if not org.is_active:
        raise ValidationError(_("Members cannot be added to a dissolved organisation."))
    if org.kind not in {OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.COMMITTEE, OrgKind.CELL}:
        raise ValidationError(_("Members belong to a branch (or a general branch or committee that holds members)."))


@transaction.atomic
def member_create(*, actor: Any, org: Organization, **fields: Any) -> Member:
    require(actor, org, Cap.MEMBERS)
    _check_member_org(org)
    member = Member(org=org, **fields)
    member.full_clean()
    member.save()
    rollup_bump_many(member_bumps(member, +1))
    audit(actor=actor, action="member.create", obj=member, org_path=org.path, after=snapshot(member, MEMBER_FIELDS))
    return member


@transaction.atomic
def member_update(*, actor: Any, member: Member, **changes: Any) -> Member:
    require(actor, member.org, Cap.MEMBERS)
    unknown = set(changes) - set(MEMBER_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    before = snapshot(member, MEMBER_FIELDS)
    was_probationary = member.status == MemberStatus.PROBATIONARY
    for name, value in changes.items():
        setattr(member, name, value)
    member.full_clean()
    member.save(update_fields=[*changes, "updated_at"])
    member.refresh_from_db(fields=["status"])
    is_probationary = member.status == MemberStatus.PROBATIONARY
    if was_probationary != is_probationary:
        rollup_bump_many([Bump(member.org_id, member.org.path, PROBATIONARY, None, 1 if is_probationary else -1)])
    after = snapshot(member, MEMBER_FIELDS)
    changed_before = {k: v for k, v in before.items() if after[k] != v}
    changed_after = {k: after[k] for k in changed_before}
    if changed_after:
        audit(actor=actor, action="member.update", obj=member, org_path=member.org.path,
              before=changed_before, after=changed_after)  # fmt: skip
    return member


@transaction.atomic
def member_transfer(*, actor: Any, member: Member, to_org: Organization, reason: str = "") -> Transfer:
    """Move a member to another organisation, keeping the history (组织关系转接)."""
    require(actor, member.org, Cap.MEMBERS)
    require(actor, to_org, Cap.MEMBERS)
    _check_member_org(to_org)
    if member.org_id == to_org.pk:
        raise ValidationError(_("The member already belongs to this organisation."))
    from_org = member.org
    transfer = Transfer.objects.create(member=member, from_org=from_org, to_org=to_org, reason=reason, actor=actor
                                       if getattr(actor, "is_authenticated", False) else None)  # fmt: skip
    rollup_bump_many(member_bumps(member, -1))
    member.org = to_org
    member.save(update_fields=["org", "updated_at"])
    rollup_bump_many(member_bumps(member, +1))
    # Tallies, results and service hours of every line of work follow the member now.
    rollup_member_moved(member_id=member.pk, from_org=from_org, to_org=to_org)
    # A secretary who leaves the organisation they lead no longer holds the post there.
    for held in Organization.objects.filter(secretary=member).exclude(path__in=to_org.ancestor_paths()):
        bumps = _org_bumps(held, -1) if held.is_active else []
        held.secretary = None
        held.save(update_fields=["secretary", "updated_at"])
        rollup_bump_many([*bumps, *(_org_bumps(held, +1) if held.is_active else [])])
        audit(actor=actor, action="org.set_secretary", obj=held, org_path=held.path,
              before={"secretary_id": member.pk}, after={"secretary_id": None, "reason": "transfer"})  # fmt: skip
    audit(actor=actor, action="member.transfer", obj=member, org_path=to_org.path,
          before={"org_id": from_org.pk}, after={"org_id": to_org.pk, "reason": reason})  # fmt: skip
    return transfer


def status_for(confirmed_at: datetime.date | None) -> str:
    """The status a roster row implies (for bulk writers that bypass ``Member.save``)."""
    return MemberStatus.FULL if confirmed_at else MemberStatus.PROBATIONARY


@transaction.atomic
def member_reveal(*, actor: Any, member: Member, context: str = "page") -> dict[str, str]:
    """The member's ID number, phone, date of birth and home address in full, for a viewer
    with the PII right; logged."""
    require(actor, member.org, Cap.PII)
    fields = ["id_number", "phone", "birth_date", "address"]
    log_access(actor=actor, subject=member, fields=fields, context=context, org_path=member.org.path)
    return {"id_number": member.id_number, "phone": member.phone, "birth_date": member.birth_date.isoformat(),
            "address": member.address}  # fmt: skip


@transaction.atomic
def member_delete(*, actor: Any, member: Member, reason: str = "") -> None:
    """Remove a member from the roster (e.g. died, left the party), keeping the counters true.

    If the member was an organisation's secretary, that post becomes vacant (and the
    secretary-coverage counter follows). The member's records of every line of work go
    with them, and each line of work takes them off its counters first
    (``rollups.register_member_removed``). Records of other apps that protect the member
    make this fail: transfer or archive those first.
    """
    require(actor, member.org, Cap.MEMBERS)
    before = snapshot(member, MEMBER_FIELDS)
    rollup_member_removed(member_id=member.pk, org=member.org)
    bumps = member_bumps(member, -1)
    for org in Organization.objects.filter(secretary=member):
        counted = org.is_active  # a dissolved organisation's counters are already gone
        if counted:
            bumps += _org_bumps(org, -1)
        org.secretary = None
        org.save(update_fields=["secretary", "updated_at"])
        if counted:
            bumps += _org_bumps(org, +1)
    rollup_bump_many(bumps)
    audit(actor=actor, action="member.delete", obj=member, org_path=member.org.path, before=before,
          after={"reason": reason})  # fmt: skip
    member.delete()
