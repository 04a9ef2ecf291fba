from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Indicator, IndicatorValue


class ValuesForm(forms.Form):
    """One number and one comment per indicator of a set (for one unit and period)."""

    def __init__(self, *args: Any, indicators: list[Indicator], current: dict[int, IndicatorValue], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for ind in indicators:
            existing = current.get(ind.pk)
            locked = existing is not None and existing.status == "approved"
            self.fields[f"v{ind.pk}"] = forms.DecimalField(
                label=f"{ind.name}（{ind.unit}）" if ind.unit else ind.name, required=False, max_digits=20,
                decimal_places=4, initial=existing.value if existing else None, disabled=locked,
            )  # fmt: skip
            self.fields[f"c{ind.pk}"] = forms.CharField(
                label=pgettext_lazy("indicator", "Comment"), required=False, max_length=300, initial=existing.comment if existing else "",
                disabled=locked,
            )  # fmt: skip

    def pairs(self) -> list[tuple[Indicator, Any, str]]:
        return [
            (i, self.cleaned_data.get(f"v{i.pk}"), self.cleaned_data.get(f"c{i.pk}") or "") for i in self.indicators
        ]

    def rows(self) -> list[tuple[Indicator, forms.BoundField, forms.BoundField]]:
        return [(i, self[f"v{i.pk}"], self[f"c{i.pk}"]) for i in self.indicators]


class UnlockForm(forms.Form):
    reason = forms.CharField(label=_("Why unlock"), max_length=300)
