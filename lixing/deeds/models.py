"""Practical deeds 办实事: visits, problems (tickets), micro livelihood projects, micro-wishes,
community registration and volunteering.

Every record belongs to an organisation of the tree (``org``/``unit``/``community``) so that
access (``scope_q``) and roll-up counters follow the tree. Residents and enterprises have no
account: what they submit carries contact details that are shown masked to staff and never
on a public page.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.common.models import TimeStampedModel
from lixing.orgs.models import Member, Organization

# Tracking codes: 10 characters of an unambiguous base-32 alphabet (no I, L, O, U): 2**50 codes.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class CategoryGroup(models.TextChoices):
    PUBLIC = "public", _("For the public")
    ENTERPRISE = "enterprise", _("For enterprises")
    GRASSROOTS = "grassroots", _("For the grassroots")


class Category(TimeStampedModel):
    """What a problem is about. The three groups are fixed (群众/企业/基层); finer categories
    inside them are configured by the office, each with the time a resolution should take."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    group = models.CharField(pgettext_lazy("category group", "group"), max_length=20, choices=CategoryGroup.choices)
    expected_days = models.PositiveSmallIntegerField(
        _("expected resolution time (days)"),
        default=15,
        help_text=_("A ticket not closed after this many days is late."),
    )
    is_active = models.BooleanField(_("offered on the public form"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["group", "order", "name"]
        verbose_name = _("problem category")
        verbose_name_plural = _("problem categories")

    def __str__(self) -> str:
        return self.name


class VisitTarget(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    COMMUNITY = "community", _("Community")
    VILLAGE = "village", _("Village")


class Visit(TimeStampedModel):
    """A research visit 调研走访. A visit without problems is still a visit."""

    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by"))
    target_type = models.CharField(_("visited"), max_length=20, choices=VisitTarget.choices)
    target_name = models.CharField(_("name of the place visited"), max_length=200)
    visited_on = models.DateField(_("date"))
    members = models.ManyToManyField(Member, related_name="visits", blank=True, verbose_name=_("who went"))
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("research visit")
        indexes = [models.Index(fields=["org", "visited_on"], name="visit_org_day")]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.target_name}"


class TicketSource(models.TextChoices):
    VISIT = "visit", _("Visit")
    HOTLINE = "hotline", _("Hotline")
    LETTER = "letter", _("Letter")
    MEETING = "meeting", _("Meeting")
    PUBLIC = "public", _("Public form")


class TicketKind(models.TextChoices):
    PROBLEM = "problem", _("Problem")
    SUGGESTION = "suggestion", _("Suggestion")


class SubmitterType(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    ENTERPRISE = "enterprise", _("Enterprise")
    GRASSROOTS = "grassroots", _("Grassroots cadre or member")


class TicketState(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", pgettext_lazy("ticket", "In progress")
    RESOLVED = "resolved", _("Resolved")
    PARTIAL = "partial", _("Partially resolved")
    CANNOT = "cannot", _("Cannot be resolved")
    CONFIRMED = "confirmed", _("Confirmed by the submitter")


OPEN_STATES = (TicketState.NEW, TicketState.ASSIGNED, TicketState.IN_PROGRESS)
ANSWERED_STATES = (TicketState.RESOLVED, TicketState.PARTIAL, TicketState.CANNOT)


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    PARTIAL = "partial", _("Partially resolved")
    CANNOT = "cannot", _("Cannot be resolved")


class Ticket(TimeStampedModel):
    """A problem or suggestion (问题/诉求) and its way to a resolution.

    ``office`` received it and assigns it; ``unit`` is responsible once assigned. Counters
    are kept at ``unit`` when there is one, else at ``office``, dated by ``received_on``
    (a cohort: "of the 54 problems collected this year, 23 solved").
    """

    code = models.CharField(_("tracking code"), max_length=CODE_LENGTH, unique=True, default=new_tracking_code)
    kind = models.CharField(_("kind"), max_length=20, choices=TicketKind.choices, default=TicketKind.PROBLEM)
    source = models.CharField(_("source"), max_length=20, choices=TicketSource.choices)
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="tickets")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("category"))
    title = models.CharField(pgettext_lazy("ticket", "summary"), max_length=120)
    description = models.TextField(_("description"))
    location = models.CharField(_("where"), max_length=200, blank=True)
    # The submitter: personal data, masked for staff, never public.
    submitter_type = models.CharField(_("submitted by"), max_length=20, choices=SubmitterType.choices)
    submitter_name = models.CharField(_("contact name"), max_length=100, blank=True)
    submitter_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    enterprise_name = models.CharField(_("enterprise"), max_length=200, blank=True)
    office = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by"))
    unit = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("responsible unit"),
    )  # fmt: skip
    lead = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("lead cadre")
    )
    state = models.CharField(_("state"), max_length=20, choices=TicketState.choices, default=TicketState.NEW)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    reply = models.TextField(
        _("reply to the submitter"), blank=True, help_text=_("Shown on the public tracking page: no personal data.")
    )
    reason = models.TextField(_("reason"), blank=True)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("due on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    resolve_days = models.PositiveIntegerField(_("days to resolve"), null=True, blank=True)
    satisfied = models.BooleanField(_("submitter satisfied"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    late_at = models.DateTimeField(_("flagged late at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    supervised_at = models.DateTimeField(_("supervision notice at"), null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(fields=["state", "due_on"], name="ticket_state_due"),
            models.Index(fields=["unit", "state"], name="ticket_unit_state"),
            models.Index(fields=["office", "state"], name="ticket_office_state"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(state="cannot") | ~Q(reason=""), name="ticket_cannot_needs_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def counted_org_id(self) -> int:
        return self.unit_id or self.office_id

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_late(self) -> bool:
        return self.late_at is not None and self.is_open


class TicketPhoto(TimeStampedModel):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to="deeds/tickets/%Y/%m/")

    def __str__(self) -> str:
        return self.file.name


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned to a unit")
    STARTED = "started", _("Work started")
    ANSWERED = "answered", _("Answered")
    CONFIRMED = "confirmed", _("Confirmed: satisfied")
    REOPENED = "reopened", _("Not satisfied: reopened")
    LATE = "late", _("Flagged late")
    REMINDER = "reminder", _("Reminder sent")
    SUPERVISION = "supervision", _("Supervision notice issued")
    NOTE = "note", _("Progress note")


class TicketEvent(models.Model):
    """One step of a ticket's timeline. ``note`` is internal; the public page shows the kind,
    the date, the state reached and the unit (an organisation, never a person)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"))
    kind = models.CharField(_("step"), max_length=20, choices=EventKind.choices)
    state = models.CharField(_("state"), max_length=20, choices=TicketState.choices)
    unit = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("ticket step")

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}"


# --- Micro livelihood projects 民生微实事 --------------------------------------------------


class ProjectPhase(models.TextChoices):
    PROPOSED = "proposed", _("Proposal")
    REVIEWED = "reviewed", _("Reviewed")
    REJECTED = "rejected", _("Not feasible")
    SELECTED = "selected", _("Selected")
    IMPLEMENTING = "implementing", _("Being implemented")
    ACCEPTED = "accepted", _("Accepted")


class ProposerKind(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    UNIT = "unit", _("Unit")


class SelectionMethod(models.TextChoices):
    COUNCIL = "council", _("Residents' council decision")
    VOTE = "vote", _("Public approval vote")
    BOTH = "both", _("Council decision and public vote")


class MicroProject(TimeStampedModel):
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"))
    proposer_kind = models.CharField(_("proposed by"), max_length=20, choices=ProposerKind.choices)
    proposer_name = models.CharField(_("proposer"), max_length=100, blank=True)
    proposer_phone = models.CharField(_("proposer phone"), max_length=20, blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=ProjectPhase.choices, default=ProjectPhase.PROPOSED)
    proposed_on = models.DateField(_("proposed on"))
    feasibility = models.TextField(_("feasibility"), blank=True)
    estimated_cost = models.PositiveIntegerField(_("estimated cost (yuan)"), null=True, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    voting_open = models.BooleanField(_("public vote open"), default=False)
    votes = models.PositiveIntegerField(_("votes"), default=0)
    selection_method = models.CharField(_("selected by"), max_length=20, choices=SelectionMethod.choices, blank=True)
    council_decision = models.TextField(_("council decision"), blank=True)
    budget = models.PositiveIntegerField(_("budget (yuan)"), null=True, blank=True)
    selected_on = models.DateField(_("selected on"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    spent = models.PositiveIntegerField(_("spent (yuan)"), default=0)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    acceptance_note = models.TextField(_("acceptance note"), blank=True)

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = _("micro livelihood project")
        verbose_name_plural = _("micro livelihood projects")

    def __str__(self) -> str:
        return self.title


class Milestone(TimeStampedModel):
    project = models.ForeignKey(MicroProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=120)
    reached_on = models.DateField(_("date"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    spent = models.PositiveIntegerField(_("spent in this step (yuan)"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["reached_on", "id"]
        verbose_name = _("milestone")
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="milestone_progress_max_100")]

    def __str__(self) -> str:
        return self.title


class PhoneCode(models.Model):
    """A one-time code "sent" to a phone to verify it before voting. Only hashes are kept."""

    phone_hash = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"code {self.pk}"


class Vote(models.Model):
    """One approval vote per verified phone per project (the phone kept only as a keyed hash)."""

    project = models.ForeignKey(MicroProject, on_delete=models.CASCADE, related_name="vote_set")
    phone_hash = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "phone_hash"], name="one_vote_per_phone")]

    def __str__(self) -> str:
        return f"vote {self.pk}"


class OutboxMessage(models.Model):
    """Messages the outbox sender "sent" (dev/demo: no SMS gateway on an isolated intranet)."""

    at = models.DateTimeField(auto_now_add=True)
    phone = models.CharField(max_length=20)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.text


# --- Micro-wishes 微心愿 ---------------------------------------------------------------------


class WishState(models.TextChoices):
    POSTED = "posted", _("Waiting for someone")
    CLAIMED = "claimed", _("Claimed")
    FULFILLED = "fulfilled", _("Fulfilled, awaiting confirmation")
    CONFIRMED = "confirmed", _("Fulfilled and confirmed")


class Wish(TimeStampedModel):
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    beneficiary_name = models.CharField(_("resident's name"), max_length=50)
    title = models.CharField(_("wish"), max_length=120)
    description = models.TextField(_("details"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=WishState.choices, default=WishState.POSTED)
    posted_on = models.DateField(_("posted on"))
    claimed_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="wishes", verbose_name=_("claimed by")
    )
    claimed_on = models.DateField(_("claimed on"), null=True, blank=True)
    fulfil_note = models.TextField(_("how it was fulfilled"), blank=True)
    photo = models.FileField(_("photo"), upload_to="deeds/wishes/%Y/%m/", blank=True)
    fulfilled_on = models.DateField(_("fulfilled on"), null=True, blank=True)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)

    class Meta:
        ordering = ["-posted_on", "-id"]
        verbose_name = _("micro-wish")
        verbose_name_plural = _("micro-wishes")

    def __str__(self) -> str:
        return self.title

    @property
    def initials(self) -> str:
        return public_initials(self.beneficiary_name)


def public_initials(name: str) -> str:
    """What a public page may show of a name: 张秀英 → 张**, Li Ming → L. M."""
    name = name.strip()
    if not name:
        return ""
    if name.isascii():
        return " ".join(f"{part[0].upper()}." for part in name.split())
    return name[0] + "*" * max(len(name) - 1, 1)


# --- Community registration 双报到 and volunteering -----------------------------------------


class RegistrationKind(models.TextChoices):
    UNIT = "unit", _("Unit")
    MEMBER = "member", _("In-service member")


class CommunityRegistration(TimeStampedModel):
    community = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    kind = models.CharField(_("kind"), max_length=20, choices=RegistrationKind.choices)
    unit = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    registered_on = models.DateField(_("registered on"))

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("community registration")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="unit", unit__isnull=False, member__isnull=True)
                    | Q(kind="member", member__isnull=False, unit__isnull=True)
                ),
                name="registration_unit_xor_member",
            ),
            models.UniqueConstraint(fields=["community", "unit"], name="unit_registers_once_per_community"),
            # A member registers with the one community where they live.
            models.UniqueConstraint(fields=["member"], name="member_registers_once"),
        ]

    def __str__(self) -> str:
        return f"{self.community_id} ← {self.unit_id or self.member_id}"


class ServiceActivity(TimeStampedModel):
    community = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    title = models.CharField(_("activity"), max_length=120)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("service activity")
        verbose_name_plural = _("service activities")

    def __str__(self) -> str:
        return self.title


class VolunteerRecord(TimeStampedModel):
    """A member's sign-up for an activity; hours and people served, confirmed by the community.
    Counted at the member's own organisation once confirmed."""

    activity = models.ForeignKey(ServiceActivity, on_delete=models.CASCADE, related_name="records")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="volunteer_records")
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)
    people_served = models.PositiveIntegerField(_("people served"), default=0)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = _("volunteer record")
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="sign_up_once")]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.member_id}"


class RegistryKind(models.TextChoices):
    STATION = "station", _("Volunteer station (红领驿站)")
    ACTION_GROUP = "action_group", _("Party member action group")


class ServiceTeam(TimeStampedModel):
    """A volunteer station 红领驿站 or a party member action group 党员行动小组, with its members."""

    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation"))
    kind = models.CharField(_("kind"), max_length=20, choices=RegistryKind.choices)
    name = models.CharField(_("name"), max_length=120)
    focus = models.CharField(_("what it does"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    members = models.ManyToManyField(Member, related_name="service_teams", blank=True, verbose_name=pgettext_lazy("team", "members"))

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("service team")

    def __str__(self) -> str:
        return self.name


def setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))
