"""`python manage.py demo` as a command: --if-empty, --reset, refusal to run twice, builders
called (and a failing one reported), determinism."""

from __future__ import annotations

import datetime
import random
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lixing.common.demo import DemoContext
from lixing.demo.district import Built, plan_district
from lixing.demo.people import COMMUNITY, OFFICE, PersonFactory
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import Organization, OrgKind
from lixing.orgs.services import org_create

TODAY = datetime.date(2026, 11, 15)


@pytest.fixture
def builders(monkeypatch: Any) -> list[DemoContext]:
    """Replace the registered builders with one that records the context it is given."""
    seen: list[DemoContext] = []
    monkeypatch.setattr("lixing.demo.management.commands.demo.demo_builders", lambda: [("probe", seen.append)])
    return seen


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--today", TODAY.isoformat(), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _fake_district(*, rng: random.Random, today: datetime.date, say: Any) -> Built:
    """A one-organisation stand-in, for tests of the command's own behaviour."""
    root = org_create(actor=SYSTEM, parent=None, name="演示区党工委", kind=OrgKind.WORKING_COMMITTEE)
    return Built(root, [], [], [], {})


# Transactional: --reset flushes, and PostgreSQL refuses TRUNCATE inside the test's transaction
# while deferred foreign-key checks are pending.
@pytest.mark.django_db(transaction=True)
def test_demo_refuses_to_run_twice_unless_reset_and_if_empty_keeps_the_data(
    builders: list[DemoContext], monkeypatch: Any
) -> None:
    monkeypatch.setattr("lixing.demo.management.commands.demo.build_district", _fake_district)
    Organization.objects.add_root(instance=Organization(name="已有组织", kind=OrgKind.WORKING_COMMITTEE))
    assert "nothing to do" in run_demo("--if-empty")
    assert Organization.objects.get().name == "已有组织"
    assert not builders
    with pytest.raises(CommandError, match="--reset"):
        run_demo()
    run_demo("--reset")
    assert list(Organization.objects.values_list("name", flat=True)) == ["演示区党工委"]
    assert [c.preset for c in builders] == ["district"]


def test_demo_people_are_the_same_for_the_same_seed() -> None:
    def people(seed: int) -> list[dict[str, Any]]:
        factory = PersonFactory(random.Random(seed), TODAY)
        return [factory.person(p) for p in (OFFICE, COMMUNITY) for _ in range(20)]

    assert people(3) == people(3)
    assert people(3) != people(4)
    assert plan_district(random.Random(3)) == plan_district(random.Random(3))


@pytest.mark.django_db(transaction=True)
def test_a_failing_builder_is_reported_and_the_others_still_run(monkeypatch: Any) -> None:
    seen: list[str] = []

    def broken(context: DemoContext) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("lixing.demo.management.commands.demo.build_district", _fake_district)
    monkeypatch.setattr("lixing.demo.management.commands.demo.demo_builders",
                        lambda: [("broken", broken), ("fine", lambda c: seen.append(c.preset))])  # fmt: skip
    err = StringIO()
    call_command("demo", stdout=StringIO(), stderr=err)
    assert seen == ["district"]
    assert "broken" in err.getvalue()
    with pytest.raises(RuntimeError):
        call_command("demo", "--reset", "--strict", stdout=StringIO(), stderr=StringIO())
