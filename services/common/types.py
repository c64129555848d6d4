"""Column types and limits every service's models share."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

ROUND_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,63}$"
# Ids a round's config gives its criteria, categories and areas (e.g. "lokalt-naringsliv").
CODE_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
# Upper bounds keep absurd input a 422 instead of a database overflow: ids and counts fit
# 32-bit integer columns, money (whole SEK) 64-bit ones, far above any kommun's budget.
MAX_ID = 2**31 - 1
MAX_SEK = 10**12


def utc_now() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend.

    SQLite drops the offset that PostgreSQL keeps; reading a naive value back as UTC lets the
    code compare timestamps without caring which database it runs on.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
