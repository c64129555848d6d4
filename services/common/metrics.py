"""Prometheus metrics for a service: requests, latencies and errors by route, plus domain gauges.

Each app gets its own registry, so several apps in one process (tests) never collide. Domain
figures (proposals, ballots cast) are read from the service's own database at scrape time, so
they are right after a restart and across replicas sharing one database.
"""

import time
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# A domain gauge: name, help text, and a query returning the current value.
DomainGauge = tuple[str, str, Callable[[Session], float]]


class ServiceMetrics:
    def __init__(self, service: str, engine: Engine, gauges: list[DomainGauge]) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "mb_http_requests",
            "HTTP-förfrågningar per väg och status",
            ["service", "method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "mb_http_request_duration_seconds",
            "Svarstid per väg",
            ["service", "method", "route"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        )
        self.service = service
        # (method, route template, status) -> its counter and histogram; few, since routes
        # are labelled by their template.
        self._series: dict[tuple[str, str, int], tuple[Any, Any]] = {}
        for name, description, query in gauges:
            gauge = Gauge(name, description, ["service"], registry=self.registry)
            gauge.labels(service).set_function(_reader(engine, query))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        series = self._series.get((method, route, status))
        if series is None:  # labels() locks and builds its key on every call: once per series
            series = self._series[method, route, status] = (
                self.requests.labels(self.service, method, route, str(status)),
                self.latency.labels(self.service, method, route),
            )
        series[0].inc()
        series[1].observe(seconds)


def _reader(engine: Engine, query: Callable[[Session], float]) -> Callable[[], float]:
    def read() -> float:
        with Session(engine) as session:
            return float(query(session))

    return read


class MetricsMiddleware:
    """Pure ASGI (no extra task per request, unlike BaseHTTPMiddleware): times each request
    and reads the matched route's template once the router has set it."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            template = getattr(scope.get("route"), "path", "okänd väg")
            seconds = time.perf_counter() - started
            self.metrics.observe(scope["method"], template, status, seconds)


def install_metrics(app: FastAPI, service: str, gauges: list[DomainGauge]) -> None:
    """Add ``/metrics`` and the timing middleware. Routes are labelled by their template
    (``/rounds/{round_id}/ballots``), never by the concrete path, to keep cardinality low."""
    metrics = ServiceMetrics(service, app.state.engine, gauges)
    app.state.metrics = metrics

    app.add_middleware(MetricsMiddleware, metrics=metrics)

    @app.get("/metrics", include_in_schema=False)
    def metrics_endpoint() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
