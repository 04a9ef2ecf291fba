"""Users, their roles (each scoped to an organisation subtree), API tokens and the logs."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from lixing.common.models import TimeStampedModel


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=64, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.username


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District admin")
    UNIT_ADMIN = "unit_admin", _("Unit admin")
    SECRETARY = "secretary", _("Branch secretary")
    MEMBER = "member", _("Member")
    AUDITOR = "auditor", _("Auditor")


class RoleAssignment(TimeStampedModel):
    """A user holds ``role`` over ``org`` and everything below it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="role_assignments")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role", "org"], name="unique_role_per_org")]
        verbose_name = _("role assignment")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.org_id}"


class AuditLog(models.Model):
    """Every change: who, when, what, before and after. Written in the changing transaction."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    # Not indexed: the auditor filters these by prefix or together with the time order,
    # which the "at" index serves; every change of every line of work writes a row here.
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    # Materialized path of the organisation the change belongs to, so auditors see their subtree only.
    org_path = models.CharField(max_length=255, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"


class AccessLog(models.Model):  # noqa: DJ008
    """Every full view of personal data (an ID number or phone shown unmasked or exported)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    subject_type = models.CharField(max_length=64)
    subject_id = models.CharField(max_length=64)
    subject_repr = models.CharField(max_length=200, blank=True)
    fields = models.CharField(max_length=200)
    context = models.CharField(max_length=32)  # page / export / api / command
    org_path = models.CharField(max_length=255, blank=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("personal data access")


class ApiToken(TimeStampedModel):
    """A bearer token. Only its SHA-256 is stored; the token is shown once when created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return "lx_" + secrets.token_urlsafe(32)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
