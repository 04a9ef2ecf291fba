"""Every write of the campaign app. Pages, the API, the importer, the command and the demo
call these: access check, validation, write, roll-up counters and audit in one transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lixing.accounts.audit import _actor_name, audit, snapshot
from lixing.common.uploads import DOCUMENT_TYPES, IMAGE_TYPES, validate_upload
from lixing.orgs.access import Cap, require
from lixing.orgs.models import Member, Organization
from lixing.orgs.rollups import Bump, rollup_bump_many

from . import counters as K
from .models import (
    OPEN_STATUSES,
    Assignment,
    Attachment,
    Campaign,
    GroupPerson,
    GroupRole,
    Measure,
    ProgressReport,
    ReportKind,
    Status,
    Task,
    Theme,
    WorkingGroup,
)  # fmt: skip
from .progress import rollup_chain
from .scheduling import schedule_propose

CAMPAIGN_FIELDS = [
    "title", "motto", "starts_on", "ends_on", "theme_lead_days", "measure_lead_days", "task_lead_days",
    "notice_after_days", "reply_days",
]  # fmt: skip
NODE_FIELDS = ["number", "title", "due_on", "due_fixed", "weight"]
TASK_FIELDS = [*NODE_FIELDS, "lead_unit_id", "starts_on", "done_definition"]
ATTACHMENT_TYPES = IMAGE_TYPES | DOCUMENT_TYPES
ATTACHMENT_MAX_MB = 10


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _in_scope(campaign: Campaign, org: Organization, label: str) -> None:
    if not org.path.startswith(campaign.org.path):
        raise ValidationError(
            {label: _("%(org)s is outside the organisations this campaign covers.") % {"org": org.display_name}}
        )


# --- Campaign and its groups ------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *, actor: Any, org: Organization, title: str, starts_on: datetime.date, ends_on: datetime.date, motto: str = "",
    **rules: Any,
) -> Campaign:  # fmt: skip
    """Create a campaign covering ``org``'s subtree (the office: STRUCTURE over ``org``)."""
    require(actor, org, Cap.STRUCTURE)
    campaign = Campaign(org=org, title=title.strip(), motto=motto.strip(), starts_on=starts_on, ends_on=ends_on,
                        created_by=_user(actor), **rules)  # fmt: skip
    campaign.full_clean()
    if campaign.ends_on < campaign.starts_on:
        raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
    campaign.save()
    audit(actor=actor, action="campaign.create", obj=campaign, org_path=org.path,
          after=snapshot(campaign, CAMPAIGN_FIELDS))  # fmt: skip
    return campaign


@transaction.atomic
def campaign_update(*, actor: Any, campaign: Campaign, **changes: Any) -> Campaign:
    require(actor, campaign.org, Cap.STRUCTURE)
    unknown = set(changes) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    before = snapshot(campaign, CAMPAIGN_FIELDS)
    for name, value in changes.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    if campaign.ends_on < campaign.starts_on:
        raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
    campaign.save(update_fields=[*changes, "updated_at"])
    audit(actor=actor, action="campaign.update", obj=campaign, org_path=campaign.org.path, before=before,
          after=snapshot(campaign, CAMPAIGN_FIELDS))  # fmt: skip
    return campaign


@transaction.atomic
def group_create(
    *, actor: Any, campaign: Campaign, name: str, is_leading: bool = False, duty: str = ""
) -> WorkingGroup:
    require(actor, campaign.org, Cap.STRUCTURE)
    number = (WorkingGroup.objects.filter(campaign=campaign).aggregate(n=Max("number"))["n"] or 0) + 1
    group = WorkingGroup(campaign=campaign, name=name.strip(), is_leading=is_leading, duty=duty.strip(), number=number)
    group.full_clean()
    group.save()
    audit(actor=actor, action="campaign.group_create", obj=group, org_path=campaign.org.path,
          after=snapshot(group, ["campaign_id", "name", "is_leading", "duty"]))  # fmt: skip
    return group


