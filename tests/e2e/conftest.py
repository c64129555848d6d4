"""The real stack for end-to-end tests: Temporal dev server, services as uvicorn processes on
loopback, one worker. Ports are offset from `make run`'s so both can run at once."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from medborgarbudget.stack import SERVICES, LocalStack, Ports, free_ports
from tests.conftest import POSTGRES_URL, postgres_schema_url
from tests.kommun_fake import NOTIFICATIONS, FakeKommun


@pytest.fixture
def service_databases() -> Iterator[dict[str, str]]:
    """One PostgreSQL schema per service when PostgreSQL is configured, else SQLite files."""
    if not POSTGRES_URL:
        yield {}
        return
    admin = create_engine(postgres_schema_url("public"))
    run = uuid.uuid4().hex[:8]
    schemas = {name: f"e2e_{run}_{name}" for name in SERVICES}
    with admin.begin() as conn:
        for schema in schemas.values():
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield {name: postgres_schema_url(schema) for name, schema in schemas.items()}
    finally:
        with admin.begin() as conn:
            for schema in schemas.values():
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def stack(tmp_path: Path, service_databases: dict[str, str]) -> Iterator[LocalStack]:
    local = LocalStack(data_dir=tmp_path, ports=free_ports(), database_urls=service_databases)
    local.start(timeout=120)
    try:
        yield local
    finally:
        local.stop()


@contextmanager
def stack_with_kommun(
    data_dir: Path,
    service_databases: dict[str, str],
    kommun: FakeKommun,
    extra_env: dict[str, str] | None = None,
    ports: Ports | None = None,
    temporal_server: bool = True,
) -> Iterator[LocalStack]:
    """The stack with the worker sending notifications and diarium cases to the fake kommun;
    without a Temporal server of its own when the test runs one at ``ports.temporal``."""
    integrations = {
        "MB_NOTIFICATION_URL": f"{kommun.url}{NOTIFICATIONS}",
        "MB_NOTIFICATION_SECRET": kommun.secret,
        "MB_DIARIUM_URL": f"{kommun.url}/diarium",
        "MB_DIARIUM_SECRET": kommun.secret,
        **(extra_env or {}),
    }
    local = LocalStack(
        data_dir=data_dir,
        ports=ports or free_ports(),
        database_urls=service_databases,
        extra_env=integrations,
        temporal_server=temporal_server,
    )
    local.start(timeout=120)
    try:
        yield local
    finally:
        local.stop()
