"""Key projects 重点项目: the office's list, milestones, weekly reports 一周一报 and the
problems they raise (sent to the ticket system of ``deeds``).

Amounts are in 万元, as the offices' lists write them. A project's latest cumulative
investment is kept on the project by the weekly-report service (``invested``,
``last_reported_on``), so a list and its figures read one row per project.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.common.models import TimeStampedModel
from lixing.deeds.models import Ticket
from lixing.orgs.models import Organization


class ProjectCategory(models.TextChoices):
    INDUSTRY = "industry", _("Industrial project")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    SOCIAL = "social", _("Social and livelihood")
    URBAN = "urban", _("Urban renewal")
    OTHER = "other", pgettext_lazy("project category", "Other")


class ProjectState(models.TextChoices):
    PLANNED = "planned", _("Not started")
    STARTED = "started", _("Under construction")
    COMPLETED = "completed", _("Completed")


class Project(TimeStampedModel):
    office = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("list of"))
    year = models.PositiveSmallIntegerField(_("list year"))
    name = models.CharField(pgettext_lazy("project", "name"), max_length=120)
    owner_unit = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit")
    )
    lead_cadre = models.CharField(_("lead cadre"), max_length=40, blank=True)
    category = models.CharField(
        pgettext_lazy("project", "category"), max_length=20, choices=ProjectCategory.choices,
        default=ProjectCategory.INDUSTRY,
    )  # fmt: skip
    total_investment = models.DecimalField(_("total investment (10k yuan)"), max_digits=14, decimal_places=2)
    annual_plan = models.DecimalField(_("planned investment this year (10k yuan)"), max_digits=14, decimal_places=2)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned completion"), null=True, blank=True)
    state = models.CharField(
        pgettext_lazy("project", "state"), max_length=10, choices=ProjectState.choices, default=ProjectState.PLANNED
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    invested = models.DecimalField(_("invested this year (10k yuan)"), max_digits=14, decimal_places=2, default=0)
    last_reported_on = models.DateField(_("last weekly report"), null=True, blank=True)

    class Meta:
        ordering = ["year", "office_id", "id"]
        verbose_name = _("key project")
        verbose_name_plural = _("key projects")
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "name"], name="project_unique_name"),
            models.CheckConstraint(condition=models.Q(annual_plan__gte=0), name="project_plan_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class Milestone(TimeStampedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(pgettext_lazy("milestone", "title"), max_length=120)
    due_on = models.DateField(pgettext_lazy("milestone", "due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class WeeklyReport(TimeStampedModel):
    """一周一报: the owner's report for an ISO week (``2026W05``)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    week = models.CharField(_("week"), max_length=7)
    reported_on = models.DateField(_("reported on"))
    invested = models.DecimalField(_("invested this year so far (10k yuan)"), max_digits=14, decimal_places=2)
    progress = models.TextField(_("progress"))
    problems = models.TextField(pgettext_lazy("weekly report", "problems"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-week", "id"]
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")
        constraints = [models.UniqueConstraint(fields=["project", "week"], name="project_report_week_unique")]

    def __str__(self) -> str:
        return f"{self.project_id}:{self.week}"


class ProjectProblem(TimeStampedModel):
    """A problem raised on a project; sent to the ticket system, whose state shows here."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="problem_set")
    report = models.ForeignKey(WeeklyReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    description = models.CharField(pgettext_lazy("problem", "description"), max_length=300)
    ticket = models.OneToOneField(Ticket, on_delete=models.PROTECT, related_name="+", null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("project problem")
        verbose_name_plural = _("project problems")

    def __str__(self) -> str:
        return self.description[:40]