@transaction.atomic
def group_person_add(
    *, actor: Any, group: WorkingGroup, name: str, role: str = GroupRole.MEMBER, position: str = "",
    member: Member | None = None,
) -> GroupPerson:  # fmt: skip
    campaign = group.campaign
    require(actor, campaign.org, Cap.STRUCTURE)
    if member is not None and not member.org.path.startswith(campaign.org.path):
        raise ValidationError({"member": _("This member is outside the organisations this campaign covers.")})
    person = GroupPerson(group=group, name=name.strip() or (member.name if member else ""), role=role,
                         position=position.strip(), member=member)  # fmt: skip
    person.full_clean()
    person.save()
    audit(actor=actor, action="campaign.group_person_add", obj=person, org_path=campaign.org.path,
          after=snapshot(person, ["group_id", "name", "role", "position", "member_id"]))  # fmt: skip
    return person


# --- The plan tree ----------------------------------------------------------------------


def _next_number(model: Any, **parent: Any) -> int:
    return int((model.objects.filter(**parent).aggregate(n=Max("number"))["n"] or 0) + 1)


def _check_due(campaign: Campaign, due_on: datetime.date | None) -> None:
    if due_on is not None and due_on > campaign.ends_on:
        raise ValidationError({"due_on": _("The due date is after the campaign ends (%(end)s).")
                               % {"end": campaign.ends_on.isoformat()}})  # fmt: skip


@transaction.atomic
def theme_create(
    *, actor: Any, campaign: Campaign, title: str, due_on: datetime.date | None = None,
    weight: Decimal | None = None, number: int | None = None,
) -> Theme:  # fmt: skip
    require(actor, campaign.org, Cap.STRUCTURE)
    _check_due(campaign, due_on)
    theme = Theme(campaign=campaign, title=title.strip(), due_on=due_on, due_fixed=due_on is not None, weight=weight,
                  number=number or _next_number(Theme, campaign=campaign))  # fmt: skip
    theme.full_clean()
    theme.save()
    rollup_bump_many([Bump(campaign.org_id, campaign.org.path, K.THEMES, None, 1)])
    audit(actor=actor, action="campaign.theme_create", obj=theme, org_path=campaign.org.path,
          after=snapshot(theme, NODE_FIELDS))  # fmt: skip
    return theme


@transaction.atomic
def measure_create(
    *, actor: Any, theme: Theme, title: str, due_on: datetime.date | None = None, weight: Decimal | None = None,
    number: int | None = None,
) -> Measure:  # fmt: skip
    campaign = theme.campaign
    require(actor, campaign.org, Cap.STRUCTURE)
    _check_due(campaign, due_on)
    measure = Measure(campaign=campaign, theme=theme, title=title.strip(), due_on=due_on, due_fixed=due_on is not None,
                      weight=weight, number=number or _next_number(Measure, theme=theme))  # fmt: skip
    measure.full_clean()
    measure.save()
    rollup_bump_many([Bump(campaign.org_id, campaign.org.path, K.MEASURES, None, 1)])
    audit(actor=actor, action="campaign.measure_create", obj=measure, org_path=campaign.org.path,
          after=snapshot(measure, NODE_FIELDS))  # fmt: skip
    rollup_chain_measure(measure)
    return measure


def rollup_chain_measure(measure: Measure) -> None:
    """A new or removed child changes its parents' averages."""
    task = Task.objects.filter(measure=measure).first()
    if task is not None:
        rollup_chain(task)
        return
    from .progress import weighted_average

    Measure.objects.filter(pk=measure.pk).update(progress=0)
    theme_progress = weighted_average(
        Measure.objects.filter(theme_id=measure.theme_id).values_list("progress", "weight")
    )
    Theme.objects.filter(pk=measure.theme_id).update(progress=theme_progress)
    value = weighted_average(Theme.objects.filter(campaign_id=measure.campaign_id).values_list("progress", "weight"))
    Campaign.objects.filter(pk=measure.campaign_id).update(progress=value)


@transaction.atomic
def node_update(
    *, actor: Any, node: Theme | Measure, title: str, due_on: datetime.date | None, weight: Decimal | None
) -> Theme | Measure:
    """Rename a theme or measure, fix its date by hand (``None``: leave it to the planner), reweigh it."""
    campaign = node.campaign
    require(actor, campaign.org, Cap.STRUCTURE)
    _check_due(campaign, due_on)
    before = snapshot(node, NODE_FIELDS)
    node.title, node.due_on, node.due_fixed, node.weight = title.strip(), due_on, due_on is not None, weight
    node.full_clean()
    node.save(update_fields=["title", "due_on", "due_fixed", "weight", "updated_at"])
    audit(actor=actor, action=f"campaign.{node._meta.model_name}_update", obj=node, org_path=campaign.org.path,
          before=before, after=snapshot(node, NODE_FIELDS))  # fmt: skip
    from .progress import plan_rollup

    plan_rollup(campaign)  # a weight changed: the averages above it change
    return node


