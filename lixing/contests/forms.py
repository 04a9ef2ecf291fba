"""Input schemas of the contest pages."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lixing.accounts.models import User
from lixing.orgs.access import Cap, scope_q
from lixing.orgs.models import Member, Organization

from .models import ContestKind, EntryKind, Rule


class ContestForm(forms.Form):
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of contest"), choices=ContestKind.choices)
    held_on = forms.DateField(label=_("Date held"), widget=forms.DateInput(attrs={"type": "date"}))
    rule = forms.ChoiceField(label=_("Scoring rule"), choices=Rule.choices)
    criteria = forms.CharField(
        label=_("Rubric: one criterion per line, “name, weight, maximum score”"),
        widget=forms.Textarea(attrs={"rows": 4}), initial="工作实绩, 50, 10\n创新特色, 30, 10\n现场表现, 20, 10",
    )  # fmt: skip
    votes_enabled = forms.BooleanField(label=_("Audience votes"), required=False)
    votes_per_day = forms.IntegerField(label=_("Votes per person and day"), min_value=1, max_value=20, initial=1)
    vote_weight = forms.IntegerField(label=_("Weight of the audience in the total (%)"), min_value=0, max_value=100,
                                     initial=0)  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form_token"].initial = uuid.uuid4().hex

    def clean_criteria(self) -> list[tuple[str, int, int]]:
        out = []
        for line in self.cleaned_data["criteria"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            try:
                name, weight, top = parts[0], int(parts[1]), int(parts[2])
            except (IndexError, ValueError):
                raise ValidationError(_("Write each line as “name, weight, maximum score”.")) from None
            if not name or weight < 1 or top < 1:
                raise ValidationError(_("Write each line as “name, weight, maximum score”."))
            out.append((name, weight, top))
        if not out:
            raise ValidationError(_("Give at least one criterion."))
        return out


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Entrant"), choices=EntryKind.choices)
    name = forms.CharField(label=_("Member's or organisation's name"), max_length=100)
    title = forms.CharField(label=_("Title of the entry"), max_length=200)
    order = forms.IntegerField(label=_("Order of appearance"), min_value=0, initial=0, required=False)

    def __init__(self, *args: Any, actor: Any, unit: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor, self.unit = actor, unit

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name = (data.get("name") or "").strip()
        data["member"] = data["org"] = None
        if data.get("kind") == EntryKind.ORG:
            found: list[Any] = list(Organization.objects.filter(scope_q(self.actor, "path", Cap.VIEW), name=name,
                                                                path__startswith=self.unit.path)[:2])  # fmt: skip
            key = "org"
        else:
            found = list(Member.objects.filter(scope_q(self.actor, "org__path"), name=name,
                                               org__path__startswith=self.unit.path).select_related("org")[:2])  # fmt: skip
            key = "member"
        if len(found) != 1:
            raise ValidationError({"name": _("No single match for this name here.")})
        data[key] = found[0]
        return data


class JudgeForm(forms.Form):
    username = forms.CharField(label=_("Judge's account"), max_length=150)
    unit: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Judge's own unit"), queryset=Organization.objects.none())

    def __init__(self, *args: Any, actor: Any, unit: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            scope_q(actor, "path"), dissolved_at__isnull=True
        ).order_by("path")

    def clean_username(self) -> User:
        try:
            return User.objects.get(username=self.cleaned_data["username"].strip(), is_active=True)
        except User.DoesNotExist:
            raise ValidationError(_("No such account.")) from None
