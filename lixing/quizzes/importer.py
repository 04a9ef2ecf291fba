"""The question-bank spreadsheet (kind "questions"): one row per question.

Re-importing the same file changes nothing: a row is keyed by its 题目编号 (code) or, when
that is blank, by a hash of its type and text. The bank is chosen with ``opt_bank``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lixing.imports.registry import Importer, Outcome, Progress, RowError, Rows
from lixing.imports.sheets import Column
from lixing.orgs.access import Cap, can
from lixing.orgs.models import Organization

from . import services
from .models import Question, QuestionBank, QuestionKind

KINDS = {"单选": QuestionKind.SINGLE, "单选题": QuestionKind.SINGLE, "多选": QuestionKind.MULTIPLE,
         "多选题": QuestionKind.MULTIPLE, "判断": QuestionKind.TRUE_FALSE, "判断题": QuestionKind.TRUE_FALSE,
         "填空": QuestionKind.FILL, "填空题": QuestionKind.FILL}  # fmt: skip
KIND_NAMES = {QuestionKind.SINGLE: "单选", QuestionKind.MULTIPLE: "多选", QuestionKind.TRUE_FALSE: "判断",
              QuestionKind.FILL: "填空"}  # fmt: skip
DIFFICULTIES = {"易": 1, "简单": 1, "1": 1, "中": 2, "中等": 2, "2": 2, "难": 3, "困难": 3, "3": 3}
LETTERS = "ABCDEFGH"
TRUE_WORDS = {"对", "正确", "是", "√", "T", "TRUE"}
FALSE_WORDS = {"错", "错误", "否", "×", "F", "FALSE"}

COLUMNS = [
    Column("题目编号", "code", hint="可空；再次导入时按编号更新", width=12),
    Column("题型", "kind", required=True, hint="单选/多选/判断/填空", width=8),
    Column("题干", "text", required=True, hint="填空题用____表示空", width=40),
    *(Column(f"选项{letter}", f"option_{letter}", hint="选择题填写" if letter == "A" else "", width=18)
      for letter in LETTERS[:6]),
    Column("答案", "answer", required=True, hint="如 A、ACD、对/错；填空题多个答案用|分隔", width=14),
    Column("知识点", "tags", hint="多个用、分隔", width=16),
    Column("难度", "difficulty", hint="易/中/难", width=8),
    Column("解析", "explanation", width=40),
    Column("出处", "source", width=20),
]  # fmt: skip


def parse_row(values: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A row as question fields, and (field, message) errors."""
    errors: list[tuple[str, str]] = []
    kind = KINDS.get(str(values.get("kind") or "").strip())
    if kind is None:
        errors.append(("kind", _("Write 单选, 多选, 判断 or 填空.")))
        return {}, errors
    options = [str(values.get(f"option_{letter}") or "").strip() for letter in LETTERS[:6]]
    while options and not options[-1]:
        options.pop()
    raw_answer = str(values.get("answer") or "").strip()
    answer: list[Any] = []
    if kind == QuestionKind.FILL:
        answer = [a.strip() for a in raw_answer.split("|") if a.strip()]
    elif kind == QuestionKind.TRUE_FALSE:
        word = raw_answer.upper()
        if word in TRUE_WORDS:
            answer = [0]
        elif word in FALSE_WORDS:
            answer = [1]
        else:
            errors.append(("answer", _("Write 对 or 错.")))
    else:
        letters = raw_answer.upper().replace(",", "").replace("，", "").replace("、", "").replace(" ", "")
        if not letters or any(ch not in LETTERS[: len(options)] for ch in letters):
            errors.append(("answer", _("Write the letters of the correct options, e.g. A or ACD.")))
        answer = sorted({LETTERS.index(ch) for ch in letters if ch in LETTERS})
    raw_diff = str(values.get("difficulty") or "中").strip()
    difficulty = DIFFICULTIES.get(raw_diff)
    if difficulty is None:
        errors.append(("difficulty", _("Write 易, 中 or 难.")))
    fields = {
        "code": str(values.get("code") or "").strip(), "kind": kind, "text": str(values.get("text") or ""),
        "options": options, "answer": answer, "tags": str(values.get("tags") or ""), "difficulty": difficulty or 2,
        "explanation": str(values.get("explanation") or ""), "source": str(values.get("source") or ""),
    }  # fmt: skip
    if not errors:
        try:
            services.validate_question(kind=kind, text=str(fields["text"]), options=options, answer=answer)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors += [({"options": "option_A"}.get(name, name), m) for m in messages]
    return fields, errors


