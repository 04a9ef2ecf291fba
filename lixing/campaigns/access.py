"""Who may see and act on a campaign, an assignment, a notice: built on lixing.orgs.access.

* A campaign is visible to whoever sees its organisation, and to every unit inside the
  subtree it covers (they work on it); planning needs STRUCTURE over its organisation.
* An assignment is visible to whoever sees its unit, its task's lead unit, or the campaign's
  organisation; the unit reports (RECORDS over the unit), the lead unit verifies.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from lixing.escalation.models import Escalation
from lixing.escalation.selectors import access_escalation
from lixing.orgs.access import Cap, can, paths_with, scope_q
from lixing.orgs.rollups import ancestor_paths

from .models import Assignment, Campaign
from .supervision import SOURCE, attach_assignments


def campaigns_q(actor: Any) -> Q:
    """Campaigns the actor sees: those over their subtree, and those covering it."""
    covering = {p for path in paths_with(actor, Cap.VIEW) for p in ancestor_paths(path)}
    return scope_q(actor, "org__path") | Q(org__path__in=covering)


def access_campaign(actor: Any, campaign_id: int | str, cap: Cap = Cap.VIEW) -> Campaign:
    """The campaign; 404 if it is not visible, 403 if ``cap`` over its organisation is missing
    (VIEW on a campaign only needs to be inside it)."""
    try:
        campaign = Campaign.objects.select_related("org").filter(campaigns_q(actor)).get(pk=int(campaign_id))
    except (Campaign.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such campaign.")) from None
    if cap != Cap.VIEW and not can(actor, campaign.org, cap):
        raise PermissionDenied(_("You do not have permission to do this here."))
    return campaign


def is_office(actor: Any, campaign: Campaign) -> bool:
    """Sees the whole plan (the campaign's organisation is in the actor's scope)."""
    return can(actor, campaign.org, Cap.VIEW)


def assignments_q(actor: Any) -> Q:
    return (
        scope_q(actor, "unit__path") | scope_q(actor, "task__lead_unit__path") | scope_q(actor, "campaign__org__path")
    )


def access_assignment(actor: Any, assignment_id: int | str) -> Assignment:
    try:
        return (
            Assignment.objects.select_related("task__measure__theme", "task__lead_unit", "unit", "campaign__org")
            .filter(assignments_q(actor))
            .get(pk=int(assignment_id))
        )
    except (Assignment.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such task.")) from None


def access_supervision(actor: Any, supervision_id: int | str) -> Escalation:
    """A campaign task's escalation step (its unit's or the campaign office's), with its assignment."""
    e = access_escalation(actor, supervision_id)
    if e.source != SOURCE:
        raise Http404(_("No such notice."))
    (e,) = attach_assignments([e])
    if e.assignment is None:  # type: ignore[attr-defined]
        raise Http404(_("No such notice."))
    return e
