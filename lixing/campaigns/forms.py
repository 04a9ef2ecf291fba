from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.orgs.models import Organization

from .models import Campaign, GroupRole


class DateInput(forms.DateInput):
    input_type = "date"


class CampaignForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Campaign
        fields = ["title", "motto", "starts_on", "ends_on", "theme_lead_days", "measure_lead_days", "task_lead_days",
                  "notice_after_days", "reply_days"]  # fmt: skip
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=100)
    is_leading = forms.BooleanField(label=_("This is the leading group"), required=False)
    duty = forms.CharField(label=_("Duty"), max_length=200, required=False)


class PersonForm(forms.Form):
    group = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    role = forms.ChoiceField(label=_("Role"), choices=GroupRole.choices)
    position = forms.CharField(label=_("Position"), max_length=100, required=False)


class NodeForm(forms.Form):
    """Add a theme (no parent), a measure (parent: theme) or a task (parent: measure)."""

    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=300)
    due_on = forms.DateField(label=_("Due date (empty: proposed by the planner)"), required=False, widget=DateInput())
    weight = forms.DecimalField(label=_("Weight"), required=False, min_value=0.01, max_digits=6, decimal_places=2)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    lead_unit: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("Lead unit"), queryset=Organization.objects.none()
    )
    responsible_units: forms.ModelMultipleChoiceField[Organization] = forms.ModelMultipleChoiceField(label=_("Responsible units"),
                                                       queryset=Organization.objects.none())  # fmt: skip
    due_on = forms.DateField(label=_("Due date (empty: proposed by the planner)"), required=False, widget=DateInput())
    starts_on = forms.DateField(label=_("Start date"), required=False, widget=DateInput())
    weight = forms.DecimalField(label=_("Weight"), required=False, min_value=0.01, max_digits=6, decimal_places=2)
    done_definition = forms.CharField(label=_("What counts as done"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
            self.fields["responsible_units"].queryset = units  # type: ignore[attr-defined]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    text = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    link_url = forms.URLField(label=_("Link (optional)"), required=False, assume_scheme="https")
    link_ref = forms.CharField(label=_("Record in the platform (optional), e.g. study.session:12"), required=False,
                               max_length=100)  # fmt: skip
    attachments = MultipleFileField(label=_("Attachments (photos or documents)"), required=False)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))
