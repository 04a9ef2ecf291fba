from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from .models import Counting, Difficulty, MultipleRule, QuestionKind

LETTERS = "ABCDEFGH"
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BankForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    description = forms.CharField(label=gettext_lazy("Description"), max_length=300, required=False)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=QuestionKind.choices)
    text = forms.CharField(label=gettext_lazy("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    options = forms.CharField(label=gettext_lazy("Options (one per line)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    answer = forms.CharField(
        label=pgettext_lazy("question", "Answer"),
        help_text=gettext_lazy("Choice: letters such as A or ACD. True/false: 对 or 错. Fill in: accepted answers "
                               "separated by |."),
    )  # fmt: skip
    tags = forms.CharField(label=gettext_lazy("Knowledge tags"), required=False)
    difficulty = forms.TypedChoiceField(label=gettext_lazy("Difficulty"), choices=Difficulty.choices, coerce=int,
                                        initial=2)  # fmt: skip
    explanation = forms.CharField(label=gettext_lazy("Explanation"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    source = forms.CharField(label=pgettext_lazy("question", "Source"), required=False)
    is_active = forms.BooleanField(label=gettext_lazy("In use"), required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        raw = str(data.get("answer", "")).strip()
        options = [line.strip() for line in str(data.get("options", "")).splitlines() if line.strip()]
        data["options"] = options
        if kind == QuestionKind.FILL:
            data["answer"] = [a.strip() for a in raw.split("|") if a.strip()]
        elif kind == QuestionKind.TRUE_FALSE:
            if raw in {"对", "正确", "T", "true", "True"}:
                data["answer"] = [0]
            elif raw in {"错", "错误", "F", "false", "False"}:
                data["answer"] = [1]
            else:
                self.add_error("answer", _("Write 对 or 错."))
        else:
            letters = raw.upper().replace(",", "").replace("、", "").replace(" ", "")
            if not letters or any(ch not in LETTERS[: len(options)] for ch in letters):
                self.add_error("answer", _("Write the letters of the correct options, e.g. A or ACD."))
            else:
                data["answer"] = sorted({LETTERS.index(ch) for ch in letters})
        return data

    @staticmethod
    def initial_for(question: Any) -> dict[str, Any]:
        if question.kind == QuestionKind.FILL:
            answer = "|".join(question.answer)
        elif question.kind == QuestionKind.TRUE_FALSE:
            answer = "对" if question.answer == [0] else "错"
        else:
            answer = "".join(LETTERS[i] for i in question.answer)
        return {"kind": question.kind, "text": question.text, "options": "\n".join(question.options),
                "answer": answer, "tags": question.tags, "difficulty": question.difficulty,
                "explanation": question.explanation, "source": question.source, "is_active": question.is_active}  # fmt: skip


def parse_blueprint(text: str) -> list[dict[str, Any]]:
    """Lines "tag, difficulty, count" (difficulty 0 = any) → blueprint rows."""
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip().replace("，", ",")
        if not line:
            continue
        parts = [p.strip() for p in line.split(",")]
        try:
            tag, difficulty, count = parts[0], int(parts[1]), int(parts[2])
        except (IndexError, ValueError):
            raise forms.ValidationError(
                _("Line %(n)s: write “tag, difficulty (0–3), number of questions”.") % {"n": n}
            ) from None
        if not 0 <= difficulty <= 3 or count < 1:
            raise forms.ValidationError(_("Line %(n)s: difficulty is 0–3 and the number at least 1.") % {"n": n})
        rows.append({"tag": tag, "difficulty": difficulty, "count": count})
    if not rows:
        raise forms.ValidationError(_("Write at least one line."))
    return rows


class PaperForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=120)
    bank = forms.TypedChoiceField(label=gettext_lazy("Question bank"), coerce=int)
    blueprint = forms.CharField(
        label=gettext_lazy("Blueprint"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("One line per draw: tag, difficulty (0 = any, 1 easy, 2 medium, 3 hard), number. "
                               "Each person gets their own draw."),
        initial="党史事件, 1, 5\n二十大报告, 0, 5",
    )  # fmt: skip
    time_limit_minutes = forms.IntegerField(label=gettext_lazy("Time limit (minutes)"), min_value=1, max_value=300,
                                            initial=15)  # fmt: skip
    attempts_allowed = forms.IntegerField(label=gettext_lazy("Attempts allowed"), min_value=1, max_value=20, initial=1)
    counting = forms.ChoiceField(label=gettext_lazy("Which attempt counts"), choices=Counting.choices)
    multiple_rule = forms.ChoiceField(label=gettext_lazy("Multiple choice scoring"), choices=MultipleRule.choices)
    opens_at = forms.DateTimeField(label=gettext_lazy("Opens at"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=gettext_lazy("Closes at"), widget=DATETIME)
    description = forms.CharField(label=gettext_lazy("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args: Any, banks: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bank"].choices = [(b.pk, b.name) for b in banks]  # type: ignore[attr-defined]

    def clean_blueprint(self) -> list[dict[str, Any]]:
        return parse_blueprint(self.cleaned_data["blueprint"])


class SpotCheckForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=120)
    bank = forms.TypedChoiceField(label=gettext_lazy("Question bank"), coerce=int)
    share_percent = forms.IntegerField(label=gettext_lazy("Share drawn in each unit (%)"), min_value=1,
                                       max_value=100, initial=10)  # fmt: skip
    deadline = forms.DateTimeField(label=gettext_lazy("Deadline"), widget=DATETIME)
    time_limit_minutes = forms.IntegerField(label=gettext_lazy("Time limit (minutes)"), min_value=1, max_value=120,
                                            initial=10)  # fmt: skip
    blueprint = PaperForm.base_fields["blueprint"]

    def __init__(self, *args: Any, banks: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bank"].choices = [(b.pk, b.name) for b in banks]  # type: ignore[attr-defined]

    def clean_blueprint(self) -> list[dict[str, Any]]:
        return parse_blueprint(self.cleaned_data["blueprint"])
