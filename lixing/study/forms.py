"""Input schemas of the study pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.orgs.access import scope_q
from lixing.orgs.models import Member, Organization

from .models import KindHolder, PointAction, SessionKind, SpeakerRole


class SessionForm(forms.Form):
    kinds = forms.ModelMultipleChoiceField(
        label=_("Kinds"),
        queryset=SessionKind.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every kind it counts as (a themed party day that was also a lecture: tick both)."),
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.CharField(label=_("Topic"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_link = forms.URLField(label=_("Online link"), max_length=500, required=False, assume_scheme="https")
    online_viewers = forms.IntegerField(label=_("Online viewers"), min_value=0, required=False)
    speaker_member = forms.ModelChoiceField(
        label=_("Speaker (a member)"), queryset=Member.objects.none(), required=False
    )
    speaker_name = forms.CharField(label=_("or a guest speaker's name"), max_length=100, required=False)
    speaker_role = forms.ChoiceField(
        label=_("Speaker's role"), choices=SpeakerRole.choices, required=False,
        help_text=_("Left empty for a member: branch secretary if they are one, else from their cadre level."),
    )  # fmt: skip
    campaign = forms.ModelChoiceField(label=_("Campaign it belongs to"), queryset=Member.objects.none(), required=False)
    open_to_all = forms.BooleanField(label=_("Open to members of other organisations"), required=False)
    expect_members = forms.BooleanField(
        label=_("Expect the unit's members (应到)"), required=False, initial=True,
        help_text=_("Untick for an open talk or a live class with no fixed audience."),
    )  # fmt: skip
    summary = forms.CharField(label=pgettext_lazy("session report", "Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, actor: Any, unit: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kinds"].queryset = SessionKind.objects.filter(is_active=True).order_by("order", "id")  # type: ignore[attr-defined]
        from lixing.campaigns.selectors import campaign_list

        self.fields["campaign"].queryset = campaign_list(actor=actor)  # type: ignore[attr-defined]
        self.fields["speaker_member"].queryset = (  # type: ignore[attr-defined]
            Member.objects.filter(scope_q(actor, "org__path"), org__path__startswith=unit.path)
            .select_related("org")
            .order_by("org__path", "name")
        )


class TickForm(forms.Form):
    members = forms.ModelMultipleChoiceField(queryset=Member.objects.none())

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = candidates  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    member = forms.IntegerField()
    reason = forms.CharField(max_length=200, required=False)


class MakeUpForm(forms.Form):
    member = forms.IntegerField(required=False)
    note = forms.CharField(label=_("How I made it up"), max_length=200, required=False)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("photo", _("Photo")), ("material", _("Material"))])
    file = forms.FileField(label=_("File"))


class CheckInForm(forms.Form):
    material = forms.CharField(label=_("What I studied"), max_length=200)
    note = forms.CharField(label=_("A short note"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class DistributionForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    ordered = forms.IntegerField(label=_("Sets ordered"), min_value=0)
    delivered = forms.IntegerField(label=_("Sets delivered"), min_value=0)


class ReadingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    publisher = forms.CharField(label=_("Author / publisher"), max_length=200, required=False)
    campaign = forms.ModelChoiceField(label=_("Campaign it belongs to"), queryset=Member.objects.none(), required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from lixing.campaigns.selectors import campaign_list

        self.fields["campaign"].queryset = campaign_list(actor=actor)  # type: ignore[attr-defined]


class KindForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=40, help_text=_("Letters, digits and underscores; never changes.")
    )
    name = forms.CharField(label=_("Name"), max_length=60)
    is_lecture = forms.BooleanField(label=_("Counts as a party lecture"), required=False)
    held_by = forms.TypedChoiceField(label=_("Held by"), choices=KindHolder.choices, initial=KindHolder.BRANCH,
                                     required=False, empty_value=KindHolder.BRANCH,
                                     help_text=_("Its coverage is counted over these organisations."))  # fmt: skip


class KindEditForm(forms.Form):
    """Rename or retire a kind (its code, and so its counters, never change)."""

    kind = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=60)
    is_active = forms.BooleanField(label=_("In use"), required=False)


class RuleForm(forms.Form):
    action = forms.ChoiceField(choices=PointAction.choices)
    points = forms.IntegerField(label=_("Points"), min_value=0, max_value=100)
    daily_cap = forms.IntegerField(label=_("Daily cap"), min_value=0, max_value=1000)
