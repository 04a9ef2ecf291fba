"""The organisation tree, the member roster, transfers, and the roll-up store.

The tree is a django-treebeard materialized path (``path`` with 4-character steps) plus an
explicit ``parent`` link. The parent link is the source of truth; ``path``/``depth`` are
kept in step by :mod:`lixing.orgs.services` (inside one transaction, under a tree lock),
and subtree reads are ``path LIKE 'prefix%'``. See docs/decisions/0001-org-tree.md.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from treebeard.mp_tree import MP_Node

from lixing.common.models import TimeStampedModel


class OrgKind(models.TextChoices):
    WORKING_COMMITTEE = "working_committee", _("Party working committee")
    COMMITTEE = "committee", _("Party committee")
    LEADING_GROUP = "leading_group", _("Leading party group")
    GENERAL_BRANCH = "general_branch", _("General branch")
    BRANCH = "branch", _("Branch")
    CELL = "cell", _("Party cell")


class UnitType(models.TextChoices):
    """What the unit an organisation sits in is (the national form's 党组织所在单位情况)."""

    ORGAN = "organ", _("Party or government organ")
    INSTITUTION = "institution", _("Public institution")
    ENTERPRISE = "enterprise", _("Enterprise")
    COMMUNITY = "community", _("Urban community (residents' committee)")
    VILLAGE = "village", _("Administrative village")
    SOCIAL = "social", _("Social organisation")
    OTHER = "other", _("Other")


# Units that residents live in: units and members register with their party organisations
# (双报到), and those post micro-wishes and service activities.
RESIDENTIAL_UNITS = (UnitType.COMMUNITY, UnitType.VILLAGE)

# Kinds that hold members directly (a member belongs to exactly one branch-level org).
MEMBER_HOLDING_KINDS = {OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.COMMITTEE, OrgKind.CELL}


class Organization(MP_Node, TimeStampedModel):
    steplen = 4
    node_order_by: list[str] = []

    name = models.CharField(_("full name"), max_length=200, help_text=_("The full name as on the seal."))
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children_set", verbose_name=_("parent")
    )
    secretary = models.ForeignKey(
        "Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("secretary")
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    unit_name = models.CharField(_("unit it sits in"), max_length=200, blank=True)
    unit_type = models.CharField(_("type of unit"), max_length=20, choices=UnitType.choices, blank=True)
    dissolved_at = models.DateTimeField(_("dissolved at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("merged into")
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            # LIKE 'prefix%' on PostgreSQL needs pattern ops unless the database collation is C.
            models.Index(fields=["path"], name="org_path_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["parent", "kind"], name="org_parent_kind"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_at is None

    def ancestor_paths(self) -> list[str]:
        """Paths of every ancestor and self, root first."""
        return [self.path[: i * self.steplen] for i in range(1, len(self.path) // self.steplen + 1)]


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class MemberStatus(models.TextChoices):
    FULL = "full", _("Full member")
    PROBATIONARY = "probationary", _("Probationary member")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("Postgraduate")
    UNIVERSITY = "university", _("University")
    COLLEGE = "college", _("Junior college")
    SECONDARY = "secondary", _("Secondary school")
    PRIMARY = "primary", _("Primary school or below")


class PersonCategory(models.TextChoices):
    IN_SERVICE = "in_service", _("In service")
    RETIRED = "retired", _("Retired")
    FARMER = "farmer", _("Farmer / herdsman")
    STUDENT = "student", _("Student")
    WORKER = "worker", _("Worker")
    UNEMPLOYED = "unemployed", _("Unemployed")
    OTHER = "other", _("Other")


class PartyStanding(models.TextChoices):
    NORMAL = "normal", _("Normal")
    SUSPENDED = "suspended", _("Membership suspended")


class CadreLevel(models.TextChoices):
    NONE = "", _("Not a cadre")
    SECTION = "section", _("Section level")
    DIVISION = "division", _("Division level")
    BUREAU = "bureau", _("Bureau level")


class Member(TimeStampedModel):
    """A party member, with the fields of the national member information form."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)  # searched with contains: an index would not serve
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    id_number = models.CharField(_("citizen ID number"), max_length=18, unique=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    birth_date = models.DateField(_("date of birth"))
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    category = models.CharField(
        _("person category"), max_length=20, choices=PersonCategory.choices, default=PersonCategory.IN_SERVICE
    )
    joined_at = models.DateField(_("date joined the party"))
    confirmed_at = models.DateField(_("date confirmed as full member"), null=True, blank=True)
    status = models.CharField(pgettext_lazy("member status", "status"), max_length=20, choices=MemberStatus.choices, editable=False)
    job_post = models.CharField(_("job post"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("home address"), max_length=200, blank=True)
    standing = models.CharField(
        _("party standing"), max_length=20, choices=PartyStanding.choices, default=PartyStanding.NORMAL
    )
    is_lost_contact = models.BooleanField(_("lost contact"), default=False)
    is_mobile = models.BooleanField(_("mobile member"), default=False)
    org = models.ForeignKey(  # indexed by member_org_status, which starts with it
        Organization,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("party organisation"),
        db_index=False,
    )
    work_unit = models.CharField(_("work unit"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=100, blank=True)
    cadre_level = models.CharField(
        _("cadre level"), max_length=20, choices=CadreLevel.choices, default=CadreLevel.NONE, blank=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        indexes = [models.Index(fields=["org", "status"], name="member_org_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(confirmed_at__gte=models.F("joined_at")),
                name="member_confirmed_after_joined",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude: Any = None) -> None:
        """Identifiers are normalised before anything checks them (length, uniqueness): the
        one normaliser shared by forms, imports and the API (``validators``)."""
        from .validators import normalize_id_number, normalize_phone

        self.id_number = normalize_id_number(self.id_number)
        if self.phone:
            self.phone = normalize_phone(self.phone)
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        """The rules of the national form that span fields: the ID number is valid and agrees
        with the date of birth and gender; the phone is a phone; confirmation follows joining.
        (The roster importer applies the same rules row by row, see :mod:`lixing.orgs.roster`.)"""
        from .validators import validate_id_number, validate_phone

        errors: dict[str, object] = {}
        try:
            birth, gender = validate_id_number(self.id_number)
        except ValidationError as exc:
            errors["id_number"] = exc
        else:
            if self.birth_date and self.birth_date != birth:
                errors["birth_date"] = _("The date of birth %(given)s does not match the ID number (%(encoded)s).") % {
                    "given": self.birth_date.isoformat(), "encoded": birth.isoformat()}  # fmt: skip
            if self.gender and self.gender != gender:
                errors["gender"] = _("The gender does not match the ID number.")
        if self.phone:
            try:
                self.phone = validate_phone(self.phone)
            except ValidationError as exc:
                errors["phone"] = exc
        if self.confirmed_at and self.joined_at and self.confirmed_at < self.joined_at:
            errors["confirmed_at"] = _("The date of confirmation is before the date of joining the party.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args: object, **kwargs: object) -> None:
        self.status = MemberStatus.FULL if self.confirmed_at else MemberStatus.PROBATIONARY
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "confirmed_at" in update_fields:  # type: ignore[operator]
            kwargs["update_fields"] = {*update_fields, "status"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Transfer(TimeStampedModel):
    """A member's move between organisations (组织关系转接). History is never rewritten."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers")
    from_org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    to_org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("transfer")


class Rollup(models.Model):  # noqa: DJ008 - an internal counter row, never shown
    """Counters kept per organisation: ``own`` for its own records, ``total`` for its subtree.

    ``key`` names a counter (opaque here; the lines of work choose them). ``bucket`` is a
    calendar period ("all", "2021", "2021Q2", "2021-04", "2021W15"). A subtree figure is one
    row read, whatever the size of the subtree. Maintained by :mod:`lixing.orgs.rollups`.
    """

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)
    key = models.CharField(max_length=80)
    bucket = models.CharField(max_length=10)
    own = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "key", "bucket"], name="rollup_unique")]
