"""Campaign plans: a campaign, its leading group, and the plan tree theme → measure → task.

A task is done by one or more responsible units; each unit's share is an
:class:`Assignment` with its own status, percent and progress reports. Late assignments
go up the shared escalation ladder (``lixing.escalation``; this app's source is
``supervision.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.common.models import TimeStampedModel
from lixing.orgs.models import Member, Organization


class Campaign(TimeStampedModel):
    org = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("organisation covered")
    )
    title = models.CharField(_("title"), max_length=200)
    motto = models.CharField(_("motto"), max_length=200, blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    # Backward-scheduling rules (倒排时间表): each level is due N days before its parent.
    theme_lead_days = models.PositiveSmallIntegerField(
        _("themes due days before the end"), default=0, help_text=_("A theme is due this many days before the end.")
    )
    measure_lead_days = models.PositiveSmallIntegerField(_("measures due days before their theme"), default=7)
    task_lead_days = models.PositiveSmallIntegerField(_("tasks due days before their measure"), default=7)
    # Supervision rules (一月一督办).
    notice_after_days = models.PositiveSmallIntegerField(_("days from reminder to supervision notice"), default=3)
    reply_days = models.PositiveSmallIntegerField(_("days allowed to answer a notice"), default=5)
    progress = models.FloatField(_("progress"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.title


class WorkingGroup(TimeStampedModel):
    """The leading group (领导小组) or one of its working groups (综合协调组 …)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=100)
    is_leading = models.BooleanField(_("leading group"), default=False)
    duty = models.CharField(_("duty"), max_length=200, blank=True)
    number = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-is_leading", "number", "id"]
        verbose_name = _("working group")

    def __str__(self) -> str:
        return self.name


class GroupRole(models.TextChoices):
    LEADER = "leader", _("Group leader")
    DEPUTY = "deputy", _("Deputy leader")
    DIRECTOR = "director", _("Office director")
    MEMBER = "member", _("Group member")
    LIAISON = "liaison", _("Liaison")


class GroupPerson(TimeStampedModel):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    role = models.CharField(pgettext_lazy("working group", "role"), max_length=20, choices=GroupRole.choices, default=GroupRole.MEMBER)
    position = models.CharField(_("position"), max_length=100, blank=True)
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["group", "role", "id"]
        verbose_name = _("group member")

    def __str__(self) -> str:
        return self.name


class PlanNode(TimeStampedModel):
    """What themes, measures and tasks share: a number, a title, a due date (fixed by hand
    or proposed by the planner), an optional weight and a cached progress (0–100)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField(_("number"), default=0)
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    due_fixed = models.BooleanField(_("due date fixed by hand"), default=False)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, null=True, blank=True)
    progress = models.FloatField(_("progress"), default=0)

    class Meta:
        abstract = True
        ordering = ["number", "id"]

    def __str__(self) -> str:
        return self.title


class Theme(PlanNode):
    class Meta(PlanNode.Meta):
        verbose_name = _("theme")


class Measure(PlanNode):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="measures")

    class Meta(PlanNode.Meta):
        verbose_name = _("measure")


class Task(PlanNode):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="tasks")
    lead_unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("lead unit"))
    responsible_units: models.ManyToManyField[Organization, Assignment] = models.ManyToManyField(
        Organization, through="Assignment", related_name="+", verbose_name=_("responsible units")
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    done_definition = models.TextField(_("what counts as done"), blank=True)

    class Meta(PlanNode.Meta):
        verbose_name = _("task")
        indexes = [models.Index(fields=["campaign", "due_on"], name="task_campaign_due")]


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted for verification")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned")


# Statuses in which the unit still owes work (a late one of these is late).
OPEN_STATUSES = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.RETURNED]


class Assignment(TimeStampedModel):
    """One responsible unit's share of one task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0)
    return_reason = models.TextField(_("reason for return"), blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    on_time = models.BooleanField(_("finished on time"), default=False)
    # Kept by the daily escalation run and by the services (a counter, so not computed at read).
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        ordering = ["task__due_on", "task_id", "unit__path"]
        verbose_name = _("task assignment")
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="assignment_unique_unit"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="assignment_percent_max_100"),
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="assignment_campaign_status")]

    def __str__(self) -> str:
        return f"{self.task} · {self.unit}"


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Progress report")
    SUBMITTED = "submitted", _("Submitted for verification")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned")


class ProgressReport(TimeStampedModel):
    """One entry in an assignment's timeline: a progress report, or a status step with its note."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices, default=ReportKind.PROGRESS)
    day = models.DateField(_("date"), db_index=True)
    text = models.TextField(_("text"), blank=True)
    percent_before = models.PositiveSmallIntegerField(default=0)
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0)
    link_url = models.URLField(_("link"), blank=True)
    link_ref = models.CharField(
        _("platform record"), max_length=100, blank=True, help_text=_("A record elsewhere, e.g. study.session:12")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")  # fmt: skip
    author_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("progress report")

    def __str__(self) -> str:
        return f"{self.assignment} {self.day} {self.percent}%"


class Attachment(TimeStampedModel):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="campaigns/%Y/%m/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.name


# The escalation ladder's source name for a unit's share of a task (lixing/escalation).
ESCALATION_SOURCE = "campaigns.assignment"
