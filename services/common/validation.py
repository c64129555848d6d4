"""Input rules every service's request models share, and 422s for rules that need the database.

Request models check what a body can show on its own; rules that depend on the stored round
(a category it offers, its cost cap) are checked in the route and reported with
:func:`invalid_fields`, in the same shape as request validation, so a client reads one kind of
error whichever check failed.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

from services.common.errors import Problem

KeyT = TypeVar("KeyT", bound=Hashable)


def strip_blanks(value: object) -> object:
    """Trim text before the length rules run, so that a text of only spaces cannot pass them.

    Use as ``field_validator(..., mode="before")(strip_blanks)``.
    """
    return value.strip() if isinstance(value, str) else value


def duplicates(values: Iterable[KeyT]) -> list[KeyT]:
    """The values that occur more than once, each listed once, in first-seen order."""
    return [value for value, count in Counter(values).items() if count > 1]


def invalid_fields(errors: Mapping[str, str]) -> Problem:
    """A 422 naming each field and what to correct in it."""
    listed = [{"field": field, "message": message} for field, message in errors.items()]
    detail = "; ".join(f"{field}: {message}" for field, message in errors.items())
    return Problem(422, detail, code="validation", extra={"errors": listed})
