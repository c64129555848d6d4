"""Pydantic's own validation errors reach people in Swedish; the models' own errors as written."""

from typing import Any

import pytest
from pydantic import AwareDatetime, BaseModel, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from services.common.validation_messages import swedish_message


class Form(BaseModel):
    title: str = Field(default="titel", min_length=3, max_length=5)
    cost: int = Field(default=1, gt=0, le=100)
    kind: Any = None
    when: AwareDatetime | None = None
    code: str = Field(default="a", pattern=r"^[a-z]+$")

    @field_validator("kind")
    @classmethod
    def own_rule(cls, kind: Any) -> Any:
        if kind == "turist":
            raise PydanticCustomError("kind", "Turister kan inte lämna förslag.")
        return kind


def _message(**fields: Any) -> str:
    with pytest.raises(ValidationError) as error:
        Form(**fields)
    [only] = error.value.errors()
    return swedish_message(only)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "ab"}, "Skriv minst 3 tecken."),
        ({"title": "abcdef"}, "Skriv högst 5 tecken."),
        ({"cost": 0}, "Måste vara större än 0."),
        ({"cost": 101}, "Får vara högst 100."),
        ({"cost": "mycket"}, "Ange ett heltal."),
        ({"cost": 1.5}, "Ange ett heltal, utan decimaler."),
        (
            {"when": "2027-03-31T23:59:00"},
            "Ange tidpunkten med tidszon, t.ex. 2027-03-31T23:59:00+02:00.",
        ),
        ({"code": "Å"}, "Har fel form (ska matcha ^[a-z]+$)."),
        ({"kind": "turist"}, "Turister kan inte lämna förslag."),
    ],
)
def test_messages_are_swedish(fields: dict[str, Any], message: str) -> None:
    assert _message(**fields) == message


def test_an_unlisted_kind_keeps_pydantics_message() -> None:
    error = {"type": "url_parsing", "msg": "Input should be a valid URL"}

    assert swedish_message(error) == "Input should be a valid URL"
