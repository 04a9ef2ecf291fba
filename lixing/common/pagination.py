"""The API's one pagination: limit/offset with bounds, so that no query asks the database for
row 10^20 (SQLite answers that with an error, PostgreSQL with "out of range": a 500 either way)."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.conf import settings
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000


class BoundedPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(min(settings.PAGINATION_PER_PAGE, MAX_LIMIT), ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
