"""Every write of practical deeds. Pages, the API, the demo and commands call these.

Each function checks access (:mod:`lixing.orgs.access`), validates, writes, keeps the roll-up
counters true (bumping the difference between a record's counters before and after) and
writes the audit row, in one transaction. ``actor`` is ``None`` for a resident or an
enterprise using a public page (no account).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lixing.accounts.audit import _actor_name, audit, snapshot
from lixing.common.identifiers import normalize_identifier
from lixing.orgs.access import Cap, can, member_of, require
from lixing.orgs.models import Member, Organization
from lixing.orgs.rollups import rollup_bump_many
from lixing.orgs.validators import validate_phone

from . import counters as c
from .models import (
    ANSWERED_STATES,
    Category,
    CategoryGroup,
    CommunityRegistration,
    EventKind,
    MicroProject,
    Milestone,
    Outcome,
    PhoneCode,
    ProjectPhase,
    RegistrationKind,
    SelectionMethod,
    ServiceActivity,
    ServiceTeam,
    SubmitterType,
    Ticket,
    TicketEvent,
    TicketPhoto,
    TicketSource,
    TicketState,
    Visit,
    VolunteerRecord,
    Vote,
    Wish,
    WishState,
    new_tracking_code,
)
from .sms import send_sms

TICKET_FIELDS = ["state", "outcome", "unit_id", "lead_id", "satisfied", "answered_on", "late_at"]


def _today() -> datetime.date:
    return timezone.localdate()


def _require_any(actor: Any, orgs: Sequence[Organization | None], cap: Cap) -> None:
    if not any(o is not None and can(actor, o, cap) for o in orgs):
        raise PermissionDenied(_("You do not have permission to do this here."))


# --- Categories --------------------------------------------------------------------------------


@transaction.atomic
def category_save(
    *, actor: Any, office: Organization, category: Category | None = None, name: str, group: str,
    expected_days: int, is_active: bool = True,
) -> Category:  # fmt: skip
    """Create or edit a problem category (district office: STRUCTURE on a top-level organisation)."""
    require(actor, office, Cap.STRUCTURE)
    if office.depth != 1:
        raise PermissionDenied(_("Only the district office configures categories."))
    before = snapshot(category) if category else None
    category = category or Category()
    category.name, category.group, category.expected_days, category.is_active = (
        name.strip(),
        group,
        expected_days,
        is_active,
    )
    category.full_clean()
    category.save()
    audit(actor=actor, action="deeds.category_save", obj=category, org_path=office.path, before=before,
          after=snapshot(category))  # fmt: skip
    return category


# --- Visits ------------------------------------------------------------------------------------


@dataclass
class ProblemIn:
    title: str
    description: str
    category: Category
    kind: str = "problem"


@transaction.atomic
def visit_create(
    *, actor: Any, org: Organization, target_type: str, target_name: str, visited_on: datetime.date, topic: str,
    members: Sequence[Member] = (), notes: str = "", problems: Sequence[ProblemIn] = (),
) -> Visit:  # fmt: skip
    """Record a research visit and the problems and suggestions collected there (maybe none)."""
    require(actor, org, Cap.RECORDS)
    for m in members:
        if not can(actor, m.org, Cap.VIEW):
            raise ValidationError(_("You can only name members you can see."))
    visit = Visit(org=org, target_type=target_type, target_name=target_name.strip(), visited_on=visited_on,
                  topic=topic.strip(), notes=notes)  # fmt: skip
    visit.full_clean()
    visit.save()
    visit.members.set(members)
    rollup_bump_many(c.visit_bumps(visit, +1))
    audit(actor=actor, action="deeds.visit_create", obj=visit, org_path=org.path,
          after={**snapshot(visit), "members": [m.pk for m in members], "problems": len(problems)})  # fmt: skip
    submitter = "enterprise" if target_type == "enterprise" else "grassroots"
    for p in problems:
        ticket_create(
            actor=actor, office=org, source=TicketSource.VISIT, visit=visit, category=p.category, title=p.title,
            description=p.description, kind=p.kind, submitter_type=submitter, received_on=visited_on,
            enterprise_name=target_name if target_type == "enterprise" else "",
        )  # fmt: skip
    return visit


# --- Tickets -----------------------------------------------------------------------------------


def _event(ticket: Ticket, kind: str, actor: Any, note: str = "", at: datetime.datetime | None = None) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket, at=at or timezone.now(), kind=kind, state=ticket.state, unit=ticket.unit,
        actor_name=_actor_name(actor) if actor is not None else "anonymous", note=note,
    )  # fmt: skip


def _load(ticket: Ticket) -> Ticket:
    """The ticket with what counters need, locked for the change."""
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("category", "visit", "office", "unit")
        .get(pk=ticket.pk)
    )


def _apply(ticket: Ticket, before: list[Any], fields: list[str]) -> None:
    ticket.save(update_fields=[*fields, "updated_at"])
    ticket = Ticket.objects.select_related("category", "visit", "office", "unit").get(pk=ticket.pk)
    rollup_bump_many([*before, *c.ticket_bumps(ticket, +1)])


@transaction.atomic
def ticket_create(
    *, actor: Any, office: Organization, source: str, category: Category, title: str, description: str,
    submitter_type: str, submitter_name: str = "", submitter_phone: str = "", enterprise_name: str = "",
    location: str = "", kind: str = "problem", visit: Visit | None = None,
    received_on: datetime.date | None = None, photos: Sequence[UploadedFile] = (),
) -> Ticket:  # fmt: skip
    """A new problem. Staff (RECORDS on ``office``) record visits, calls, letters and
    meetings; ``actor=None`` with source "public" is the public form (no account)."""
    if source != TicketSource.PUBLIC:
        require(actor, office, Cap.RECORDS)
    if submitter_phone:
        submitter_phone = validate_phone(submitter_phone)
    received_on = received_on or _today()
    ticket = Ticket(
        office=office, source=source, category=category, title=title.strip(), description=description.strip(),
        submitter_type=submitter_type, submitter_name=submitter_name.strip(), submitter_phone=submitter_phone,
        enterprise_name=enterprise_name.strip(), location=location.strip(), kind=kind, visit=visit,
        received_on=received_on, due_on=received_on + datetime.timedelta(days=category.expected_days),
    )  # fmt: skip
    ticket.full_clean(exclude=["code"])
    for _attempt in range(5):  # a collision in 2**50 codes is unlikely; retry rather than fail
        try:
            with transaction.atomic():
                ticket.save()
            break
        except IntegrityError:
            ticket.pk = None
            ticket.code = new_tracking_code()
    for f in photos:
        TicketPhoto.objects.create(ticket=ticket, file=f)
    _event(ticket, EventKind.RECEIVED, actor)
    ticket = Ticket.objects.select_related("category", "visit", "office", "unit").get(pk=ticket.pk)
    rollup_bump_many(c.ticket_bumps(ticket, +1))
    audit(actor=actor, action="deeds.ticket_create", obj=ticket, org_path=office.path,
          after=snapshot(ticket, ["code", "source", "category_id", "kind", "received_on", "due_on"]))  # fmt: skip
    return ticket


def ticket_raise(
    *, actor: Any, office: Organization, title: str, description: str, enterprise_name: str = "",
    location: str = "", received_on: datetime.date | None = None, unit: Organization | None = None,
) -> Ticket:  # fmt: skip
    """A problem another line of work found on site (a key project's weekly report …), raised
    in one call: an enterprise problem (the base category 企业难题) received by ``office`` from
    a visit, and given to ``unit`` at once when one is named. Other apps call this, not
    :func:`ticket_create` with deeds' own categories."""
    category = Category.objects.filter(group=CategoryGroup.ENTERPRISE).order_by("order", "id").first()
    if category is None:  # the base category (migration 0002) was removed: make it again
        category, _created = Category.objects.get_or_create(
            name="企业难题", defaults={"group": CategoryGroup.ENTERPRISE, "expected_days": 15, "order": 20}
        )
    with transaction.atomic():
        ticket = ticket_create(
            actor=actor, office=office, source=TicketSource.VISIT, category=category, title=title,
            description=description, submitter_type=SubmitterType.ENTERPRISE, enterprise_name=enterprise_name,
            location=location, received_on=received_on,
        )  # fmt: skip
        if unit is not None:
            ticket = ticket_assign(actor=actor, ticket=ticket, unit=unit)
    return ticket


@transaction.atomic
def ticket_assign(
    *, actor: Any, ticket: Ticket, unit: Organization, lead: Member | None = None, note: str = ""
) -> Ticket:
    """The office gives the ticket a responsible unit and a lead cadre (also to reassign)."""
    ticket = _load(ticket)
    require(actor, ticket.office, Cap.STRUCTURE)
    if not ticket.is_open:
        raise ValidationError(_("Only an open ticket can be assigned."))
    if not unit.path.startswith(ticket.office.path) or not unit.is_active:
        raise ValidationError(_("Choose an active unit inside the office's organisation."))
    if lead is not None and not lead.org.path.startswith(unit.path):
        raise ValidationError(_("The lead cadre must belong to the responsible unit."))
    before_snap, before = snapshot(ticket, TICKET_FIELDS), c.ticket_bumps(ticket, -1)
    ticket.unit, ticket.lead = unit, lead
    if ticket.state == TicketState.NEW:
        ticket.state = TicketState.ASSIGNED
    _apply(ticket, before, ["unit", "lead", "state"])
    _event(ticket, EventKind.ASSIGNED, actor, note)
    audit(actor=actor, action="deeds.ticket_assign", obj=ticket, org_path=unit.path, before=before_snap,
          after=snapshot(ticket, TICKET_FIELDS))  # fmt: skip
    return ticket


def _require_unit(actor: Any, ticket: Ticket) -> None:
    if ticket.unit is None:
        raise ValidationError(_("The ticket has no responsible unit yet."))
    require(actor, ticket.unit, Cap.RECORDS)


@transaction.atomic
def ticket_start(*, actor: Any, ticket: Ticket, note: str = "") -> Ticket:
    ticket = _load(ticket)
    _require_unit(actor, ticket)
    if ticket.state != TicketState.ASSIGNED:
        raise ValidationError(_("Only an assigned ticket can be started."))
    ticket.state = TicketState.IN_PROGRESS
    ticket.save(update_fields=["state", "updated_at"])
    _event(ticket, EventKind.STARTED, actor, note)
    audit(actor=actor, action="deeds.ticket_start", obj=ticket, org_path=ticket.unit.path if ticket.unit else "",
          after={"state": ticket.state})  # fmt: skip
    return ticket


@transaction.atomic
def ticket_note(*, actor: Any, ticket: Ticket, note: str) -> Ticket:
    ticket = _load(ticket)
    _require_any(actor, [ticket.unit, ticket.office], Cap.RECORDS)
    if not note.strip():
        raise ValidationError(_("Write the note."))
    _event(ticket, EventKind.NOTE, actor, note.strip())
    audit(actor=actor, action="deeds.ticket_note", obj=ticket, org_path=ticket.office.path, after={"note": note})
    return ticket


@transaction.atomic
def ticket_answer(
    *, actor: Any, ticket: Ticket, outcome: str, reply: str = "", reason: str = "", on: datetime.date | None = None
) -> Ticket:
    """The unit reports the outcome: resolved, partially resolved, or cannot be resolved (reason required)."""
    ticket = _load(ticket)
    _require_unit(actor, ticket)
    if ticket.state not in (TicketState.ASSIGNED, TicketState.IN_PROGRESS):
        raise ValidationError(_("Only a ticket being worked on can be answered."))
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose an outcome."))
    if outcome in (Outcome.CANNOT, Outcome.PARTIAL) and not reason.strip():
        raise ValidationError({"reason": _("Give the reason why it cannot be (fully) resolved.")})
    before_snap, before = snapshot(ticket, TICKET_FIELDS), c.ticket_bumps(ticket, -1)
    on = on or _today()
    ticket.state = TicketState(outcome)
    ticket.outcome, ticket.reply, ticket.reason = outcome, reply.strip(), reason.strip()
    ticket.answered_on = on
    ticket.resolve_days = max((on - ticket.received_on).days, 0)
    _apply(ticket, before, ["state", "outcome", "reply", "reason", "answered_on", "resolve_days"])
    _event(ticket, EventKind.ANSWERED, actor, reason.strip() or reply.strip())
    audit(actor=actor, action="deeds.ticket_answer", obj=ticket, org_path=ticket.unit.path if ticket.unit else "",
          before=before_snap, after=snapshot(ticket, TICKET_FIELDS))  # fmt: skip
    return ticket


@transaction.atomic
def ticket_confirm(*, actor: Any, ticket: Ticket, satisfied: bool, note: str = "", by_code: bool = False) -> Ticket:
    """The submitter confirms the answer. Satisfied closes it; not satisfied reopens it.

    ``by_code``: the submitter, holding the tracking code (no account). Otherwise staff
    record the submitter's answer given by phone (RECORDS on the office or the unit).
    """
    ticket = _load(ticket)
    if not by_code:
        _require_any(actor, [ticket.unit, ticket.office], Cap.RECORDS)
    if ticket.state not in ANSWERED_STATES:
        raise ValidationError(_("There is no answer to confirm yet."))
    before_snap, before = snapshot(ticket, TICKET_FIELDS), c.ticket_bumps(ticket, -1)
    ticket.satisfied = satisfied
    fields = ["satisfied", "state"]
    if satisfied:
        ticket.state = TicketState.CONFIRMED
    else:
        ticket.state = TicketState.IN_PROGRESS
        ticket.outcome, ticket.answered_on, ticket.resolve_days = "", None, None
        ticket.reopen_count += 1
        ticket.due_on = max(ticket.due_on, _today() + datetime.timedelta(days=ticket.category.expected_days))
        fields += ["outcome", "answered_on", "resolve_days", "reopen_count", "due_on"]
    _apply(ticket, before, fields)
    _event(
        ticket, EventKind.CONFIRMED if satisfied else EventKind.REOPENED, actor if not by_code else None, note.strip()
    )
    audit(actor=actor if not by_code else None, action="deeds.ticket_confirm", obj=ticket,
          org_path=(ticket.unit or ticket.office).path, before=before_snap, after=snapshot(ticket, TICKET_FIELDS))  # fmt: skip
    return ticket


@dataclass
class EscalationResult:
    flagged: int
    reminded: int
    supervised: int


def tickets_escalate(*, actor: Any, today: datetime.date | None = None) -> EscalationResult:
    """Tickets only (``escalate_tickets``): the escalation ladder's run for the ticket source
    (``deeds/escalation.py``): flag late tickets, a reminder once, then a supervision notice once."""
    from lixing.escalation.services import escalate_run

    from .escalation import SOURCE

    (r,) = escalate_run(actor=actor, today=today or _today(), sources=[SOURCE])
    return EscalationResult(r.prepared.get("flagged", 0), r.reminders, r.notices)


# --- Micro livelihood projects ---------------------------------------------------------------


def _project(project: MicroProject) -> MicroProject:
    return MicroProject.objects.select_for_update(of=("self",)).select_related("org").get(pk=project.pk)


def _save_project(project: MicroProject, before: list[Any], fields: list[str]) -> None:
    project.full_clean()
    project.save(update_fields=[*fields, "updated_at"])
    rollup_bump_many([*before, *c.project_bumps(project, +1)])


@transaction.atomic
def project_propose(
    *, actor: Any, org: Organization, title: str, description: str, proposer_kind: str, proposer_name: str = "",
    proposer_phone: str = "", proposed_on: datetime.date | None = None,
) -> MicroProject:  # fmt: skip
    """A proposal from a resident (public page, ``actor=None``) or a unit (RECORDS on ``org``)."""
    if actor is not None:
        require(actor, org, Cap.RECORDS)
    if proposer_phone:
        proposer_phone = validate_phone(proposer_phone)
    project = MicroProject(org=org, title=title.strip(), description=description.strip(), proposer_kind=proposer_kind,
                           proposer_name=proposer_name.strip(), proposer_phone=proposer_phone,
                           proposed_on=proposed_on or _today())  # fmt: skip
    project.full_clean()
    project.save()
    rollup_bump_many(c.project_bumps(project, +1))
    audit(actor=actor, action="deeds.project_propose", obj=project, org_path=org.path,
          after=snapshot(project, ["title", "proposer_kind", "proposed_on"]))  # fmt: skip
    return project


@transaction.atomic
def project_review(
    *, actor: Any, project: MicroProject, feasible: bool, feasibility: str, estimated_cost: int | None,
    open_vote: bool = False, on: datetime.date | None = None,
) -> MicroProject:  # fmt: skip
    project = _project(project)
    require(actor, project.org, Cap.RECORDS)
    if project.phase != ProjectPhase.PROPOSED:
        raise ValidationError(_("Only a new proposal can be reviewed."))
    if not feasibility.strip():
        raise ValidationError({"feasibility": _("Write the feasibility assessment.")})
    if feasible and not estimated_cost:
        raise ValidationError({"estimated_cost": _("Give the estimated cost of a feasible project.")})
    before = c.project_bumps(project, -1)
    project.phase = ProjectPhase.REVIEWED if feasible else ProjectPhase.REJECTED
    project.feasibility, project.estimated_cost = feasibility.strip(), estimated_cost
    project.reviewed_on = on or _today()
    project.voting_open = feasible and open_vote
    _save_project(project, before, ["phase", "feasibility", "estimated_cost", "reviewed_on", "voting_open"])
    audit(actor=actor, action="deeds.project_review", obj=project, org_path=project.org.path,
          after=snapshot(project, ["phase", "estimated_cost", "voting_open"]))  # fmt: skip
    return project


@transaction.atomic
def project_select(
    *, actor: Any, project: MicroProject, method: str, budget: int, council_decision: str = "",
    on: datetime.date | None = None,
) -> MicroProject:  # fmt: skip
    project = _project(project)
    require(actor, project.org, Cap.RECORDS)
    if project.phase != ProjectPhase.REVIEWED:
        raise ValidationError(_("Only a reviewed proposal can be selected."))
    if method in (SelectionMethod.COUNCIL, SelectionMethod.BOTH) and not council_decision.strip():
        raise ValidationError({"council_decision": _("Record the residents' council decision.")})
    if method in (SelectionMethod.VOTE, SelectionMethod.BOTH) and project.votes == 0:
        raise ValidationError({"method": _("No public votes have been cast for this project.")})
    if budget <= 0:
        raise ValidationError({"budget": _("Give the budget.")})
    before = c.project_bumps(project, -1)
    project.phase, project.selection_method, project.budget = ProjectPhase.SELECTED, method, budget
    project.council_decision, project.selected_on, project.voting_open = council_decision.strip(), on or _today(), False
    _save_project(project, before, ["phase", "selection_method", "budget", "council_decision", "selected_on",
                                    "voting_open"])  # fmt: skip
    audit(actor=actor, action="deeds.project_select", obj=project, org_path=project.org.path,
          after=snapshot(project, ["phase", "selection_method", "budget", "votes"]))  # fmt: skip
    return project


@transaction.atomic
def milestone_add(
    *, actor: Any, project: MicroProject, title: str, reached_on: datetime.date, progress: int, spent: int = 0,
    note: str = "",
) -> Milestone:  # fmt: skip
    project = _project(project)
    require(actor, project.org, Cap.RECORDS)
    if project.phase not in (ProjectPhase.SELECTED, ProjectPhase.IMPLEMENTING):
        raise ValidationError(_("Milestones are recorded for selected projects being implemented."))
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
    milestone = Milestone(project=project, title=title.strip(), reached_on=reached_on, progress=progress, spent=spent,
                          note=note)  # fmt: skip
    milestone.full_clean()
    milestone.save()
    before = c.project_bumps(project, -1)
    project.phase = ProjectPhase.IMPLEMENTING
    project.progress = max(project.progress, progress)
    project.spent += spent
    _save_project(project, before, ["phase", "progress", "spent"])
    rollup_bump_many(c.milestone_bumps(milestone, project, +1))
    audit(actor=actor, action="deeds.milestone_add", obj=milestone, org_path=project.org.path,
          after=snapshot(milestone, ["title", "reached_on", "progress", "spent"]))  # fmt: skip
    return milestone


@transaction.atomic
def project_accept(*, actor: Any, project: MicroProject, note: str, on: datetime.date | None = None) -> MicroProject:
    project = _project(project)
    require(actor, project.org, Cap.RECORDS)
    if project.phase != ProjectPhase.IMPLEMENTING or project.progress < 100:
        raise ValidationError(_("A project is accepted when its milestones reach 100%."))
    before = c.project_bumps(project, -1)
    project.phase, project.accepted_on, project.acceptance_note = ProjectPhase.ACCEPTED, on or _today(), note.strip()
    _save_project(project, before, ["phase", "accepted_on", "acceptance_note"])
    audit(actor=actor, action="deeds.project_accept", obj=project, org_path=project.org.path,
          after=snapshot(project, ["phase", "accepted_on", "spent", "budget"]))  # fmt: skip
    return project


# --- Phone verification and votes --------------------------------------------------------------


def phone_hash(phone: str) -> str:
    """A keyed hash: the vote table proves one vote per phone without keeping the number."""
    return hmac.new(settings.SECRET_KEY.encode(), b"deeds-phone:" + phone.encode(), hashlib.sha256).hexdigest()


def _code_hash(phone_h: str, code: str) -> str:
    return hashlib.sha256(f"{phone_h}:{code}".encode()).hexdigest()


CODE_TTL_MINUTES = 10
MAX_CODE_ATTEMPTS = 5


@transaction.atomic
def phone_code_send(*, phone: str) -> None:
    """Make a 6-digit one-time code for ``phone`` and send it through the configured sender."""
    phone = validate_phone(phone)
    code = f"{secrets.randbelow(10**6):06d}"
    h = phone_hash(phone)
    PhoneCode.objects.filter(phone_hash=h, used_at__isnull=True).update(used_at=timezone.now())
    PhoneCode.objects.create(phone_hash=h, code_hash=_code_hash(h, code),
                             expires_at=timezone.now() + datetime.timedelta(minutes=CODE_TTL_MINUTES))  # fmt: skip
    text = _("Your Lixing verification code is %(code)s (valid %(minutes)d minutes).") % {
        "code": code, "minutes": CODE_TTL_MINUTES,
    }  # fmt: skip
    transaction.on_commit(lambda: send_sms(phone, text))


@transaction.atomic
def phone_code_verify(*, phone: str, code: str) -> str:
    """The phone's hash if ``code`` is its current code (used once); ValidationError otherwise."""
    phone = validate_phone(phone)
    h = phone_hash(phone)
    pending = (
        PhoneCode.objects.select_for_update(of=("self",))
        .filter(phone_hash=h, used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )
    if pending is None or pending.attempts >= MAX_CODE_ATTEMPTS:
        raise ValidationError({"code": _("The code has expired. Ask for a new one.")})
    if not hmac.compare_digest(pending.code_hash, _code_hash(h, normalize_identifier(code))):
        PhoneCode.objects.filter(pk=pending.pk).update(attempts=F("attempts") + 1)
        raise ValidationError({"code": _("The code is wrong. Check the message and try again.")})
    PhoneCode.objects.filter(pk=pending.pk).update(used_at=timezone.now())
    return h


def vote_cast(*, project: MicroProject, phone_h: str) -> Vote:
    """One approval vote per verified phone. A second vote is refused by the database."""
    if not (project.phase == ProjectPhase.REVIEWED and project.voting_open):
        raise ValidationError(_("Voting is not open for this project."))
    try:
        with transaction.atomic():
            vote = Vote.objects.create(project=project, phone_hash=phone_h)
            MicroProject.objects.filter(pk=project.pk).update(votes=F("votes") + 1)
    except IntegrityError:
        raise ValidationError(_("This phone has already voted for this project.")) from None
    return vote


# --- Micro-wishes ------------------------------------------------------------------------------


def _wish(wish: Wish) -> Wish:
    return Wish.objects.select_for_update(of=("self",)).select_related("org", "claimed_by").get(pk=wish.pk)


@transaction.atomic
def wish_post(
    *, actor: Any, org: Organization, beneficiary_name: str, title: str, description: str = "",
    posted_on: datetime.date | None = None,
) -> Wish:  # fmt: skip
    require(actor, org, Cap.RECORDS)
    wish = Wish(org=org, beneficiary_name=beneficiary_name.strip(), title=title.strip(), description=description,
                posted_on=posted_on or _today())  # fmt: skip
    wish.full_clean()
    wish.save()
    rollup_bump_many(c.wish_bumps(wish, +1))
    audit(
        actor=actor, action="deeds.wish_post", obj=wish, org_path=org.path, after=snapshot(wish, ["title", "posted_on"])
    )
    return wish


@transaction.atomic
def wish_claim(*, actor: Any, wish: Wish, member: Member | None = None, on: datetime.date | None = None) -> Wish:
    """A member claims a wish (``member``: the signed-in member; the system may name one)."""
    wish = _wish(wish)
    member = member if getattr(actor, "is_system", False) else member_of(actor)
    if member is None:
        raise PermissionDenied(_("Only a party member can claim a wish."))
    if wish.state != WishState.POSTED:
        raise ValidationError(_("This wish has already been claimed."))
    before = c.wish_bumps(wish, -1)
    wish.state, wish.claimed_by, wish.claimed_on = WishState.CLAIMED, member, on or _today()
    wish.save(update_fields=["state", "claimed_by", "claimed_on", "updated_at"])
    rollup_bump_many([*before, *c.wish_bumps(wish, +1)])
    audit(actor=actor, action="deeds.wish_claim", obj=wish, org_path=wish.org.path, after={"member": member.pk})
    return wish


@transaction.atomic
def wish_fulfil(
    *, actor: Any, wish: Wish, note: str, photo: UploadedFile | None = None, on: datetime.date | None = None
) -> Wish:
    wish = _wish(wish)
    member = member_of(actor)
    if not getattr(actor, "is_system", False) and (member is None or member.pk != wish.claimed_by_id):
        raise PermissionDenied(_("Only the member who claimed the wish can report it fulfilled."))
    if wish.state != WishState.CLAIMED:
        raise ValidationError(_("Only a claimed wish can be fulfilled."))
    if not note.strip():
        raise ValidationError({"note": _("Say how the wish was fulfilled.")})
    wish.state, wish.fulfil_note, wish.fulfilled_on = WishState.FULFILLED, note.strip(), on or _today()
    fields = ["state", "fulfil_note", "fulfilled_on", "updated_at"]
    if photo is not None:
        wish.photo = photo  # type: ignore[assignment]
        fields.append("photo")
    wish.save(update_fields=fields)
    audit(actor=actor, action="deeds.wish_fulfil", obj=wish, org_path=wish.org.path, after={"note": wish.fulfil_note})
    return wish


@transaction.atomic
def wish_confirm(*, actor: Any, wish: Wish, on: datetime.date | None = None) -> Wish:
    wish = _wish(wish)
    require(actor, wish.org, Cap.RECORDS)
    if wish.state != WishState.FULFILLED:
        raise ValidationError(_("Only a fulfilled wish can be confirmed."))
    before = c.wish_bumps(wish, -1)
    wish.state, wish.confirmed_on = WishState.CONFIRMED, on or _today()
    wish.save(update_fields=["state", "confirmed_on", "updated_at"])
    rollup_bump_many([*before, *c.wish_bumps(wish, +1)])
    audit(actor=actor, action="deeds.wish_confirm", obj=wish, org_path=wish.org.path, after={"state": wish.state})
    return wish


# --- Community registration and volunteering ---------------------------------------------------


@transaction.atomic
def register_unit(
    *, actor: Any, community: Organization, unit: Organization, on: datetime.date | None = None
) -> CommunityRegistration:
    """A unit registers with a community (its admin, or the community, records it)."""
    _require_any(actor, [unit, community], Cap.RECORDS)
    if unit.pk == community.pk:
        raise ValidationError(_("A unit cannot register with itself."))
    if CommunityRegistration.objects.filter(community=community, unit=unit).exists():
        raise ValidationError(_("This unit is already registered with this community."))
    first = _first_registration(unit)
    reg = CommunityRegistration(community=community, kind=RegistrationKind.UNIT, unit=unit,
                                registered_on=on or _today())  # fmt: skip
    reg.full_clean()
    reg.save()
    rollup_bump_many(c.unit_registered_bumps(unit, first, _first_registration(unit)))
    audit(actor=actor, action="deeds.register_unit", obj=reg, org_path=community.path, after={"unit": unit.pk})
    return reg


def _first_registration(unit: Organization) -> datetime.date | None:
    return (
        CommunityRegistration.objects.filter(unit=unit)
        .order_by("registered_on")
        .values_list("registered_on", flat=True)
        .first()
    )


@transaction.atomic
def register_member(
    *, actor: Any, community: Organization, member: Member, on: datetime.date | None = None
) -> CommunityRegistration:
    """An in-service member registers with the community where they live (once; a new
    registration replaces the old one after a move)."""
    if member_of(actor) != member:
        require(actor, member.org, Cap.MEMBERS)
    old = CommunityRegistration.objects.select_related("community").filter(member=member).first()
    if old is not None:
        if old.community_id == community.pk:
            raise ValidationError(_("You are already registered with this community."))
        rollup_bump_many(c.registration_bumps(old, -1))
        old.delete()
    reg = CommunityRegistration(community=community, kind=RegistrationKind.MEMBER, member=member,
                                registered_on=on or _today())  # fmt: skip
    reg.full_clean()
    reg.save()
    rollup_bump_many(c.registration_bumps(reg, +1))
    audit(actor=actor, action="deeds.register_member", obj=reg, org_path=community.path,
          after={"member": member.pk, "previous": old.community_id if old else None})  # fmt: skip
    return reg


@transaction.atomic
def activity_publish(
    *, actor: Any, community: Organization, title: str, held_on: datetime.date, place: str = "",
    description: str = "", capacity: int | None = None,
) -> ServiceActivity:  # fmt: skip
    require(actor, community, Cap.RECORDS)
    activity = ServiceActivity(community=community, title=title.strip(), held_on=held_on, place=place,
                               description=description, capacity=capacity)  # fmt: skip
    activity.full_clean()
    activity.save()
    rollup_bump_many(c.activity_bumps(activity, +1))
    audit(actor=actor, action="deeds.activity_publish", obj=activity, org_path=community.path,
          after=snapshot(activity, ["title", "held_on"]))  # fmt: skip
    return activity


@transaction.atomic
def activity_sign_up(*, actor: Any, activity: ServiceActivity, member: Member | None = None) -> VolunteerRecord:
    member = member if getattr(actor, "is_system", False) else member_of(actor)
    if member is None:
        raise PermissionDenied(_("Only a party member can sign up."))
    activity = ServiceActivity.objects.select_for_update(of=("self",)).get(pk=activity.pk)
    if activity.capacity and activity.records.count() >= activity.capacity:
        raise ValidationError(_("The activity is full."))
    if VolunteerRecord.objects.filter(activity=activity, member=member).exists():
        raise ValidationError(_("You have already signed up."))
    record = VolunteerRecord.objects.create(activity=activity, member=member)
    audit(actor=actor, action="deeds.activity_sign_up", obj=record, org_path=member.org.path,
          after={"activity": activity.pk})  # fmt: skip
    return record


def _record(record: VolunteerRecord) -> VolunteerRecord:
    return (
        VolunteerRecord.objects.select_for_update(of=("self",))
        .select_related("activity__community", "member__org")
        .get(pk=record.pk)
    )


@transaction.atomic
def volunteer_log(*, actor: Any, record: VolunteerRecord, hours: Any, people_served: int) -> VolunteerRecord:
    """Hours and people served, by the member or the community; unconfirmed until the community confirms."""
    record = _record(record)
    if member_of(actor) != record.member:
        require(actor, record.activity.community, Cap.RECORDS)
    if record.confirmed_at is not None:
        raise ValidationError(_("Confirmed service can no longer be changed."))
    record.hours, record.people_served = hours, people_served
    record.full_clean()
    record.save(update_fields=["hours", "people_served", "updated_at"])
    audit(actor=actor, action="deeds.volunteer_log", obj=record, org_path=record.member.org.path,
          after={"hours": hours, "people_served": people_served})  # fmt: skip
    return record


@transaction.atomic
def volunteer_confirm(*, actor: Any, record: VolunteerRecord) -> VolunteerRecord:
    record = _record(record)
    require(actor, record.activity.community, Cap.RECORDS)
    if record.confirmed_at is not None:
        return record
    if record.hours <= 0:
        raise ValidationError(_("Record the hours before confirming."))
    record.confirmed_at = timezone.now()
    record.save(update_fields=["confirmed_at", "updated_at"])
    rollup_bump_many(c.volunteer_bumps(record, +1))
    audit(actor=actor, action="deeds.volunteer_confirm", obj=record, org_path=record.activity.community.path,
          after={"hours": record.hours, "people_served": record.people_served})  # fmt: skip
    return record


@transaction.atomic
def team_create(
    *, actor: Any, org: Organization, kind: str, name: str, focus: str = "", address: str = ""
) -> ServiceTeam:
    require(actor, org, Cap.RECORDS)
    team = ServiceTeam(org=org, kind=kind, name=name.strip(), focus=focus, address=address)
    team.full_clean()
    team.save()
    rollup_bump_many(c.team_bumps(team, +1))
    audit(actor=actor, action="deeds.team_create", obj=team, org_path=org.path, after=snapshot(team, ["kind", "name"]))
    return team


@transaction.atomic
def team_add_members(*, actor: Any, team: ServiceTeam, members: Sequence[Member]) -> ServiceTeam:
    require(actor, team.org, Cap.RECORDS)
    for m in members:
        # The same scope as the team itself: a member is added only by whom may record for their branch.
        if not can(actor, m.org, Cap.RECORDS):
            raise ValidationError(_("You can only add members of organisations you record for."))
    team.members.add(*members)
    audit(actor=actor, action="deeds.team_add_members", obj=team, org_path=team.org.path,
          after={"members": [m.pk for m in members]})  # fmt: skip
    return team
