"""Schemathesis over /api/v1/openapi.json, in process (WSGI, no server), as a branch secretary
and as the district office: no 5xx, and no status the schema does not document.

Bounded: a few examples per operation (``MAX_EXAMPLES``), so the whole run takes about a
minute and runs in every ``make test`` (SQLite and PostgreSQL). Fixed examples on CI
(``derandomize``) so that a red run can be replayed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import status_code_conformance

from lixing.accounts.services import token_create
from lixing.orgs.access import SYSTEM

MAX_EXAMPLES = int(os.environ.get("LIXING_SCHEMATHESIS_EXAMPLES", "4"))


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    # As Django's test client does: a request's start and end must not close the test's
    # connection (that would end the transaction the test runs in; SQLite's in-memory test
    # database ignores the close, PostgreSQL does not).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _explore(operation: Any, raw: str, problems: list[str]) -> None:
    label = f"{operation.method.upper()} {operation.path}"

    @given(case=operation.as_strategy())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))  # fmt: skip
    def call(case: Any) -> None:
        try:
            response = case.call(headers={"Authorization": f"Bearer {raw}"})
        except Exception as exc:
            problems.append(f"{label} raised {exc!r} for {case.body!r}"[:600])
            return
        try:
            case.validate_response(response, checks=[not_a_server_error, status_code_conformance])
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failure, then report them all
            problems.append(f"{label} → {response.status_code}: {exc}"[:600])

    call()


def _run_schemathesis(app: WSGIHandler, user: Any) -> list[str]:
    _token, raw = token_create(actor=SYSTEM, user=user, name="schemathesis")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    problems: list[str] = []
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # every operation's schema is readable
        operations.append(result.ok())
    assert len(operations) > 50  # the whole API is walked, not a corner of it

    for operation in operations:
        _explore(operation, raw, problems)
    return problems


def test_the_api_answers_a_branch_secretary_without_5xx_or_undocumented_status(district, wsgi_app):
    assert _run_schemathesis(wsgi_app, district.secretary) == []


def test_the_api_answers_the_district_office_without_5xx_or_undocumented_status(district, wsgi_app):
    assert _run_schemathesis(wsgi_app, district.district_admin) == []