def _assignment_bumps(a: Assignment, unit: Organization, sign: int) -> list[Bump]:
    bumps = [Bump(unit.pk, unit.path, K.ASSIGNMENTS, None, sign)]
    if a.status == Status.VERIFIED:
        bumps.append(Bump(unit.pk, unit.path, K.VERIFIED, None, sign))
        if a.on_time:
            bumps.append(Bump(unit.pk, unit.path, K.ON_TIME, None, sign))
    if a.is_late:
        bumps.append(Bump(unit.pk, unit.path, K.LATE, None, sign))
    return bumps


@transaction.atomic
def task_create(
    *, actor: Any, measure: Measure, title: str, lead_unit: Organization, responsible_units: Sequence[Organization],
    due_on: datetime.date | None = None, weight: Decimal | None = None, done_definition: str = "",
    starts_on: datetime.date | None = None, number: int | None = None,
) -> Task:  # fmt: skip
    """Add a task and one assignment per responsible unit (all inside the campaign's subtree)."""
    campaign = measure.campaign
    require(actor, campaign.org, Cap.STRUCTURE)
    _in_scope(campaign, lead_unit, "lead_unit")
    if not responsible_units:
        raise ValidationError({"responsible_units": _("Name at least one responsible unit.")})
    for unit in responsible_units:
        _in_scope(campaign, unit, "responsible_units")
    _check_due(campaign, due_on)
    task = Task(campaign=campaign, measure=measure, title=title.strip(), lead_unit=lead_unit, due_on=due_on,
                due_fixed=due_on is not None, weight=weight, done_definition=done_definition.strip(),
                starts_on=starts_on, number=number or _next_number(Task, measure=measure))  # fmt: skip
    task.full_clean()
    task.save()
    units = list({u.pk: u for u in responsible_units}.values())
    Assignment.objects.bulk_create([Assignment(task=task, unit=u, campaign=campaign) for u in units])
    bumps = [Bump(campaign.org_id, campaign.org.path, K.TASKS, None, 1)]
    bumps += [Bump(u.pk, u.path, K.ASSIGNMENTS, None, 1) for u in units]
    rollup_bump_many(bumps)
    audit(actor=actor, action="campaign.task_create", obj=task, org_path=campaign.org.path,
          after={**snapshot(task, TASK_FIELDS), "responsible_units": [u.pk for u in units]})  # fmt: skip
    rollup_chain(task)
    return task


