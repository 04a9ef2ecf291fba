"""One escalation step for one late subject (a campaign task share, a ticket, a key project …).

The ladder knows a subject only as ``(source, subject_id)``, its owner unit (who must act),
the issuing organisation (who supervises), its due date and a title snapshot. Each step is a
row, unique per (source, subject, step): a run repeated, or two runs at once, never repeat a
step. Notices (督办单) are numbered per series and year (``督办〔2021〕第3号``); a source chooses
its series (campaign tasks: one per campaign; tickets: one for all).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lixing.common.models import TimeStampedModel
from lixing.orgs.models import Organization


class Step(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    NOTICE = "notice", _("Supervision notice")
    LISTED = "listed", _("Listed in the monthly report")


# The order of the ladder; a source may stop before the end (``EscalationSource.last_step``).
LADDER = [Step.REMINDER, Step.NOTICE, Step.LISTED]


class Escalation(TimeStampedModel):
    source = models.CharField(_("source"), max_length=40)
    subject_id = models.PositiveBigIntegerField(_("subject"))
    owner = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit")
    )
    issuer = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    issued_on = models.DateField(_("issued on"), db_index=True)
    series = models.CharField(_("numbering series"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number = models.PositiveIntegerField(_("notice number"), null=True, blank=True)
    reply_due = models.DateField(_("reply required by"), null=True, blank=True)
    reply_text = models.TextField(_("reply"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")
        constraints = [
            models.UniqueConstraint(fields=["source", "subject_id", "step"], name="escalation_once_per_step"),
            models.UniqueConstraint(
                fields=["series", "year", "number"], condition=Q(number__isnull=False), name="escalation_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(step="notice", year__isnull=False), name="escalation_number_on_notice"
            ),
        ]
        indexes = [
            models.Index(fields=["source", "step", "issued_on"], name="escalation_source_step"),
            models.Index(fields=["series", "step"], name="escalation_series_step"),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} · {self.title}"

    @property
    def code(self) -> str:
        """The notice's number as printed (in Chinese: 督办〔2021〕第3号)."""
        if not self.number:
            return ""
        return _("Notice %(year)s No. %(number)s") % {"year": self.year or self.issued_on.year, "number": self.number}
