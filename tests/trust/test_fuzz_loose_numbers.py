"""Fuzz class: a boolean or a numeric string where a request body wants a number, in every
request body of every service. ``{"choices": [true]}`` counted as a vote for project 1 and
``"cost_estimate": true`` was stored as 1 kr (issue 18 finding 6). Each such field, at any
depth of the body, must be refused with a 422 that names it."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.trust.apps import SERVICES, service_app
from tests.trust.fuzz_seeds import ROUND, SEEDS, broad_headers

Path = tuple[str | int, ...]
LOOSE = {"integer": (True, "50000", 1.5), "number": (True, "50000"), "boolean": (1, "true")}


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _numbers(
    schema: dict[str, Any], components: dict[str, Any], at: Path, seen: frozenset[str]
) -> Iterator[tuple[Path, str]]:
    """Every place in a body (its path) where a number or boolean goes, with its type."""
    ref = schema.get("$ref")
    if ref is not None:
        if ref in seen:  # a model nested in itself
            return
        seen = seen | {ref}
    schema = _resolve(schema, components)
    kinds = {option.get("type") for option in schema.get("anyOf", [])}
    if "string" in kinds and kinds & {"integer", "boolean"}:
        return  # text or a number/boolean by design (template values): kept as sent, never coerced
    for option in schema.get("anyOf", []):
        yield from _numbers(option, components, at, seen)
    kind = schema.get("type")
    if kind in LOOSE:
        yield at, kind
    elif kind == "array" and "items" in schema:
        yield from _numbers(schema["items"], components, (*at, 0), seen)
    elif kind == "object":
        for name, field in schema.get("properties", {}).items():
            yield from _numbers(field, components, (*at, name), seen)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            yield from _numbers(extra, components, (*at, "1"), seen)


def _body(at: Path, value: Any) -> Any:
    if not at:
        return value
    head, rest = at[0], at[1:]
    return [_body(rest, value)] if isinstance(head, int) else {head: _body(rest, value)}


def _cases(app: Any) -> list[tuple[str, str, Path, Any]]:
    spec = app.openapi()
    components = spec["components"]["schemas"]
    found = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            if schema is None:
                continue
            for at, kind in _numbers(schema, components, (), frozenset()):
                found += [(method, path, at, value) for value in LOOSE[kind]]
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_a_loose_number_anywhere_in_a_body_is_refused_by_name(
    service: str, database_url: str
) -> None:
    app = service_app(service, database_url)
    cases = _cases(app)
    assert cases
    headers = broad_headers()
    with TestClient(app, raise_server_exceptions=False) as client:
        SEEDS[service](client)
        for method, path, at, value in cases:
            concrete = path.replace("{round_id}", ROUND).replace("{proposal_id}", "1")
            concrete = concrete.replace("{project_id}", "1")
            answer = client.request(method, concrete, json=_body(at, value), headers=headers)
            field = ".".join(str(part) for part in at)
            named = {error["field"] for error in answer.json().get("errors", [])}
            assert answer.status_code == 422 and field in named, (
                f"{method} {path} {field}={value!r}: {answer.status_code} {answer.text[:300]}"
            )
