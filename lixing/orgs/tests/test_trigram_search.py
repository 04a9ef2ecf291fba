"""On PostgreSQL, the pickers' name search is served by trigram indexes, not a scan."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from lixing.orgs.models import Member, Organization

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")


def _plan(sql: str, params: Any) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny test tables would otherwise be scanned
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
def test_the_trigram_indexes_exist() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
        names = {row[0] for row in cursor.fetchall()}
    assert {"orgs_org_name_trgm", "orgs_org_short_name_trgm", "orgs_member_name_trgm"} <= names


def test_an_organisation_name_search_uses_its_trigram_index(district: Any) -> None:
    sql, params = Organization.objects.filter(name__contains="甲一支").order_by().values("pk").query.sql_with_params()
    assert "orgs_org_name_trgm" in _plan(sql, params)


def test_a_member_name_search_uses_its_trigram_index(district: Any) -> None:
    sql, params = Member.objects.filter(name__contains="甲一1").order_by().values("pk").query.sql_with_params()
    assert "orgs_member_name_trgm" in _plan(sql, params)