@transaction.atomic
def task_update(
    *, actor: Any, task: Task, responsible_units: Sequence[Organization] | None = None, **changes: Any
) -> Task:
    """Edit a task. Setting ``due_on`` fixes it by hand; ``due_on=None`` leaves it to the planner.
    A unit can be taken off a task only while it has reported nothing."""
    campaign = task.campaign
    require(actor, campaign.org, Cap.STRUCTURE)
    allowed = {"title", "due_on", "weight", "lead_unit", "starts_on", "done_definition"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    before = snapshot(task, TASK_FIELDS)
    if "lead_unit" in changes:
        _in_scope(campaign, changes["lead_unit"], "lead_unit")
    if "due_on" in changes:
        _check_due(campaign, changes["due_on"])
        changes["due_fixed"] = changes["due_on"] is not None
    for name, value in changes.items():
        setattr(task, name, value)
    task.full_clean()
    task.save(update_fields=[*changes, "updated_at"])
    if responsible_units is not None:
        _set_units(task, responsible_units)
    audit(actor=actor, action="campaign.task_update", obj=task, org_path=campaign.org.path, before=before,
          after=snapshot(task, TASK_FIELDS))  # fmt: skip
    rollup_chain(task)
    return task


def _set_units(task: Task, units: Sequence[Organization]) -> None:
    if not units:
        raise ValidationError({"responsible_units": _("Name at least one responsible unit.")})
    for unit in units:
        _in_scope(task.campaign, unit, "responsible_units")
    current = {a.unit_id: a for a in Assignment.objects.filter(task=task).select_related("unit")}
    wanted = {u.pk: u for u in units}
    bumps: list[Bump] = []
    for unit_id, a in current.items():
        if unit_id in wanted:
            continue
        if a.reports.exists():
            raise ValidationError(
                {
                    "responsible_units": _("%(unit)s has already reported on this task; it cannot be taken off.")
                    % {"unit": a.unit.display_name}
                }
            )
        bumps += _assignment_bumps(a, a.unit, -1)
        a.delete()
    new = [Assignment(task=task, unit=u, campaign=task.campaign) for pk, u in wanted.items() if pk not in current]
    Assignment.objects.bulk_create(new)
    bumps += [Bump(a.unit.pk, a.unit.path, K.ASSIGNMENTS, None, 1) for a in new]
    rollup_bump_many(bumps)


@transaction.atomic
def task_delete(*, actor: Any, task: Task) -> None:
    """Remove a task nobody has reported on yet."""
    campaign = task.campaign
    require(actor, campaign.org, Cap.STRUCTURE)
    assignments = list(Assignment.objects.filter(task=task).select_related("unit"))
    if ProgressReport.objects.filter(assignment__task=task).exists():
        raise ValidationError(_("Units have already reported on this task; it cannot be deleted."))
    bumps = [Bump(campaign.org_id, campaign.org.path, K.TASKS, None, -1)]
    for a in assignments:
        bumps += _assignment_bumps(a, a.unit, -1)
    rollup_bump_many(bumps)
    audit(actor=actor, action="campaign.task_delete", obj=task, org_path=campaign.org.path,
          before=snapshot(task, TASK_FIELDS))  # fmt: skip
    measure = task.measure
    task.delete()
    rollup_chain_measure(measure)


@transaction.atomic
def schedule_apply(*, actor: Any, campaign: Campaign) -> int:
    """Write the planner's proposals to every date not fixed by hand. Returns how many changed."""
    require(actor, campaign.org, Cap.STRUCTURE)
    schedule = schedule_propose(campaign)
    models: dict[str, Any] = {"theme": Theme, "measure": Measure, "task": Task}
    changed = schedule.changes
    for level, model in models.items():
        rows = [model(pk=p.node_id, due_on=p.proposed) for p in changed if p.level == level]
        model.objects.bulk_update(rows, ["due_on"], batch_size=1000)  # type: ignore[attr-defined]
    audit(actor=actor, action="campaign.schedule_apply", obj=campaign, org_path=campaign.org.path,
          after={"changed": len(changed), "flagged": len(schedule.flagged)})  # fmt: skip
    return len(changed)


# --- Doing the work ---------------------------------------------------------------------


def _lock(assignment: Assignment) -> Assignment:
    """The assignment re-read under a row lock, with what the services need."""
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("task__lead_unit", "task__campaign", "unit")
        .get(pk=assignment.pk)
    )


def _set_late(a: Assignment, value: bool, bumps: list[Bump]) -> None:
    if a.is_late != value:
        a.is_late = value
        bumps.append(Bump(a.unit_id, a.unit.path, K.LATE, None, 1 if value else -1))


def _entry(actor: Any, a: Assignment, kind: str, day: datetime.date, text: str = "", **extra: Any) -> ProgressReport:
    report = ProgressReport(assignment=a, kind=kind, day=day, text=text.strip(), percent_before=a.percent,
                            percent=a.percent, author=_user(actor), author_name=_actor_name(actor), **extra)  # fmt: skip
    return report


@transaction.atomic
def report_create(
    *, actor: Any, assignment: Assignment, percent: int, text: str = "", link_url: str = "", link_ref: str = "",
    attachments: Iterable[UploadedFile] = (), today: datetime.date | None = None,
) -> ProgressReport:  # fmt: skip
    """A unit records progress on its share of a task (RECORDS over the unit)."""
    a = _lock(assignment)
    require(actor, a.unit, Cap.RECORDS)
    if a.status in {Status.SUBMITTED, Status.VERIFIED}:
        raise ValidationError(_("This task has been submitted for verification; wait for the lead unit."))
    if not 0 <= int(percent) <= 100:
        raise ValidationError({"percent": _("The percent must be between 0 and 100.")})
    if not (text.strip() or link_url or link_ref or attachments) and int(percent) == a.percent:
        raise ValidationError({"text": _("Say what was done, or attach or link the evidence.")})
    files = list(attachments)
    for f in files:
        validate_upload(f, allowed=ATTACHMENT_TYPES, max_mb=ATTACHMENT_MAX_MB)
    day = _today(today)
    report = _entry(actor, a, ReportKind.PROGRESS, day, text, link_url=link_url.strip(), link_ref=link_ref.strip())
    report.percent = int(percent)
    report.full_clean()
    report.save()
    for f in files:
        Attachment.objects.create(report=report, file=f, name=(f.name or "file")[:200], size=f.size or 0)
    before = snapshot(a, ["status", "percent"])
    a.percent = int(percent)
    a.status = Status.IN_PROGRESS
    a.save(update_fields=["percent", "status", "updated_at"])
    audit(actor=actor, action="campaign.report_create", obj=a, org_path=a.unit.path, before=before,
          after={"status": a.status, "percent": a.percent, "report_id": report.pk})  # fmt: skip
    rollup_chain(a.task)
    return report


