"""The replica router: the read-heavy pages read from the replica, everything else and every
write goes to the primary, and a browser that just wrote reads the primary for a while."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import router
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from lixing.common.replica import PIN_COOKIE, ReplicaReadsMiddleware, replica_reads
from lixing.orgs.models import Organization


@pytest.fixture
def with_replica(settings: Any) -> None:
    settings.LIXING_READ_REPLICA = "replica"
    settings.LIXING_REPLICA_PIN_SECONDS = 10


def _route(request: HttpRequest) -> tuple[str | None, str, HttpResponse]:
    """Run the real middleware around a view that asks the router where it would read and write."""
    seen: dict[str, Any] = {}

    def view(req: HttpRequest) -> HttpResponse:
        seen["read"] = router.db_for_read(Organization)
        seen["write"] = router.db_for_write(Organization)
        return HttpResponse("ok")

    response = ReplicaReadsMiddleware(view)(request)
    return seen["read"], seen["write"], response


def test_dashboard_reads_go_to_the_replica(with_replica: None) -> None:
    read, write, _ = _route(RequestFactory().get("/reports/"))
    assert read == "replica"
    assert write == "default"


def test_figure_drill_downs_read_the_replica(with_replica: None) -> None:
    read, _, _ = _route(RequestFactory().get("/figures/study.sessions/records/"))
    assert read == "replica"


def test_other_pages_read_the_primary(with_replica: None) -> None:
    read, _, _ = _route(RequestFactory().get("/deeds/tickets/"))
    assert read in (None, "default")


def test_a_write_pins_the_browser_to_the_primary(with_replica: None) -> None:
    read, write, response = _route(RequestFactory().post("/reports/"))
    assert read in (None, "default") and write == "default"
    pin = response.cookies[PIN_COOKIE]
    assert pin["max-age"] == 10 and pin["httponly"]
    # The next dashboard read from the same browser comes from the primary: no stale own write.
    request = RequestFactory().get("/reports/")
    request.COOKIES[PIN_COOKIE] = "1"
    read, _, _ = _route(request)
    assert read in (None, "default")


def test_without_a_replica_everything_reads_the_primary(settings: Any) -> None:
    settings.LIXING_READ_REPLICA = None
    read, _, response = _route(RequestFactory().get("/reports/"))
    assert read in (None, "default")
    with replica_reads():
        assert router.db_for_read(Organization) in (None, "default")
    assert PIN_COOKIE not in response.cookies


def test_nothing_is_migrated_on_the_replica(with_replica: None) -> None:
    assert router.allow_migrate("replica", "orgs") is False
    assert router.allow_migrate("default", "orgs") is True
