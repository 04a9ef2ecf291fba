"""Study: sessions (with kinds, speakers, files), attendance, required readings, check-ins, points.

One :class:`StudySession` may carry several kinds (a themed party day that was also a
lecture), so nothing is entered twice. Counts for figures are kept as roll-up counters by
:mod:`lixing.study.services`; :class:`AttendanceTally` keeps, per member and calendar
bucket, how many sessions they attended, so "members who attended at least N sessions" is a
counter too (see docs/decisions/study-coverage-counters.md).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.common.models import TimeStampedModel
from lixing.orgs.models import CadreLevel, Member, Organization, OrgKind


class KindHolder(models.TextChoices):
    """Which organisations are expected to hold a kind of session: its coverage ("N of M
    held one") is counted over them."""

    BRANCH = "branch", _("Branches")
    COMMITTEE = "committee", _("Party committees and leading party groups")


# The organisation kinds each holder counts (the working committee has a central group too).
HOLDER_ORG_KINDS: dict[str, tuple[str, ...]] = {
    KindHolder.BRANCH: (OrgKind.BRANCH,),
    KindHolder.COMMITTEE: (OrgKind.WORKING_COMMITTEE, OrgKind.COMMITTEE, OrgKind.LEADING_GROUP),
}


class SessionKind(TimeStampedModel):
    """A kind of study session (中心组学习, 专题党课, 主题党日 …): a configurable list."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    is_lecture = models.BooleanField(
        _("counts as a party lecture"), default=False, help_text=_("Counted in lectures by speaker level.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)
    held_by = models.CharField(
        _("held by"), max_length=20, choices=KindHolder.choices, default=KindHolder.BRANCH,
        help_text=_("Which organisations are expected to hold it: its coverage is counted over them."),
    )  # fmt: skip

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("session kind")
        verbose_name_plural = _("session kinds")

    def __str__(self) -> str:
        return self.name


class SpeakerRole(models.TextChoices):
    NONE = "", _("No speaker")
    BRANCH_SECRETARY = "branch_secretary", _("Branch secretary")
    COMMITTEE_SECRETARY = "committee_secretary", _("Party committee secretary")
    LEADER = "leader", _("Leading cadre")
    MEMBER = "member", _("Party member")
    OUTREACH = "outreach", _("Outreach team member")
    EXPERT = "expert", _("Invited expert")
    OTHER = "other", _("Other")


class StudySession(TimeStampedModel):
    unit = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="study_sessions", verbose_name=_("organising unit")
    )
    kinds = models.ManyToManyField(SessionKind, related_name="sessions", verbose_name=_("kinds"))
    date = models.DateField(_("date"), db_index=True)
    topic = models.CharField(_("topic"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    online_viewers = models.PositiveIntegerField(_("online viewers"), default=0)
    speaker_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("speaker")
    )
    speaker_name = models.CharField(_("speaker name"), max_length=100, blank=True)
    speaker_role = models.CharField(_("speaker role"), max_length=30, choices=SpeakerRole.choices, blank=True)
    # Snapshot of the member's cadre level when the lecture was given (the roster may change later).
    speaker_cadre_level = models.CharField(_("speaker cadre level"), max_length=20, choices=CadreLevel.choices,
                                           blank=True, default=CadreLevel.NONE)  # fmt: skip
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="study_sessions", verbose_name=_("campaign"))  # fmt: skip
    open_to_all = models.BooleanField(
        _("open to members of other organisations"),
        default=False,
        help_text=_("Closed sessions accept sign-ins only from the organising unit's members."),
    )
    summary = models.TextField(pgettext_lazy("session report", "summary"), blank=True)
    expected_count = models.PositiveIntegerField(_("expected"), default=0, editable=False)
    attended_count = models.PositiveIntegerField(_("attended"), default=0, editable=False)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        indexes = [models.Index(fields=["unit", "date"], name="study_session_unit_date")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.topic}"

    @property
    def speaker_display(self) -> str:
        if self.speaker_member_id is not None and self.speaker_member is not None:
            return self.speaker_member.name
        return self.speaker_name


class FileKind(models.TextChoices):
    MATERIAL = "material", _("Material")
    PHOTO = "photo", _("Photo")


class SessionFile(TimeStampedModel):
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=10, choices=FileKind.choices)
    file = models.FileField(_("file"), upload_to="study/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("session file")

    def __str__(self) -> str:
        return self.name


class ExpectedAttendee(models.Model):
    """A member expected at a session (应到), snapshot when the session is created.

    An expected member who has not signed in is an absentee: the secretary records the
    reason, and later that they made it up (补学)."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="expected")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    absence_reason = models.CharField(_("reason for absence"), max_length=200, blank=True)
    made_up_at = models.DateField(_("made up on"), null=True, blank=True)
    made_up_note = models.CharField(_("how it was made up"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="study_expected_unique")]
        indexes = [models.Index(fields=["member", "session"], name="study_expected_member")]
        verbose_name = _("expected attendee")

    def __str__(self) -> str:
        return f"{self.session_id}:{self.member_id}"


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("Scanned the QR code")
    TICKED = "ticked", _("Ticked by the secretary")
    API = "api", _("Recorded through the API")


class Attendance(models.Model):
    """A member attended a session (实到). Counted once: the database refuses a second row."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="study_attendances")
    # The member's organisation when they attended: counters are kept there.
    member_org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("how"), max_length=10, choices=AttendanceMethod.choices)
    at = models.DateTimeField(_("signed in at"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="study_attendance_once")]
        indexes = [models.Index(fields=["member", "session"], name="study_attendance_member")]
        verbose_name = _("attendance")

    def __str__(self) -> str:
        return f"{self.session_id}:{self.member_id}"


class AttendanceTally(models.Model):  # noqa: DJ008 - an internal counter row
    """How many sessions ``member`` attended in calendar ``bucket`` (all, 2021, 2021Q2, 2021-04,
    2021W15). Lets "members who attended at least N" be kept as a counter, O(1) per write."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", db_index=False)
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    bucket = models.CharField(max_length=10)
    sessions = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "bucket"], name="study_tally_unique")]
        indexes = [models.Index(fields=["bucket", "sessions"], name="study_tally_bucket")]


