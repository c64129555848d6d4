"""The web front (`uvicorn --factory services.web.main:create_app`, port 8100).

Server-rendered pages for residents and officials over the four services' HTTP APIs, with the
signed-in person's token. It owns no domain data and no database.
"""

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.common.logs import configure_logging
from services.web.addresses import install_address_check, not_found
from services.web.backend import Backend, ServiceError
from services.web.deps import NotAllowed, SignInRequired
from services.web.i18n import N_, gettext, language, use_language
from services.web.rendering import render
from services.web.round_status import RoundStatusReader
from services.web.routes import (
    assessment,
    ballot,
    dev_mail,
    discussion,
    final_report,
    follow_up,
    home,
    local_business_admin,
    mandate,
    meetings,
    moderation,
    notices,
    officials,
    operations,
    paper_ballots,
    politicians,
    project_admin,
    proposals,
    results,
    round_evaluation_admin,
    signin,
    year_on_year,
)
from services.web.session import CsrfError, clear_session
from services.web.settings import WebSettings

MESSAGES = {
    404: N_("Sidan finns inte."),
    413: N_("Det du skickade är för stort. Gå tillbaka och skicka mindre."),
}


def create_app(
    settings: WebSettings | None = None, transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """Build the app; tests may pass a transport that reaches the services in-process."""
    settings = settings or WebSettings()
    configure_logging("web", json_format=settings.log_format == "json")
    backend = Backend(settings, transport)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        await backend.aclose()

    app = FastAPI(
        title="Medborgarbudget – webb",
        version="0.1.0",
        lifespan=lifespan,
        max_body_size=settings.max_body_bytes,  # FastAPI answers 413 before reading it whole
    )
    app.state.settings = settings
    app.state.backend = backend
    app.state.round_status = RoundStatusReader(settings)
    app.state.dev_codes = {}
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    _install_error_pages(app)
    install_address_check(app)
    _install_security_headers(app)
    _install_language(app)

    @app.get("/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok", "service": "web"}

    for module in (
        signin,
        home,
        proposals,
        discussion,
        ballot,
        results,
        follow_up,
        assessment,
        officials,
        paper_ballots,
        moderation,
        meetings,
        mandate,
        operations,
        project_admin,
        local_business_admin,
        round_evaluation_admin,
        notices,
        politicians,
        dev_mail,
        final_report,
        year_on_year,
    ):
        app.include_router(module.router)
    return app


# Pages load only their own stylesheet (inline style only for the budget bar's width), are
# never framed, and send no referrer to other sites.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _install_language(app: FastAPI) -> None:
    """The page's language for everything the request does, so texts a route puts together
    before rendering (the phase sentence, reasons) are in it too."""

    @app.middleware("http")
    async def page_language(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        use_language(language(request))
        return await call_next(request)


def _install_security_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def _sign_in_redirect(request: Request) -> RedirectResponse:
    back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/logga-in?next={quote(back)}", status_code=303)


def _install_error_pages(app: FastAPI) -> None:
    async def on_sign_in(request: Request, _exc: Exception) -> Response:
        return _sign_in_redirect(request)

    async def on_not_allowed(request: Request, _exc: Exception) -> HTMLResponse:
        message = gettext("Du har inte behörighet till den här sidan.")
        return render(request, "error.html", {"status": 403, "message": message}, 403)

    async def on_csrf(request: Request, _exc: Exception) -> HTMLResponse:
        message = gettext("Formuläret hade gått ut. Gå tillbaka, ladda om sidan och försök igen.")
        return render(request, "error.html", {"status": 403, "message": message}, 403)

    async def on_service(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ServiceError)
        if exc.status == 401:
            response = _sign_in_redirect(request)
            clear_session(response)
            return response
        if exc.status in (400, 422) and request.method == "GET":
            return not_found(request)  # the service refused the page's ids or query
        if 400 <= exc.status < 500 or exc.status == 503:
            status = 422 if exc.status == 400 else exc.status
        else:
            status = 502
        return render(request, "error.html", {"status": status, "message": exc.detail}, status)

    async def on_http(request: Request, exc: Exception) -> HTMLResponse:
        assert isinstance(exc, StarletteHTTPException)
        message = (
            gettext(MESSAGES[exc.status_code]) if exc.status_code in MESSAGES else str(exc.detail)
        )
        return render(
            request, "error.html", {"status": exc.status_code, "message": message}, exc.status_code
        )

    async def on_bad_address(request: Request, _exc: Exception) -> HTMLResponse:
        message = gettext("Adressen är felaktig. Gå tillbaka och försök igen.")
        return render(request, "error.html", {"status": 422, "message": message}, 422)

    app.add_exception_handler(RequestValidationError, on_bad_address)
    app.add_exception_handler(SignInRequired, on_sign_in)
    app.add_exception_handler(NotAllowed, on_not_allowed)
    app.add_exception_handler(CsrfError, on_csrf)
    app.add_exception_handler(ServiceError, on_service)
    app.add_exception_handler(StarletteHTTPException, on_http)
