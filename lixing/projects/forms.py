from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.orgs.models import Organization

from .models import ProjectCategory, ProjectState


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProjectForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("project", "Name"), max_length=120)
    owner_unit: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=Organization.objects.none()
    )
    lead_cadre = forms.CharField(label=_("Lead cadre"), max_length=40, required=False)
    category = forms.ChoiceField(label=pgettext_lazy("project", "Category"), choices=ProjectCategory.choices)
    total_investment = forms.DecimalField(label=_("Total investment (10k yuan)"), min_value=0, max_digits=14,
                                          decimal_places=2)  # fmt: skip
    annual_plan = forms.DecimalField(label=_("Planned investment this year (10k yuan)"), min_value=0, max_digits=14,
                                     decimal_places=2)  # fmt: skip
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DateInput())
    planned_end = forms.DateField(label=_("Planned completion"), required=False, widget=DateInput())

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    invested = forms.DecimalField(label=_("Invested this year so far (10k yuan)"), min_value=0, max_digits=14,
                                  decimal_places=2)  # fmt: skip
    progress = forms.CharField(label=_("Progress this week"), widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(
        label=pgettext_lazy("weekly report", "Problems"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    state = forms.ChoiceField(
        label=pgettext_lazy("project", "State"), required=False,
        choices=[("", _("No change")), (ProjectState.STARTED, _("Started")), (ProjectState.COMPLETED, _("Completed"))],
    )  # fmt: skip


class ProblemForm(forms.Form):
    description = forms.CharField(label=_("Problem to send to the ticket system"), max_length=300)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=120)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
