"""Question banks, papers, attempts, competitions, spot checks, maze levels and practice cards.

Answers are stored by *canonical* option index (the order in the bank); the order a member
sees is a per-attempt permutation kept on the item, so scoring and item analysis never
depend on the shuffle. Each attempt's items are created when it starts (one row per
question), so saving an answer is one UPDATE of one row and an answer can never be
doubled.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.common.models import TimeStampedModel
from lixing.orgs.models import Member, Organization


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "truefalse", _("True or false")
    FILL = "fill", _("Fill in the blank")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


class QuestionBank(TimeStampedModel):
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner"))
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("question bank")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Question(TimeStampedModel):
    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(pgettext_lazy("question", "code"), max_length=40, help_text=_("Stable key for re-imports."))
    kind = models.CharField(_("type"), max_length=10, choices=QuestionKind.choices)
    text = models.TextField(_("question"))
    options = models.JSONField(_("options"), default=list, blank=True)
    # Choice types: list of correct option indexes; fill: list of accepted answers.
    answer = models.JSONField(_("answer"), default=list)
    tags = models.CharField(_("knowledge tags"), max_length=200, blank=True, help_text=_("Separated by commas."))
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=Difficulty.choices, default=2)
    explanation = models.TextField(_("explanation"), blank=True)
    source = models.CharField(pgettext_lazy("question", "source"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("question")
        ordering = ["bank_id", "code"]
        constraints = [models.UniqueConstraint(fields=["bank", "code"], name="question_code_unique")]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.replace("，", ",").replace("、", ",").split(",") if t.strip()]


class PaperMode(models.TextChoices):
    FIXED = "fixed", _("Fixed questions")
    BLUEPRINT = "blueprint", _("Drawn by blueprint")


class Counting(models.TextChoices):
    BEST = "best", _("Best attempt")
    LAST = "last", _("Last attempt")
    FIRST = "first", _("First attempt")
    AVERAGE = "average", _("Average of attempts")


class MultipleRule(models.TextChoices):
    ALL_OR_NOTHING = "all", _("All or nothing")
    PARTIAL = "partial", _("Half credit for a correct subset, none for any wrong option")


class PaperPurpose(models.TextChoices):
    QUIZ = "quiz", _("Quiz")
    COMPETITION = "competition", _("Competition")
    SPOT_CHECK = "spot_check", _("Spot check")


class Paper(TimeStampedModel):
    """A test: fixed questions or a blueprint drawn afresh for each person."""

    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("for"))
    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="papers")
    title = models.CharField(_("title"), max_length=120)
    purpose = models.CharField(_("purpose"), max_length=12, choices=PaperPurpose.choices, default=PaperPurpose.QUIZ)
    mode = models.CharField(_("mode"), max_length=10, choices=PaperMode.choices, default=PaperMode.BLUEPRINT)
    fixed_questions = models.JSONField(_("fixed question ids"), default=list, blank=True)
    # [{"tag": "党史事件", "difficulty": 1, "count": 3}, …]
    blueprint = models.JSONField(_("blueprint"), default=list, blank=True)
    time_limit_minutes = models.PositiveIntegerField(_("time limit (minutes)"), default=15)
    attempts_allowed = models.PositiveIntegerField(_("attempts allowed"), default=1)
    counting = models.CharField(_("which attempt counts"), max_length=10, choices=Counting.choices,
                                default=Counting.BEST)  # fmt: skip
    multiple_rule = models.CharField(_("multiple choice scoring"), max_length=10, choices=MultipleRule.choices,
                                     default=MultipleRule.ALL_OR_NOTHING)  # fmt: skip
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    restricted = models.BooleanField(_("only for those drawn"), default=False)

    class Meta:
        verbose_name = _("paper")
        ordering = ["-opens_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="paper_window")]

    def __str__(self) -> str:
        return self.title

    @property
    def question_count(self) -> int:
        if self.mode == PaperMode.FIXED:
            return len(self.fixed_questions)
        return sum(int(row.get("count", 0)) for row in self.blueprint)


class AttemptStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("attempt", "In progress")
    SUBMITTED = "submitted", pgettext_lazy("attempt", "Submitted")
    EXPIRED = "expired", _("Time ran out")


class Attempt(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="attempts")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=AttemptStatus.choices, default=AttemptStatus.OPEN)
    score = models.FloatField(null=True, blank=True)  # 0–100

    class Meta:
        verbose_name = _("attempt")
        constraints = [models.UniqueConstraint(fields=["paper", "member", "number"], name="attempt_number_unique")]
        indexes = [models.Index(fields=["member", "status"], name="attempt_member_status")]

    def __str__(self) -> str:
        return f"{self.paper_id}/{self.member_id}/{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.OPEN


class AttemptItem(models.Model):  # noqa: DJ008 - shown through its attempt
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option_order = models.JSONField(default=list)  # canonical indexes in display order
    response = models.JSONField(null=True, blank=True)  # canonical indexes, or [text] for fill
    answered_at = models.DateTimeField(null=True, blank=True)
    credit = models.FloatField(null=True, blank=True)  # 0, 0.5 or 1 once scored

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="attempt_item_unique")]


class PaperResult(models.Model):  # noqa: DJ008 - a derived row, shown in tables
    """What counts for a member on a paper, by the paper's counting rule. The org and day
    are fixed at the first result so the roll-up counters can be rebuilt exactly."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="results")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    attempts = models.PositiveSmallIntegerField(default=0)
    score = models.FloatField(default=0)
    score_tenths = models.IntegerField(default=0)  # round(score × 10): the counter unit

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "member"], name="paper_result_unique")]


