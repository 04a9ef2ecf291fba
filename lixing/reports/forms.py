from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lixing.figures import registry
from lixing.figures.periods import Period

from .models import BriefingTemplate

SENTENCE_PREFIX = "sentence__"


class PeriodField(forms.CharField):
    def clean(self, value: Any) -> Period:  # type: ignore[override]
        text = super().clean(value) or "all"
        try:
            return Period.parse(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class BriefingForm(forms.Form):
    """Generate a briefing: the organisation comes from the page (access-checked there)."""

    period = PeriodField(label=_("Period"), required=False, initial="all")
    template = forms.ModelChoiceField(
        label=_("Template"), queryset=BriefingTemplate.objects.none(), required=False, empty_label=_("Standard wording")
    )

    def __init__(self, *args: Any, templates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if templates is not None:
            self.fields["template"].queryset = templates  # type: ignore[attr-defined]


class TemplateForm(forms.ModelForm):
    """The template's fields plus one sentence per registered figure (empty: keep the
    figure's own; "-": leave the figure out)."""

    class Meta:
        model = BriefingTemplate
        fields = ["name", "title_pattern", "issuer", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.sentences if self.instance and isinstance(self.instance.sentences, dict) else {}
        for f in registry.all_figures():
            self.fields[SENTENCE_PREFIX + f.key] = forms.CharField(
                label=str(f.label),
                required=False,
                initial=current.get(f.key, ""),
                help_text=str(f.sentence or ""),
                widget=forms.TextInput(attrs={"placeholder": str(f.sentence or "")}),
            )

    def sentence_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith(SENTENCE_PREFIX)]

    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if not name.startswith(SENTENCE_PREFIX)]

    def sentences(self) -> dict[str, str]:
        return {
            name[len(SENTENCE_PREFIX) :]: value
            for name, value in self.cleaned_data.items()
            if name.startswith(SENTENCE_PREFIX) and value
        }

    def _post_clean(self) -> None:
        # Put the sentences on the instance before the model validates it, so an unknown
        # placeholder is reported on the form rather than raised on save.
        if hasattr(self, "cleaned_data"):
            self.instance.sentences = self.sentences()
        super()._post_clean()  # type: ignore[misc]
