from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.orgs.models import Organization

from .models import Aggregation, Indicator, IndicatorValue, PeriodType


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


class IndicatorSetForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("indicator set", "Name"), max_length=100)
    period_type = forms.ChoiceField(label=_("Period type"), choices=PeriodType.choices)
    due_days = forms.IntegerField(
        label=_("Days to report after the period ends"), min_value=0, max_value=90, initial=10
    )
    reporting_orgs: forms.ModelMultipleChoiceField[Organization] = forms.ModelMultipleChoiceField(
        label=_("Reporting organisations"), queryset=Organization.objects.none(), widget=forms.SelectMultiple(
            attrs={"size": 12}),
    )  # fmt: skip

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reporting_orgs"].queryset = units  # type: ignore[attr-defined]


class IndicatorForm(forms.Form):
    code = forms.SlugField(label=pgettext_lazy("indicator", "Code"), max_length=40)
    name = forms.CharField(label=pgettext_lazy("indicator", "Name"), max_length=100)
    unit = forms.CharField(label=pgettext_lazy("indicator", "Unit"), max_length=20, required=False)
    aggregation = forms.ChoiceField(label=_("Aggregation"), choices=Aggregation.choices)
    weight = forms.ModelChoiceField(label=_("Weighted by"), queryset=Indicator.objects.none(), required=False)
    higher_is_better = forms.BooleanField(label=_("Higher is better"), required=False, initial=True)
    annual_target = forms.DecimalField(label=_("Annual target"), required=False, max_digits=20, decimal_places=4)
    min_value = forms.DecimalField(label=_("Lowest valid value"), required=False, max_digits=20, decimal_places=4)
    max_value = forms.DecimalField(label=_("Highest valid value"), required=False, max_digits=20, decimal_places=4)
    max_change = forms.DecimalField(
        label=_("Change needing a comment (0.5 = 50%)"), required=False, max_digits=6, decimal_places=3, min_value=0
    )

    def __init__(self, *args: Any, indicator_set: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["weight"].queryset = indicator_set.indicators.all()  # type: ignore[attr-defined]
