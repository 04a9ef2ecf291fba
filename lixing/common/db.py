"""Small database helpers that depend on the backend."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def bulk_write_cache(megabytes: int = 8) -> Iterator[None]:
    """A bigger SQLite page cache for the duration of a bulk write.

    A 100k-row import inserts into indexes on random keys (ID numbers, paths); with the
    default 2 MB cache, SQLite keeps re-reading the same index pages. The connection gets
    its cache back afterwards. PostgreSQL sizes its shared buffers itself: no-op there.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-1024 * int(megabytes)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")
