"""Errors as ``application/problem+json`` (RFC 9457): type, title, status, detail.

Routes raise :class:`Problem`; validation errors, integrity errors and anything unexpected are
turned into the same shape so a client never has to parse two kinds of error.
"""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.common.validation_messages import swedish_message

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)

_TITLES = {
    400: "Felaktig begäran",
    401: "Inloggning krävs",
    403: "Åtkomst nekad",
    404: "Hittades inte",
    405: "Metoden stöds inte",
    409: "Konflikt",
    415: "Fel innehållstyp",
    422: "Ogiltiga uppgifter",
    500: "Internt fel",
    503: "Tjänsten är inte tillgänglig just nu",
}


class Problem(Exception):
    """An error a client can act on. ``code`` becomes the problem type's last segment."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        code: str | None = None,
        title: str | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code or str(status)
        self.title = title or _TITLES.get(status, "Fel")
        self.extra = extra or {}
        self.headers = headers


def problem_body(problem: Problem) -> dict[str, Any]:
    return {
        "type": f"https://medborgarbudget.se/problem/{problem.code}",
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        **problem.extra,
    }


def problem_response(problem: Problem) -> JSONResponse:
    return JSONResponse(
        problem_body(problem),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers=problem.headers,
    )


def _field_path(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "begäran"


async def _on_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(exc)


async def _on_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": _field_path(tuple(err.get("loc", ()))), "message": swedish_message(err)}
        for err in exc.errors()
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem_response(Problem(422, detail, code="validation", extra={"errors": errors}))


async def _on_http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, "Fel")
    headers = dict(exc.headers) if exc.headers else None
    return problem_response(Problem(exc.status_code, detail, headers=headers))


async def _on_integrity(_request: Request, exc: Exception) -> JSONResponse:
    log.info("integrity conflict: %s", exc)
    return problem_response(Problem(409, "Uppgiften krockar med befintliga data.", code="conflict"))


async def _on_data(_request: Request, exc: Exception) -> JSONResponse:
    """The database refused a value the schema let through (PostgreSQL: a NUL character in a
    text, a number past its column): bad input, and the transaction wrote nothing."""
    log.info("value refused by the database: %s", exc)
    detail = "Ett värde kan inte sparas, t.ex. ett nolltecken i en text eller ett för stort tal."
    return problem_response(Problem(422, detail, code="invalid-value"))


async def _on_stale(_request: Request, exc: Exception) -> JSONResponse:
    log.info("concurrent edit lost: %s", exc)
    detail = "Någon annan ändrade uppgiften samtidigt. Hämta den igen och gör om ändringen."
    return problem_response(Problem(409, detail, code="edit-conflict"))


def unexpected_problem() -> Problem:
    return Problem(500, "Ett oväntat fel inträffade. Försök igen senare.", code="internal")


async def _on_unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return problem_response(unexpected_problem())


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(IntegrityError, _on_integrity)
    app.add_exception_handler(StaleDataError, _on_stale)
    app.add_exception_handler(DataError, _on_data)
    app.add_exception_handler(Exception, _on_unexpected)
