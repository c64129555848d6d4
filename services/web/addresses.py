"""Addresses no page can have: the not-found page answers them before any page runs.

A NUL in a round id (``/omgangar/r1%00``) made a page call a service with it and answer 500; a
round id of a thousand characters came back from the service as a 422, shown as 502. A round id
off the services' pattern, or a control character anywhere in the path or query, names no page.
"""

import re
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import Response

from services.common.plain_request import address_fault
from services.web.i18n import gettext
from services.web.rendering import render

_ROUND_PAGE = re.compile(r"^/omgangar/([^/]*)")


def names_no_page(path: str, query_string: bytes) -> bool:
    return address_fault(path, query_string, _ROUND_PAGE) is not None


def not_found(request: Request) -> Response:
    return render(
        request, "error.html", {"status": 404, "message": gettext("Sidan finns inte.")}, 404
    )


def install_address_check(app: FastAPI) -> None:
    @app.middleware("http")
    async def check_address(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if names_no_page(request.url.path, request.scope.get("query_string", b"")):
            return not_found(request)
        return await call_next(request)
