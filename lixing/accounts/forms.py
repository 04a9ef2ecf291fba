from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import audit_words


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=pgettext_lazy("audit log", "Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    actor_name = forms.CharField(label=_("Who"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["action"].choices = anything + audit_words.action_choices()  # type: ignore[attr-defined]
        self.fields["object_type"].choices = anything + audit_words.object_type_choices()  # type: ignore[attr-defined]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)