class Competition(TimeStampedModel):
    """A knowledge competition: a paper open to a subtree during a window, with a scoreboard."""

    paper = models.OneToOneField(Paper, on_delete=models.CASCADE, related_name="competition")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("competition")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class SpotCheck(TimeStampedModel):
    paper = models.OneToOneField(Paper, on_delete=models.CASCADE, related_name="spot_check")
    title = models.CharField(_("title"), max_length=120)
    share_percent = models.PositiveSmallIntegerField(_("share drawn per unit (%)"), default=10)
    drawn_at = models.DateTimeField(null=True, blank=True)
    drawn_day = models.DateField(null=True, blank=True)  # local date of the draw: the counters' day

    class Meta:
        verbose_name = _("spot check")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class SpotCheckDraw(models.Model):  # noqa: DJ008
    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="draws")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["spot_check", "member"], name="spot_draw_unique")]


class Notice(models.Model):  # noqa: DJ008
    """An in-app notice on the member's quiz page ("you were drawn for a spot check")."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class MazeLevel(TimeStampedModel):
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("level"))
    title = models.CharField(_("title"), max_length=120)
    tag = models.CharField(_("knowledge tag"), max_length=40)
    width = models.PositiveSmallIntegerField(_("width"), default=3)
    height = models.PositiveSmallIntegerField(_("height"), default=3)
    # Doors between adjacent rooms: ["r,c|r,c", …] (the maze's passages; the rest are walls).
    doors = models.JSONField(default=list)

    class Meta:
        verbose_name = _("maze level")
        ordering = ["org_id", "number"]
        constraints = [models.UniqueConstraint(fields=["org", "number"], name="maze_level_unique")]

    def __str__(self) -> str:
        return self.title


class MazeRun(models.Model):  # noqa: DJ008
    """A member's walk through a level. The server holds the state; the page only shows it."""

    level = models.ForeignKey(MazeLevel, on_delete=models.CASCADE, related_name="runs")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    row = models.PositiveSmallIntegerField(default=0)
    col = models.PositiveSmallIntegerField(default=0)
    opened = models.JSONField(default=list)  # door keys opened
    closed = models.JSONField(default=list)  # door keys closed by a wrong answer
    pending_door = models.CharField(max_length=20, blank=True)
    pending_question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    asked = models.JSONField(default=list)  # question ids already asked in this run
    correct = models.PositiveSmallIntegerField(default=0)
    wrong = models.PositiveSmallIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "member"], name="maze_run_unique")]


class PracticeCard(models.Model):  # noqa: DJ008
    """A question in a member's spaced-practice deck, scheduled by FSRS. Private to the member."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    card = models.JSONField(default=dict)  # fsrs.Card.to_dict()
    due = models.DateTimeField(db_index=True)
    reviews = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "question"], name="practice_card_unique")]
        indexes = [models.Index(fields=["member", "due"], name="practice_member_due")]


class PracticeReview(models.Model):  # noqa: DJ008
    """One practice answer: the member's own log (and the source of the practice counter)."""

    card = models.ForeignKey(PracticeCard, on_delete=models.CASCADE, related_name="log")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    reviewed_at = models.DateTimeField()
    correct = models.BooleanField()
