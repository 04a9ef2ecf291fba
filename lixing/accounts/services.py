"""Writes for users, roles and API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from lixing.accounts.audit import audit

from .models import ApiToken, Role, RoleAssignment, User


@transaction.atomic
def user_create(
    *, actor: Any, username: str, password: str | None, display_name: str = "", validate: bool = True
) -> User:
    user = User(username=username, display_name=display_name)
    if password:
        if validate:
            validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit(actor=actor, action="user.create", obj=user, after={"username": username, "display_name": display_name})
    return user


@transaction.atomic
def role_grant(*, actor: Any, user: User, role: str, org: Any) -> RoleAssignment:
    Role(role)  # raises ValueError on an unknown role
    assignment, _created = RoleAssignment.objects.get_or_create(user=user, role=role, org=org)
    audit(actor=actor, action="role.grant", obj=assignment, org_path=org.path,
          after={"user": user.username, "role": role, "org_id": org.pk})  # fmt: skip
    return assignment


@transaction.atomic
def token_create(*, actor: Any, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it and the raw key, which is never stored and shown once."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[3:11], key_hash=ApiToken.hash(raw))
    audit(actor=actor, action="token.create", obj=token, after={"user": user.username, "name": name})
    return token, raw


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit(actor=actor, action="token.revoke", obj=token)


def token_user(raw: str) -> User | None:
    """The active user a raw bearer token belongs to, or None."""
    if not raw.startswith("lx_"):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
