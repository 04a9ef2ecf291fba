"""Test personas: a small district every test can use.

district (working committee)           district_admin, auditor
├── committee A                        unit_admin
│   ├── branch A1   members a1_m1…      secretary (a1 secretary), member (a1_m1)
│   └── branch A2
└── committee B
    └── branch B1   members b1_m1…      other_member (b1_m1): must see nothing of A
"""

from __future__ import annotations

import datetime
import itertools
import os
import shutil
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from lixing.accounts.models import Role, RoleAssignment, User
from lixing.common.testing import make_mobile, unique_id_number
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Member, Organization, OrgKind
from lixing.orgs.services import member_create, org_create, org_set_secretary

# CI replays a fixed set of property-test examples (a red CI must be reproducible); a developer's
# run explores new random ones each time.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

PASSWORD = "Lixing-test-2026"  # noqa: S105 - test persona password
_seq = itertools.count(1)


def make_member(org: Organization, name: str | None = None, **fields: Any) -> Member:
    n = next(_seq)
    number, birth, gender = unique_id_number(n + 100_000)
    data: dict[str, Any] = {
        "name": name or f"党员{n}",
        "gender": gender,
        "id_number": number,
        "birth_date": birth,
        "joined_at": datetime.date(2005, 7, 1),
        "confirmed_at": datetime.date(2006, 7, 1),
        "phone": make_mobile(n),
    }
    data.update(fields)
    return member_create(actor=SYSTEM, org=org, **data)


def make_user(username: str, role: str | None = None, org: Organization | None = None, **kw: Any) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, display_name=kw.pop("display_name", username))
    if role and org:
        RoleAssignment.objects.create(user=user, role=role, org=org)
    return user


@dataclass
class District:
    root: Organization
    committee_a: Organization
    committee_b: Organization
    branch_a1: Organization
    branch_a2: Organization
    branch_b1: Organization
    district_admin: User
    unit_admin: User
    secretary: User
    member: User
    other_member: User
    auditor: User
    a1_members: list[Member]
    b1_members: list[Member]

    def client(self, user: User) -> Client:
        c = Client()
        c.force_login(user)
        return c


@pytest.fixture
def district(db: Any) -> District:
    root = org_create(
        actor=SYSTEM, parent=None, name="测试区党工委", kind=OrgKind.WORKING_COMMITTEE, short_name="测试区"
    )
    ca = org_create(actor=SYSTEM, parent=root, name="甲党委", kind=OrgKind.COMMITTEE)
    cb = org_create(actor=SYSTEM, parent=root, name="乙党委", kind=OrgKind.COMMITTEE)
    a1 = org_create(actor=SYSTEM, parent=ca, name="甲一支部", kind=OrgKind.BRANCH)
    a2 = org_create(actor=SYSTEM, parent=ca, name="甲二支部", kind=OrgKind.BRANCH)
    b1 = org_create(actor=SYSTEM, parent=cb, name="乙一支部", kind=OrgKind.BRANCH)
    a1_members = [make_member(a1, f"甲一{i}") for i in range(1, 6)]
    b1_members = [make_member(b1, f"乙一{i}") for i in range(1, 4)]
    a2_members = [make_member(a2, f"甲二{i}") for i in range(1, 3)]
    assert a2_members
    org_set_secretary(actor=SYSTEM, org=a1, member=a1_members[0])
    secretary = make_user("secretary", Role.SECRETARY, a1)
    a1_members[0].user = secretary
    a1_members[0].save(update_fields=["user"])
    member_user = make_user("member", Role.MEMBER, a1)
    a1_members[1].user = member_user
    a1_members[1].save(update_fields=["user"])
    other = make_user("other_member", Role.MEMBER, b1)
    b1_members[0].user = other
    b1_members[0].save(update_fields=["user"])
    # Data-defined figures (study kinds) as this database has them: a test that changed kinds
    # and was rolled back must not make the next test's first page reload them (and count a query).
    from lixing.figures.registry import refresh

    refresh()
    return District(
        root=root, committee_a=ca, committee_b=cb, branch_a1=a1, branch_a2=a2, branch_b1=b1,
        district_admin=make_user("district_admin", Role.DISTRICT_ADMIN, root),
        unit_admin=make_user("unit_admin", Role.UNIT_ADMIN, ca),
        secretary=secretary, member=member_user, other_member=other,
        auditor=make_user("auditor", Role.AUDITOR, root),
        a1_members=a1_members, b1_members=b1_members,
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _media_and_tasks(settings: Any, tmp_path: Any) -> None:
    """Uploads go to a temporary folder; background tasks run immediately in tests; the
    personas' passwords hash with a fast hasher (the real one is slow by design)."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # still checks hashes made elsewhere (the demo)
    ]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.LANGUAGE_CODE = "zh-hans"


# --- Browser tests: Debian's Chromium driven by Playwright (never a downloaded browser) ----
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic",
        ],
    }  # fmt: skip


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def phone_context_args() -> dict[str, Any]:
    """Pass to ``browser.new_context(**phone_context_args)`` for a phone-sized page."""
    return {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
            "has_touch": True, "locale": "zh-CN"}  # fmt: skip


def browser_login(page: Any, live_server: Any, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form:has(input[name=password]) button[type=submit]")
    page.wait_for_load_state("networkidle")
