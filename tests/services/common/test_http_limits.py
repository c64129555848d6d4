"""Clients of our services forget an idle connection before stock uvicorn closes it, so no
request goes out on a connection the server is closing (a ReadError with no answer)."""

import uvicorn

from services.common.http_limits import SERVICE_LIMITS
from services.web.backend import Backend
from services.web.settings import WebSettings


def test_idle_connections_expire_before_the_server_closes_them() -> None:
    server_idle = uvicorn.Config(app="services.intake.main:app").timeout_keep_alive
    assert SERVICE_LIMITS.keepalive_expiry is not None
    assert SERVICE_LIMITS.keepalive_expiry < server_idle


async def test_the_web_front_uses_the_short_expiry() -> None:
    backend = Backend(WebSettings())
    try:
        pool = backend.client._transport._pool  # type: ignore[attr-defined]
        assert pool._keepalive_expiry == SERVICE_LIMITS.keepalive_expiry
    finally:
        await backend.client.aclose()
