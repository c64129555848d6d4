"""The app factory every service shares: settings, engine, errors, idempotency, health."""

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from sqlalchemy import MetaData, text

from services.common.archive import ArchiveGuardMiddleware
from services.common.archive import router as archive_router
from services.common.db import create_schema, make_engine
from services.common.errors import Problem, install_problem_handlers
from services.common.idempotency import IdempotencyMiddleware
from services.common.logs import RoundContextMiddleware, configure_logging
from services.common.metrics import DomainGauge, install_metrics
from services.common.settings import ServiceSettings


def create_service_app(
    *,
    name: str,
    title: str,
    settings: ServiceSettings,
    metadata: MetaData,
    routers: Sequence[APIRouter],
    gauges: Sequence[DomainGauge] = (),
) -> FastAPI:
    """Build a service app; the engine is created here so tests need no lifespan."""
    configure_logging(name, json_format=settings.log_format == "json")
    engine = make_engine(settings.database_url)
    create_schema(engine, metadata)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(title=title, version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = engine
    install_problem_handlers(app)
    app.add_middleware(ArchiveGuardMiddleware)
    app.add_middleware(IdempotencyMiddleware)
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

    app.include_router(health)
    app.include_router(archive_router)
    for router in routers:
        app.include_router(router)
    return app
