"""The app factory every service shares: settings, engine, errors, body limit, idempotency,
health."""

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractContextManager, asynccontextmanager, nullcontext
from typing import Any

from fastapi import APIRouter, FastAPI
from sqlalchemy import MetaData, text

from services.common.archive import ArchiveHook
from services.common.archive import router as archive_router
from services.common.archive_guard import ArchiveGuardMiddleware
from services.common.auth import VerifiedTokens
from services.common.body_limit import RouteLimit, install_body_limit
from services.common.db import make_engine
from services.common.errors import Problem, install_problem_handlers
from services.common.idempotency import IdempotencyMiddleware
from services.common.logs import RoundContextMiddleware, configure_logging
from services.common.metrics import DomainGauge, install_metrics
from services.common.migrations import prepare
from services.common.plain_request import PlainRequestMiddleware
from services.common.settings import ServiceSettings


def create_service_app(
    *,
    name: str,
    title: str,
    settings: ServiceSettings,
    metadata: MetaData,
    routers: Sequence[APIRouter],
    gauges: Sequence[DomainGauge] = (),
    body_limits: Sequence[RouteLimit] = (),
    on_archive: ArchiveHook | None = None,
    background: Callable[[FastAPI], AbstractContextManager[object]] | None = None,
) -> FastAPI:
    """Build a service app; the engine is created and the database brought to the newest schema
    here, so tests need no lifespan.

    ``body_limits`` are routes' own limits in place of ``settings.max_body_bytes``;
    ``on_archive`` runs in the transaction that archives a cancelled round; ``background``
    is work the app does while it runs (the notify service's sender, the ballot writer), started
    and ended by its lifespan, before the engine is disposed.
    """
    configure_logging(name, json_format=settings.log_format == "json")
    engine = make_engine(settings.database_url, settings.db_pool_size)
    prepare(name, engine, metadata)  # Alembic `upgrade head` for the four services

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            with background(app) if background else nullcontext():
                yield
        finally:
            engine.dispose()

    # FastAPI's own OpenTelemetry hooks stay off: the services report through Prometheus
    # (/metrics) and JSON logs, and checking for a tracer provider costs every request.
    telemetry: Any = {"tracing": False, "metrics": False, "logs": False}
    app = FastAPI(title=title, version="0.1.0", lifespan=lifespan, telemetry=telemetry)
    app.state.settings = settings
    app.state.engine = engine
    app.state.verified_tokens = VerifiedTokens()
    app.state.on_archive = on_archive
    install_problem_handlers(app)
    app.add_middleware(ArchiveGuardMiddleware)
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(PlainRequestMiddleware)  # before any middleware reads path or query
    install_body_limit(app, settings.max_body_bytes, body_limits)  # outside what reads bodies
    install_metrics(app, name, list(gauges))
    app.add_middleware(RoundContextMiddleware)

    health = APIRouter(tags=["drift"])

    @health.get("/health")
    def healthcheck() -> dict[str, str]:
        """Liveness and database reachability, for `make run` and load balancers."""
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:
            raise Problem(503, "Databasen svarar inte.", code="database-unavailable") from exc
        return {"status": "ok", "service": name}

    for router in routers:  # first: a request is matched against the routes in order
        app.include_router(router)
    app.include_router(health)
    app.include_router(archive_router)
    return app
