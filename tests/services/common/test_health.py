"""Every service's /health answers for its database: 200 while it answers, 503 problem+json
when it cannot be reached (so `make run`, compose and load balancers stop sending traffic)."""

import importlib
import os
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.migrations import SERVICES

pytestmark = pytest.mark.timeout(60)


def _app(service: str, database_url: str) -> FastAPI:
    main = importlib.import_module(f"services.{service}.main")
    settings = importlib.import_module(f"services.{service}.settings")
    settings_class = getattr(settings, f"{service.capitalize()}Settings")
    app: FastAPI = main.create_app(settings_class(database_url=database_url))
    return app


@pytest.mark.parametrize("service", SERVICES)
def test_health_checks_the_database(service: str, tmp_path: Path) -> None:
    database = tmp_path / f"{service}.db"
    app = _app(service, f"sqlite:///{database}")
    with TestClient(app) as client:
        assert client.get("/health").json() == {"status": "ok", "service": service}
        # The database goes away: its file is replaced by a folder SQLite cannot open.
        app.state.engine.dispose()
        for leftover in tmp_path.glob(f"{service}.db*"):
            os.remove(leftover)
        database.mkdir()
        answer = client.get("/health")
    assert answer.status_code == 503
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["type"].endswith("/database-unavailable")
    assert answer.json()["detail"] == "Databasen svarar inte."
