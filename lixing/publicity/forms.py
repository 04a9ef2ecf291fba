"""Input schemas of the publicity pages. Create forms carry a one-time token: the same form
submitted twice makes one record."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lixing.figures.registry import Group
from lixing.orgs.access import Cap, scope_q
from lixing.orgs.models import Member, Organization

from .models import ArticleKind, AwardLevel, ExampleSubject, HonourKind, MediaLevel


class TokenForm(forms.Form):
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form_token"].initial = uuid.uuid4().hex


def _subtree_orgs(actor: Any, unit: Organization) -> Any:
    return Organization.objects.filter(
        scope_q(actor, "path", Cap.VIEW), path__startswith=unit.path, dissolved_at__isnull=True
    ).order_by("path")


class ArticleForm(TokenForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    outlet = forms.CharField(label=_("Outlet"), max_length=100, help_text=_("E.g. 人民日报, 学习强国宁波学习平台."))
    level = forms.ModelChoiceField(label=_("Media level"), queryset=MediaLevel.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=ArticleKind.choices, initial=ArticleKind.ARTICLE)
    published_on = forms.DateField(label=_("Date published"), widget=forms.DateInput(attrs={"type": "date"}))
    link = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    attachment = forms.FileField(label=_("or the article as a file"), required=False)
    line_of_work = forms.ChoiceField(label=_("Line of work it is about"), required=False)
    series = forms.CharField(label=_("Series"), max_length=100, required=False,
                             help_text=_("For a video in a series: the series' name."))  # fmt: skip
    about_units: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(label=_("Units it is about"), queryset=Organization.objects.none(),
                                                 required=False)  # fmt: skip

    def __init__(self, *args: Any, actor: Any, unit: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = MediaLevel.objects.filter(is_active=True).order_by("order", "id")  # type: ignore[attr-defined]
        self.fields["line_of_work"].choices = [("", "—"), *((k, Group.LABELS[k]) for k in Group.ORDER if k in Group.LABELS)]  # type: ignore[attr-defined]
        self.fields["about_units"].queryset = _subtree_orgs(actor, unit)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("link") and not data.get("attachment"):
            raise ValidationError(_("Give the link, or attach the article."))
        return data


class CampaignForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Counts for campaign"), queryset=Member.objects.none(), required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from lixing.campaigns.selectors import campaign_list

        self.fields["campaign"].queryset = campaign_list(actor=actor)  # type: ignore[attr-defined]


def _names(text: str) -> list[str]:
    return [n.strip() for n in (text or "").replace("，", "\n").replace("、", "\n").splitlines() if n.strip()]


class HonourForm(TokenForm):
    kind = forms.ModelChoiceField(label=_("Kind of honour"), queryset=HonourKind.objects.none())
    level = forms.ChoiceField(label=_("Awarding level"), choices=AwardLevel.choices)
    body = forms.CharField(label=_("Awarding body"), max_length=100, help_text=_("E.g. 中共宁波市委."))
    year = forms.IntegerField(label=_("Year"), min_value=1921, max_value=2100)
    awarded_on = forms.DateField(label=_("Date awarded"), widget=forms.DateInput(attrs={"type": "date"}))
    orgs = forms.CharField(label=_("Organisations commended (one full name per line)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    members = forms.CharField(label=_("Members commended (one name per line)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    consenting = forms.CharField(label=_("Of these, members who agree to be named in public (one name per line)"),
                                 required=False, widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    published = forms.BooleanField(label=_("Show on the public honours page"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, actor: Any, unit: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor, self.unit = actor, unit
        self.fields["kind"].queryset = HonourKind.objects.filter(is_active=True).order_by("order", "id")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        """Names are resolved inside the unit's subtree; an unknown or ambiguous name is an error."""
        data = super().clean() or {}
        orgs, members = [], []
        errors = []
        scope = _subtree_orgs(self.actor, self.unit)
        for name in _names(data.get("orgs", "")):
            found = list(scope.filter(name=name)[:2])
            if len(found) != 1:
                errors.append(_("No single organisation named “%(name)s” here.") % {"name": name})
            else:
                orgs.append(found[0])
        consenting = set(_names(data.get("consenting", "")))
        in_scope = Member.objects.filter(scope_q(self.actor, "org__path"), org__path__startswith=self.unit.path)
        for name in _names(data.get("members", "")):
            found = list(in_scope.filter(name=name).select_related("org")[:2])
            if len(found) != 1:
                errors.append(_("No single member named “%(name)s” here.") % {"name": name})
            else:
                members.append((found[0], name in consenting))
        if errors:
            raise ValidationError(errors)
        data["org_list"], data["member_list"] = orgs, members
        return data


class ExampleForm(TokenForm):
    subject = forms.ChoiceField(label=_("Who"), choices=ExampleSubject.choices)
    member = forms.CharField(label=_("Member's name (for a member)"), max_length=50, required=False)
    team_name = forms.CharField(label=_("Team (for a team)"), max_length=100, required=False)
    title = forms.CharField(label=_("Title"), max_length=120)
    story = forms.CharField(label=_("Story"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    recognised_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    published = forms.BooleanField(label=_("Show on the public honours page"), required=False)

    def __init__(self, *args: Any, actor: Any, unit: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor, self.unit = actor, unit

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["member_obj"] = None
        if data.get("subject") == ExampleSubject.MEMBER:
            found = list(
                Member.objects.filter(scope_q(self.actor, "org__path"), org__path__startswith=self.unit.path,
                                      name=data.get("member", "").strip()).select_related("org")[:2]
            )  # fmt: skip
            if len(found) != 1:
                raise ValidationError({"member": _("No single member of this name here.")})
            data["member_obj"] = found[0]
        return data


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