class RequiredReading(TimeStampedModel):
    """A book or material set members must study (必读书目), optionally for one campaign."""

    owner = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("set by"), help_text=_("The organisation whose members must read it."))  # fmt: skip
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="required_readings", verbose_name=_("campaign"))  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    publisher = models.CharField(_("author / publisher"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("required reading")
        verbose_name_plural = _("required readings")

    def __str__(self) -> str:
        return self.title


class ReadingDistribution(TimeStampedModel):
    """Sets of a reading ordered and delivered to one unit (征订、发放)."""

    reading = models.ForeignKey(RequiredReading, on_delete=models.CASCADE, related_name="distributions")
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    ordered = models.PositiveIntegerField(_("sets ordered"), default=0)
    delivered = models.PositiveIntegerField(_("sets delivered"), default=0)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reading", "unit"], name="study_distribution_unique")]
        verbose_name = _("distribution")

    def __str__(self) -> str:
        return f"{self.reading_id}:{self.unit_id}"


class CheckIn(TimeStampedModel):
    """A member's own record of what they studied (打卡). Never ranked or compared."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="study_checkins")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"), db_index=True)
    material = models.CharField(_("what I studied"), max_length=200)
    note = models.CharField(pgettext_lazy("check-in", "note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["member", "day"], name="study_checkin_member_day")]
        verbose_name = _("check-in")

    def __str__(self) -> str:
        return f"{self.day} {self.material}"


class PointAction(models.TextChoices):
    CHECKIN = "checkin", _("Study check-in")
    ATTENDANCE = "attendance", _("Attending a session")
    MAKEUP = "makeup", _("Making up a missed session")


class PointRule(TimeStampedModel):
    """Points for an action, and the most a member can earn by it in one day."""

    action = models.CharField(_("action"), max_length=20, choices=PointAction.choices, unique=True)
    points = models.PositiveSmallIntegerField(_("points"))
    daily_cap = models.PositiveSmallIntegerField(_("daily cap"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("points rule")
        constraints = [models.CheckConstraint(condition=Q(daily_cap__gte=0), name="study_rule_cap")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} +{self.points}"


class PointEntry(models.Model):
    """One line of a member's points ledger. Shown to that member only."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    action = models.CharField(_("action"), max_length=20, choices=PointAction.choices)
    points = models.PositiveSmallIntegerField(_("points"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["member", "day", "action"], name="study_points_member_day")]
        verbose_name = _("points entry")

    def __str__(self) -> str:
        return f"{self.member_id} {self.day} +{self.points}"
