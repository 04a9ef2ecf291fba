"""Contests (书记加油PK, 合唱比赛, 微视频大赛): entries, rounds, a rubric, judges' sheets, audience votes.

* A :class:`Contest` has a rubric (:class:`Criterion`: weight and maximum score), a scoring rule
  (mean, trimmed mean, z-scores averaged — :mod:`.scoring`) and, if enabled, audience votes
  capped per person and day, weighted into the total only by ``vote_weight``.
* An :class:`Entry` is a member, a secretary or an organisation (``org`` is always the unit it
  comes from: scoping and conflicts of interest use it).
* A :class:`Judge` is an account assigned to a :class:`Round`, with the unit they belong to;
  they never score an entry from that unit's subtree. Their :class:`Sheet` is saved as they go
  (:class:`Score` rows) and locked when submitted.
* :class:`Vote` rows make the cap a database fact: one row per (contest, voter, day, slot) with
  ``slot`` in 1..cap, and one per (contest, entry, voter, day).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lixing.common.models import TimeStampedModel
from lixing.orgs.models import Member, Organization

from . import scoring


class Rule(models.TextChoices):
    MEAN = scoring.MEAN, _("Mean of the judges")
    TRIMMED = scoring.TRIMMED, _("Trimmed mean (highest and lowest dropped from five judges up)")
    ZSCORE = scoring.ZSCORE, _("Each judge's z-scores, averaged")


class ContestKind(models.TextChoices):
    SECRETARIES_PK = "secretaries_pk", _("Secretaries' PK (书记加油PK)")
    CHORUS = "chorus", _("Chorus")
    VIDEO = "video", _("Micro-video contest")
    OTHER = "other", _("Other contest")


class Contest(TimeStampedModel):
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser"))
    kind = models.CharField(_("kind"), max_length=20, choices=ContestKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date held"))
    rule = models.CharField(_("scoring rule"), max_length=10, choices=Rule.choices, default=Rule.MEAN)
    votes_enabled = models.BooleanField(_("audience votes"), default=False)
    votes_per_day = models.PositiveSmallIntegerField(
        _("votes per person and day"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    vote_weight = models.PositiveSmallIntegerField(
        _("weight of the audience in the total (%)"), default=0, validators=[MaxValueValidator(100)],
        help_text=_("0: votes are shown in their own column and do not enter the total."),
    )  # fmt: skip
    published_at = models.DateTimeField(_("results published"), null=True, blank=True, editable=False)
    form_token = models.CharField(max_length=40, blank=True, default="", editable=False)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        constraints = [
            models.UniqueConstraint(fields=["form_token"], condition=~Q(form_token=""), name="contests_contest_token"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.rule == Rule.ZSCORE and self.vote_weight:
            raise ValidationError({"vote_weight": _("Z-scores are not on the audience's 0–100 scale: weight 0.")})
        if self.vote_weight and not self.votes_enabled:
            raise ValidationError({"vote_weight": _("Enable audience votes to weight them.")})


class Criterion(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MinValueValidator(1)])
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=10, validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class EntryKind(models.TextChoices):
    MEMBER = "member", _("A member")
    SECRETARY = "secretary", _("A secretary")
    ORG = "org", _("An organisation")


class Entry(TimeStampedModel):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("entrant"), max_length=10, choices=EntryKind.choices)
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order of appearance"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.UniqueConstraint(fields=["contest", "member"], condition=Q(member__isnull=False),
                                    name="contests_entry_member_once"),
            models.UniqueConstraint(fields=["contest", "org"], condition=Q(kind="org"), name="contests_entry_org_once"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title


class Round(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    name = models.CharField(_("name"), max_length=60, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["contest", "number"], name="contests_round_once")]

    def __str__(self) -> str:
        return self.name or f"#{self.number}"


class Judge(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("judge's unit"))
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="contests_judge_once")]

    def __str__(self) -> str:
        return str(self.user)

    def conflicts_with(self, entry: Entry) -> bool:
        """An entry from the judge's own unit or below it."""
        return entry.org.path.startswith(self.unit.path)


class Score(models.Model):
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="scores")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["judge", "entry", "criterion"], name="contests_score_once")]

    def __str__(self) -> str:
        return str(self.value)


class Vote(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="votes")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=80)  # "u<user id>" or "p<keyed hash of a verified phone>"
    day = models.DateField()
    slot = models.PositiveSmallIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contest", "voter", "day", "slot"], name="contests_vote_cap"),
            models.UniqueConstraint(fields=["contest", "entry", "voter", "day"], name="contests_vote_entry_once"),
        ]

    def __str__(self) -> str:
        return f"vote {self.pk}"
