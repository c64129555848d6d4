"""Bounded dates: every date a config, an update, a signal or a request body carries.

A year like 9999 passes pydantic but overflows the arithmetic and formatting that follow
(Stockholm time on screens, timers in a workflow task). One pair of bounds, checked by the
validator with a Swedish reason, keeps such a date out before anything computes with it.
Kept free of SQLAlchemy and FastAPI: workflow code imports it too.
"""

from datetime import UTC, date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AfterValidator

# Where the kommun's days begin and end: meeting dates, screens.
STOCKHOLM = ZoneInfo("Europe/Stockholm")
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
# Birth dates reach further back than a round's timeline.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = LATEST.date()


def check_moment(value: datetime) -> datetime:
    """A time between 2000 and 2200 (one without an offset is read as UTC to compare)."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if not EARLIEST <= aware < LATEST:
        raise ValueError(
            f"Tidpunkten {value.isoformat()} ligger utanför det tillåtna spannet "
            f"({EARLIEST.year}–{LATEST.year - 1})."
        )
    return value


def check_day(value: date) -> date:
    if not EARLIEST_DAY <= value < LATEST_DAY:
        raise ValueError(
            f"Datumet {value.isoformat()} ligger utanför det tillåtna spannet "
            f"({EARLIEST_DAY.year}–{LATEST_DAY.year - 1})."
        )
    return value


BoundedDateTime = Annotated[datetime, AfterValidator(check_moment)]
BoundedDate = Annotated[date, AfterValidator(check_day)]
