"""The one place that decides who may see and change what.

Every role a user holds is scoped to an organisation subtree (``RoleAssignment.org`` and
everything below it). A view never filters by hand: it calls :func:`access_org` for one
organisation, :func:`visible_orgs` for a list, or :func:`scope_q` to filter records of any
model by the path of the organisation they belong to.

Capabilities:

* ``VIEW`` – see the subtree's organisations, records and figures (every role).
* ``RECORDS`` – record the work that happens there: sessions, attendance, progress, tickets
  (district admin, unit admin, secretary).
* ``MEMBERS`` – edit the roster (district admin, unit admin, secretary).
* ``STRUCTURE`` – create, rename, move, merge, dissolve organisations; import rosters; run
  campaigns (district admin, unit admin).
* ``PII`` – see ID numbers and phones in full, which is logged (district admin, unit admin).
* ``AUDIT`` – read the audit and access logs (auditor, district admin).

A plain member's role gives VIEW over their own branch only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from lixing.accounts.models import Role

from .models import Member, Organization


class Cap(StrEnum):
    VIEW = "view"
    RECORDS = "records"
    MEMBERS = "members"
    STRUCTURE = "structure"
    PII = "pii"
    AUDIT = "audit"


ROLE_CAPS: dict[str, frozenset[Cap]] = {
    Role.DISTRICT_ADMIN: frozenset(Cap),
    Role.UNIT_ADMIN: frozenset({Cap.VIEW, Cap.RECORDS, Cap.MEMBERS, Cap.STRUCTURE, Cap.PII}),
    Role.SECRETARY: frozenset({Cap.VIEW, Cap.RECORDS, Cap.MEMBERS}),
    Role.MEMBER: frozenset({Cap.VIEW}),
    Role.AUDITOR: frozenset({Cap.VIEW, Cap.AUDIT}),
}


@dataclass(frozen=True)
class Scope:
    role: str
    org_id: int
    path: str
    caps: frozenset[Cap]


class SystemActor:
    """Commands, scheduled jobs and the demo act as the system: every tree, every right.
    Audit rows name it "system". Pages and the API never act as the system."""

    is_authenticated = False
    is_superuser = True
    is_system = True
    pk = None

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


def scopes(user: Any) -> list[Scope]:
    """The user's scopes, cached on the user object for the request."""
    if isinstance(user, SystemActor):
        roots = Organization.objects.filter(depth=1).values_list("id", "path")
        return [Scope(Role.DISTRICT_ADMIN, pk, path, ROLE_CAPS[Role.DISTRICT_ADMIN]) for pk, path in roots]
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_lixing_scopes", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    rows = user.roles.select_related("org").filter(org__dissolved_at__isnull=True)
    result = [Scope(r.role, r.org_id, r.org.path, ROLE_CAPS[r.role]) for r in rows]
    user._lixing_scopes = result
    return result


def paths_with(user: Any, cap: Cap = Cap.VIEW) -> list[str]:
    """Root paths of the subtrees where ``user`` has ``cap`` (redundant nested ones dropped)."""
    paths = sorted({s.path for s in scopes(user) if cap in s.caps})
    kept: list[str] = []
    for p in paths:
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return kept


def can(user: Any, org: Organization | str, cap: Cap = Cap.VIEW) -> bool:
    """Does ``user`` hold ``cap`` over ``org`` (an Organization or its path)?"""
    path = org if isinstance(org, str) else org.path
    return any(path.startswith(p) for p in paths_with(user, cap))


def scope_q(user: Any, field: str = "org__path", cap: Cap = Cap.VIEW) -> Q:
    """A filter for any model: rows whose organisation (reached by ``field``) is in scope.

    ``field`` names the path lookup, e.g. ``"org__path"`` or ``"unit__path"``. A user with
    no scope gets a filter that matches nothing.
    """
    q = Q(pk__in=[])
    for p in paths_with(user, cap):
        q |= Q(**{f"{field}__startswith": p})
    return q


def visible_orgs(user: Any, cap: Cap = Cap.VIEW, *, include_dissolved: bool = False) -> QuerySet[Organization]:
    qs = Organization.objects.filter(scope_q(user, "path", cap))
    if not include_dissolved:
        qs = qs.filter(dissolved_at__isnull=True)
    return qs


def access_org(user: Any, org_id: int | str | None, cap: Cap = Cap.VIEW) -> Organization:
    """The organisation if ``user`` may act on it with ``cap``.

    404 when it does not exist or is outside every scope (no leak of what exists);
    403 when it is visible but the capability is missing.
    """
    try:
        org = Organization.objects.select_related("secretary").get(pk=int(org_id))  # type: ignore[arg-type]
    except (Organization.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such organisation.")) from None
    if not can(user, org, Cap.VIEW):
        raise Http404(_("No such organisation."))
    if not can(user, org, cap):
        raise PermissionDenied(_("You do not have permission to do this here."))
    return org


def access_member(user: Any, member_id: int | str, cap: Cap = Cap.VIEW) -> Member:
    """The member if ``user`` may act on them with ``cap``; members may always see themselves."""
    try:
        member = Member.objects.select_related("org").get(pk=int(member_id))
    except (Member.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such member.")) from None
    if cap == Cap.VIEW and member.user_id is not None and member.user_id == getattr(user, "pk", None):
        return member
    if not can(user, member.org, Cap.VIEW):
        raise Http404(_("No such member."))
    if not can(user, member.org, cap):
        raise PermissionDenied(_("You do not have permission to do this here."))
    return member


def home_org(user: Any) -> Organization | None:
    """The widest organisation the user may see: where their pages start."""
    paths = paths_with(user, Cap.VIEW)
    if not paths:
        return None
    return Organization.objects.filter(path=min(paths, key=len)).first()


def require(user: Any, org: Organization, cap: Cap) -> None:
    """Raise PermissionDenied unless ``user`` holds ``cap`` over ``org``."""
    if not can(user, org, cap):
        raise PermissionDenied(_("You do not have permission to do this here."))


def member_of(user: Any) -> Member | None:
    """The roster entry of the signed-in user, if they are a member."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.member  # type: ignore[no-any-return]
    except Member.DoesNotExist:
        return None
