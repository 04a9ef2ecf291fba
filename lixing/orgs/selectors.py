"""Reads of the tree and roster. Each takes the actor and returns only what they may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from .access import Cap, can, scope_q, visible_orgs
from .models import Member, Organization, Transfer
from .rollups import ALL, read_totals
from .services import MEMBERS, PROBATIONARY, kind_key
from .validators import MASKED_DATE, mask_address, mask_id_number, mask_phone


@dataclass
class TreeNode:
    org: Organization
    members: int
    children: list[TreeNode]
    probationary: int = 0


def org_children(*, actor: Any, org: Organization) -> QuerySet[Organization]:
    return visible_orgs(actor).filter(parent=org).select_related("secretary").order_by("path")


def org_tree(*, actor: Any, root: Organization, max_depth: int = 3) -> TreeNode:
    """``root`` and its descendants down to ``max_depth`` levels, with subtree member counts
    (one query for the nodes, one for the counts)."""
    nodes = list(
        visible_orgs(actor).filter(path__startswith=root.path, depth__lte=root.depth + max_depth).order_by("path")
    )
    totals = read_totals([n.pk for n in nodes], [MEMBERS, PROBATIONARY], [ALL])
    by_path: dict[str, TreeNode] = {}
    top = TreeNode(root, totals.get((root.pk, MEMBERS, ALL), 0), [], totals.get((root.pk, PROBATIONARY, ALL), 0))
    by_path[root.path] = top
    for n in nodes:
        if n.pk == root.pk:
            continue
        node = TreeNode(n, totals.get((n.pk, MEMBERS, ALL), 0), [], totals.get((n.pk, PROBATIONARY, ALL), 0))
        by_path[n.path] = node
        parent = by_path.get(n.path[: -Organization.steplen])
        if parent is not None:
            parent.children.append(node)
    return top


def kind_counts(*, actor: Any, org: Organization) -> dict[str, int]:
    """Organisations per kind in the subtree (roll-ups: one query)."""
    from .models import OrgKind

    keys = [kind_key(k) for k in OrgKind.values]
    totals = read_totals([org.pk], keys, [ALL])
    return {k: totals.get((org.pk, kind_key(k), ALL), 0) for k in OrgKind.values}


def member_counts(*, actor: Any, org: Organization) -> dict[str, int]:
    """Members of the subtree: all, full and probationary (roll-ups: one query)."""
    totals = read_totals([org.pk], [MEMBERS, PROBATIONARY], [ALL])
    total = totals.get((org.pk, MEMBERS, ALL), 0)
    probationary = totals.get((org.pk, PROBATIONARY, ALL), 0)
    return {"total": total, "full": total - probationary, "probationary": probationary}


def member_list(*, actor: Any, org: Organization, query: str = "", direct_only: bool = False) -> QuerySet[Member]:
    qs = Member.objects.filter(scope_q(actor, "org__path")).select_related("org")
    qs = qs.filter(org=org) if direct_only else qs.filter(org__path__startswith=org.path)
    if query:
        qs = qs.filter(Q(name__contains=query) | Q(work_unit__contains=query) | Q(position__contains=query))
    return qs.order_by("org__path", "name", "id")


def transfer_history(*, actor: Any, member: Member) -> QuerySet[Transfer]:
    return member.transfers.select_related("from_org", "to_org").order_by("-created_at", "-id")


def org_search(*, actor: Any, query: str, limit: int = 20) -> QuerySet[Organization]:
    return visible_orgs(actor).filter(Q(name__contains=query) | Q(short_name__contains=query)).order_by("path")[:limit]


@dataclass(frozen=True)
class MaskedMember:
    """What a page shows of a member: ID and phone masked unless the viewer may see them."""

    member: Member
    id_number: str
    phone: str
    can_reveal: bool
    # Masked too: the date of birth is the masked part of the ID number, and a full home
    # address identifies the person.
    birth_date: str = MASKED_DATE
    address: str = ""


def masked(*, actor: Any, member: Member) -> MaskedMember:
    return MaskedMember(
        member=member,
        id_number=mask_id_number(member.id_number),
        phone=mask_phone(member.phone),
        can_reveal=can(actor, member.org, Cap.PII),
        address=mask_address(member.address),
    )
