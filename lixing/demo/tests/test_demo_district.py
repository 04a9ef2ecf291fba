"""`python manage.py demo`: the demo district is shaped like the Daxie report, its people are
realistic and valid, and its accounts sign in with the printed password."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client

from lixing.accounts.models import Role, RoleAssignment, User
from lixing.common.demo import DemoContext
from lixing.figures.periods import Period
from lixing.figures.registry import get
from lixing.figures.selectors import figure_values
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import CadreLevel, Member, MemberStatus, Organization, OrgKind
from lixing.orgs.validators import validate_id_number, validate_phone

TODAY = datetime.date(2026, 11, 15)


@pytest.fixture(scope="module")
def demo_district(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The district built once for this module (it takes seconds), emptied afterwards."""
    seen: list[DemoContext] = []
    with django_db_blocker.unblock():
        with mock.patch("lixing.demo.management.commands.demo.demo_builders", lambda: [("probe", seen.append)]):
            output = run_demo("--seed", "7")
        yield {"output": output, "contexts": seen}
        call_command("flush", interactive=False, verbosity=0)


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--today", TODAY.isoformat(), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _figures(org: Organization) -> dict[str, Any]:
    keys = ["orgs.members", "orgs.committee", "orgs.general_branch", "orgs.branch", "orgs.secretary_coverage"]
    values = figure_values(actor=SYSTEM, orgs=[org], period=Period.parse("all"), figures=[get(k) for k in keys])
    return values[org.pk]


@pytest.mark.django_db
def test_demo_builds_a_district_shaped_like_the_daxie_report(demo_district: dict[str, Any]) -> None:
    root = Organization.objects.get(depth=1)
    assert root.name == "中共宁波大榭开发区工作委员会" and root.short_name == "大榭开发区党工委"
    figures = _figures(root)
    assert figures["orgs.committee"].value == 9
    assert figures["orgs.general_branch"].value == 11
    assert figures["orgs.branch"].value == 211
    assert figures["orgs.members"].value == 3936 == Member.objects.count()
    coverage = figures["orgs.secretary_coverage"]
    assert (coverage.numerator, coverage.denominator) == (208, 211)
    assert Organization.objects.filter(kind=OrgKind.CELL).exists()
    # Every registered builder got the district's context.
    [context] = demo_district["contexts"]
    assert (context.preset, context.root_id, context.today) == ("district", root.pk, TODAY)
    assert len(context.extra["branch_ids"]) == 211
    assert "http://127.0.0.1:8000" in demo_district["output"] and "Lixing2026" in demo_district["output"]


@pytest.mark.django_db
def test_demo_members_have_valid_consistent_personal_data(demo_district: dict[str, Any]) -> None:
    members = list(Member.objects.all())
    probationary = [m for m in members if m.status == MemberStatus.PROBATIONARY]
    assert 0.03 <= len(probationary) / len(members) <= 0.08
    for m in members:
        assert validate_id_number(m.id_number, birth_date=m.birth_date, gender=m.gender)
        if m.phone:
            validate_phone(m.phone)
        eighteenth = m.birth_date.replace(year=m.birth_date.year + 18, day=min(m.birth_date.day, 28))
        assert eighteenth <= m.joined_at <= TODAY
        if m.status == MemberStatus.PROBATIONARY:
            assert m.confirmed_at is None and (TODAY - m.joined_at).days <= 366
        else:
            assert m.confirmed_at is not None and m.joined_at < m.confirmed_at <= TODAY
    assert len({m.id_number for m in members}) == len(members)
    assert sum(m.ethnicity == "汉族" for m in members) / len(members) > 0.9
    assert sum(m.cadre_level == CadreLevel.DIVISION for m in members) >= 20
    assert any(m.is_lost_contact for m in members) and any(m.is_mobile for m in members)
    assert len({m.name for m in members}) > 1500  # realistic names, not 党员1, 党员2 …


@pytest.mark.django_db
def test_demo_accounts_sign_in_with_the_printed_password(demo_district: dict[str, Any]) -> None:
    roles = {a.user.username: a.role for a in RoleAssignment.objects.select_related("user")}
    assert roles["admin"] == Role.DISTRICT_ADMIN
    assert roles["unitadmin"] == Role.UNIT_ADMIN
    assert roles["secretary"] == Role.SECRETARY
    assert roles["auditor"] == Role.AUDITOR
    assert sum(r == Role.MEMBER for r in roles.values()) >= 30
    member = Member.objects.get(user__username="member")
    secretary = Member.objects.get(user__username="secretary")
    assert member.org_id == secretary.org_id == Organization.objects.get(secretary=secretary).pk
    assert User.objects.get(username="member05").check_password("Lixing2026")
    client = Client()
    response = client.post("/accounts/login/", {"username": "admin", "password": "Lixing2026"})
    assert response.status_code == 302
    home = client.get("/", follow=True)
    assert home.status_code == 200 and "大榭开发区党工委" in home.content.decode()
    assert Client().post("/accounts/login/", {"username": "admin", "password": "wrong-Pass-1"}).status_code == 200