@transaction.atomic
def assignment_submit(
    *, actor: Any, assignment: Assignment, text: str = "", today: datetime.date | None = None
) -> Assignment:
    """The unit says its share is done and asks the lead unit to verify it."""
    a = _lock(assignment)
    require(actor, a.unit, Cap.RECORDS)
    if a.status not in OPEN_STATUSES:
        raise ValidationError(_("Only a task in progress can be submitted."))
    day = _today(today)
    before = snapshot(a, ["status", "percent", "submitted_on"])
    entry = _entry(actor, a, ReportKind.SUBMITTED, day, text)
    a.status = Status.SUBMITTED
    a.submitted_on = day
    bumps: list[Bump] = []
    _set_late(a, False, bumps)
    entry.save()
    a.save(update_fields=["status", "submitted_on", "is_late", "updated_at"])
    rollup_bump_many(bumps)
    audit(actor=actor, action="campaign.assignment_submit", obj=a, org_path=a.unit.path, before=before,
          after=snapshot(a, ["status", "percent", "submitted_on"]))  # fmt: skip
    return a


def _check_lead(actor: Any, a: Assignment) -> None:
    require(actor, a.task.lead_unit, Cap.RECORDS)
    if a.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted task can be verified or returned."))


@transaction.atomic
def assignment_verify(
    *, actor: Any, assignment: Assignment, text: str = "", today: datetime.date | None = None
) -> Assignment:
    """The lead unit accepts the unit's work: 100%, verified, on time if submitted by the due date."""
    a = _lock(assignment)
    _check_lead(actor, a)
    day = _today(today)
    before = snapshot(a, ["status", "percent"])
    entry = _entry(actor, a, ReportKind.VERIFIED, day, text)
    a.status = Status.VERIFIED
    a.percent = 100
    a.verified_on = day
    a.on_time = a.task.due_on is None or (a.submitted_on or day) <= a.task.due_on
    a.return_reason = ""
    entry.percent = 100
    entry.save()
    a.save(update_fields=["status", "percent", "verified_on", "on_time", "return_reason", "updated_at"])
    bumps = [Bump(a.unit_id, a.unit.path, K.VERIFIED, None, 1)]
    if a.on_time:
        bumps.append(Bump(a.unit_id, a.unit.path, K.ON_TIME, None, 1))
    rollup_bump_many(bumps)
    audit(actor=actor, action="campaign.assignment_verify", obj=a, org_path=a.unit.path, before=before,
          after=snapshot(a, ["status", "percent", "on_time"]))  # fmt: skip
    rollup_chain(a.task)
    return a


@transaction.atomic
def assignment_return(
    *, actor: Any, assignment: Assignment, reason: str, today: datetime.date | None = None
) -> Assignment:
    """The lead unit sends the work back with a reason; the unit works on (the reason stays visible)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the task is returned.")})
    a = _lock(assignment)
    _check_lead(actor, a)
    day = _today(today)
    before = snapshot(a, ["status", "return_reason"])
    entry = _entry(actor, a, ReportKind.RETURNED, day, reason)
    a.status = Status.RETURNED
    a.return_reason = reason.strip()
    bumps: list[Bump] = []
    _set_late(a, a.task.due_on is not None and a.task.due_on < day, bumps)
    entry.save()
    a.save(update_fields=["status", "return_reason", "is_late", "updated_at"])
    rollup_bump_many(bumps)
    audit(actor=actor, action="campaign.assignment_return", obj=a, org_path=a.unit.path, before=before,
          after=snapshot(a, ["status", "return_reason"]))  # fmt: skip
    return a
