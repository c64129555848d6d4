"""Strict request bodies: a boolean is not a number, a string is not a number, text is text.

Pydantic's lax mode reads ``true`` as 1 and ``"50000"`` as 50000, so ``{"choices": [true]}``
counted as a vote for project 1. Its strict mode would also refuse a date or an enum sent as
text (JSON's only way to send them, and FastAPI validates the parsed body in Python mode), so
:class:`StrictRequest` makes only the numbers and booleans strict, wherever they sit in the
model. It also refuses control characters in every text, which PostgreSQL cannot store (NUL) or
no person types (line breaks and tabs stay allowed), and keeps every date and time within the
bounds of :mod:`services.common.dates` (a birth date of 0001-01-01 or a year 9999 is a typo).

Every request model, and every model nested in one, inherits it (``class X(XBase,
StrictRequest)`` for SQLModel ones too); it changes validation only, not the schema.
"""

import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, GetCoreSchemaHandler
from pydantic_core import CoreSchema, PydanticCustomError

from services.common.dates import check_day, check_moment

_STRICT_TYPES = frozenset({"int", "float", "bool", "decimal"})
# C0 controls but tab, line feed and carriage return; DEL; C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def refuse_control_characters(value: str) -> str:
    if CONTROL_CHARACTERS.search(value):
        raise PydanticCustomError(
            "control_character", "Texten får inte innehålla styrtecken (t.ex. nolltecken)."
        )
    return value


def has_control_characters(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None


# What each kind of value in a request body is checked for, after its own validation.
_CHECKS: dict[str, Callable[[Any], Any]] = {
    "str": refuse_control_characters,
    "datetime": check_moment,
    "date": check_day,
}
_CHECKED_BY = frozenset(_CHECKS.values())


def _tighten(node: Any) -> None:
    """Numbers and booleans strict, texts free of control characters, in place."""
    if isinstance(node, list):
        for item in node:
            _tighten(item)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind == "function-after" and node["function"].get("function") in _CHECKED_BY:
        return  # tightened already: a model's cached schema comes back on every reuse
    if kind in _STRICT_TYPES:
        node["strict"] = True
    elif kind in _CHECKS:
        plain = dict(node)
        node.clear()
        node.update(
            type="function-after",
            function={"type": "no-info", "function": _CHECKS[kind]},
            schema=plain,
        )
        return
    for value in node.values():
        _tighten(value)


class StrictRequest(BaseModel):
    """The base of request bodies (see the module's docstring)."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        schema = handler(source)
        _tighten(schema)
        return schema
