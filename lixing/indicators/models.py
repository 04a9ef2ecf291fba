"""Indicators (经济指标): sets of indicators with a period type, values per organisation and
period, and their approval.

An :class:`IndicatorSet` is what DHIS2 calls a data set: the office that owns it, the
period type its indicators are reported in, the organisations that must report it, and how
many days after a period ends a report is still on time. Each :class:`Indicator` says how it
aggregates up the tree. An :class:`IndicatorValue` is one number for one organisation and
period; derived numbers (同比, 环比, progress, year-to-date) are never stored — they are
computed by :mod:`lixing.indicators.derived` from the values. Subtree totals are roll-up
counters (see :mod:`lixing.indicators.counters`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.common.models import TimeStampedModel
from lixing.orgs.models import Organization


class PeriodType(models.TextChoices):
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    YEAR = "year", _("Yearly")
    # Each month's value is the total since January ("1-4月"), as statistics offices report.
    YTD = "ytd", _("Cumulative year to date (months 1–N)")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum over the subtree")
    WEIGHTED = "weighted", _("Average weighted by another indicator")
    NONE = "none", _("Not aggregated")


class ValueStatus(models.TextChoices):
    ENTERED = "entered", pgettext_lazy("indicator value", "Entered")
    APPROVED = "approved", pgettext_lazy("indicator value", "Approved")


class IndicatorSet(TimeStampedModel):
    office = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("office"))
    name = models.CharField(pgettext_lazy("indicator set", "name"), max_length=100)
    period_type = models.CharField(_("period type"), max_length=10, choices=PeriodType.choices)
    due_days = models.PositiveSmallIntegerField(
        _("days to report"), default=10, help_text=_("A report is on time up to this many days after the period ends.")
    )
    reporting_orgs = models.ManyToManyField(
        Organization, related_name="+", blank=True, verbose_name=_("reporting organisations")
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")

    def __str__(self) -> str:
        return self.name


class Indicator(TimeStampedModel):
    indicator_set = models.ForeignKey(
        IndicatorSet, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("indicator set")
    )
    code = models.SlugField(pgettext_lazy("indicator", "code"), max_length=40, unique=True)
    name = models.CharField(pgettext_lazy("indicator", "name"), max_length=100)
    unit = models.CharField(
        pgettext_lazy("indicator", "unit"),
        max_length=20,
        blank=True,
        help_text=_("As written after the number, e.g. 亿元."),
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    weight = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("weighted by")
    )
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    annual_target = models.DecimalField(_("annual target"), max_digits=20, decimal_places=4, null=True, blank=True)
    min_value = models.DecimalField(_("lowest valid value"), max_digits=20, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("highest valid value"), max_digits=20, decimal_places=4, null=True, blank=True)
    max_change = models.DecimalField(
        _("change needing a comment"), max_digits=6, decimal_places=3, null=True, blank=True,
        help_text=_("A change against the last period beyond this ratio (0.5 = 50%) must be explained."),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(pgettext_lazy("indicator", "order"), default=100)

    class Meta:
        ordering = ["indicator_set_id", "order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(aggregation="weighted") | models.Q(weight__isnull=False),
                name="indicator_weighted_has_weight",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(TimeStampedModel):
    """One number for one organisation and period (``2021-04``, ``2021Q2`` or ``2021``; for a
    cumulative set ``2021-04`` means months 1–4)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(pgettext_lazy("indicator", "period"), max_length=7)
    value = models.DecimalField(pgettext_lazy("indicator", "value"), max_digits=20, decimal_places=4)
    comment = models.CharField(pgettext_lazy("indicator", "comment"), max_length=300, blank=True)
    status = models.CharField(
        pgettext_lazy("indicator", "status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.ENTERED
    )
    reported_at = models.DateTimeField(_("first reported"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["indicator_id", "org_id", "period"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "org", "period"], name="indicator_value_unique"),
        ]
        indexes = [models.Index(fields=["indicator", "period"], name="indicator_value_period")]

    def __str__(self) -> str:
        return f"{self.indicator_id}@{self.org_id}:{self.period}={self.value}"