class QuestionImporter(Importer):
    kind = "questions"
    label = gettext_lazy("Question bank")
    title = "题库导入模板"
    columns = COLUMNS

    def _bank(self, org: Organization, options: dict[str, Any]) -> QuestionBank:
        try:
            bank = QuestionBank.objects.select_related("org").get(pk=int(options.get("bank", "")))
        except (QuestionBank.DoesNotExist, ValueError, TypeError):
            raise PermissionDenied(_("Choose a question bank to import into.")) from None
        if not bank.org.path.startswith(org.path) and not org.path.startswith(bank.org.path):
            raise PermissionDenied(_("The bank belongs to another organisation."))
        return bank

    def check_access(self, *, actor: Any, org: Organization, options: dict[str, Any]) -> None:
        bank = self._bank(org, options)
        if not can(actor, bank.org, Cap.STRUCTURE):
            raise PermissionDenied(_("You do not have permission to do this here."))

    def _walk(self, org: Organization, rows: Rows, options: dict[str, Any],
              progress: Progress) -> tuple[Outcome, list[dict[str, Any]]]:  # fmt: skip
        bank = self._bank(org, options)
        existing = {q.code: q for q in Question.objects.filter(bank=bank)}
        outcome, good = Outcome(), []
        seen: dict[str, int] = {}
        for n, (row, values) in enumerate(rows, start=1):
            progress(n)
            fields, errors = parse_row(values)
            for name, message in errors:
                outcome.errors.append(RowError(row, self.header_of(name), message))
            if errors:
                continue
            code = fields["code"] or services.question_code_for(fields["kind"], fields["text"].strip())
            if code in seen:
                outcome.errors.append(RowError(row, self.header_of("code"),
                                               _("Same question as row %(row)s.") % {"row": seen[code]}))  # fmt: skip
                continue
            seen[code] = row
            fields["code"] = code
            current = existing.get(code)
            if current is None:
                outcome.create += 1
            else:
                cleaned = services.question_fields(fields)
                same = all(getattr(current, k) == v for k, v in cleaned.items() if k != "is_active")
                if same:
                    outcome.skip += 1
                else:
                    outcome.update += 1
            good.append(fields)
        return outcome, good

    def check(self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any],
              progress: Progress) -> Outcome:  # fmt: skip
        return self._walk(org, rows, options, progress)[0]

    def apply(self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any],
              progress: Progress) -> Outcome:  # fmt: skip
        outcome, good = self._walk(org, rows, options, progress)
        if outcome.errors:
            return outcome
        services.bank_load(actor=actor, bank=self._bank(org, options), items=good)
        return outcome

    def examples(self) -> list[list[Any]]:
        return [
            ["DS001", "单选", "中国共产党第一次全国代表大会在哪座城市开幕？", "上海", "北京", "广州", "武汉", "", "",
             "A", "党的会议、党史事件", "易", "1921年7月中共一大在上海开幕。", "《中国共产党简史》"],
            ["", "判断", "遵义会议于1935年1月召开。", "", "", "", "", "", "", "对", "党的会议", "易", "", ""],
            ["", "填空", "党的二十大报告：江山就是人民，人民就是____。", "", "", "", "", "", "", "江山", "二十大报告",
             "易", "", "党的二十大报告"],
        ]  # fmt: skip
