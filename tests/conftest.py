"""Fixtures shared by all tests: a fresh database per test (SQLite, and PostgreSQL when
``MB_TEST_POSTGRES_URL`` is set) and signed tokens for any role."""

import os
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from services.common.auth import Role, issue_token
from services.common.settings import ServiceSettings

POSTGRES_URL = os.environ.get("MB_TEST_POSTGRES_URL", "")
# The suite runs many apps at once (three processes, stacks of four services) against one
# PostgreSQL with 100 connections: each app keeps two idle, not ten (bursts still open more).
# The stacks' service processes inherit it.
os.environ.setdefault("MB_DB_POOL_SIZE", "2")
# Development mode: the published dev secrets and issuer (tests of production mode say so).
os.environ.setdefault("MB_ENVIRONMENT", "development")
# The kommun of the test helpers' standard rounds; officials' tokens name it by default.
KOMMUN = "Åre"
BACKENDS = ["sqlite", "postgres"] if POSTGRES_URL else ["sqlite"]


def postgres_schema_url(schema: str) -> str:
    """The test database URL with ``search_path`` set, so each test gets its own schema."""
    url = POSTGRES_URL
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}&application_name={schema}"


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """A throwaway PostgreSQL schema (skips when no PostgreSQL is configured)."""
    if not POSTGRES_URL:
        pytest.skip("MB_TEST_POSTGRES_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_schema_url("public"))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    left: list[tuple[Any, ...]] = []
    try:
        yield schema
    finally:
        # Whoever opened a connection closes it (an app's lifespan disposes its engine): one
        # still open is a leak, ended here so the schema can go, and failed below.
        left = _still_open(admin, schema)
        with admin.begin() as conn:
            conn.execute(LEFT_OPEN, {"schema": schema})
        _drop_schema(admin, schema)
        admin.dispose()
    if left:
        pytest.fail(f"the test left {len(left)} connection(s) of {schema} open: {left}")


def _still_open(admin: Engine, schema: str, wait: float = 0.5) -> list[tuple[Any, ...]]:
    """The schema's connections still open, after up to ``wait`` seconds: a backend whose
    client has closed takes a moment to leave pg_stat_activity."""
    deadline = time.monotonic() + wait
    while True:
        with admin.connect() as conn:
            rows = [tuple(row) for row in conn.execute(STILL_OPEN, {"schema": schema})]
        if not rows or time.monotonic() > deadline:
            return rows
        time.sleep(0.05)


STILL_OPEN = text(
    "SELECT pid, state, left(query, 120) FROM pg_stat_activity"
    " WHERE application_name = :schema AND pid <> pg_backend_pid()"
)


LEFT_OPEN = text(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
    " WHERE application_name = :schema AND pid <> pg_backend_pid()"
)

# What still holds a lock on a finished test's tables (a connection an app left in a
# transaction) is named in a warning and ended, so the schema goes rather than the run hanging.
HOLDERS = text(
    "SELECT DISTINCT a.pid, a.state, left(a.query, 200) FROM pg_locks l"
    " JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace"
    " JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE n.nspname = :schema AND a.pid <> pg_backend_pid()"
)


def _drop_schema(admin: Engine, schema: str) -> None:
    for attempt in range(3):
        try:
            with admin.begin() as conn:
                conn.execute(text("SET LOCAL lock_timeout = '15s'"))
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            return
        except OperationalError:
            if attempt == 2:
                raise
        with admin.begin() as conn:
            holders = conn.execute(HOLDERS, {"schema": schema}).all()
            for pid, _state, _query in holders:
                conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        warnings.warn(f"schema {schema} was held by {holders}", stacklevel=1)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh, empty database for one test, on every configured backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db')}/test.db"
    schema: str = request.getfixturevalue("postgres_schema")
    return postgres_schema_url(schema)


@pytest.fixture
def settings_for() -> Callable[[str], ServiceSettings]:
    def make(database_url: str) -> ServiceSettings:
        return ServiceSettings(database_url=database_url)

    return make


TokenFactory = Callable[..., dict[str, str]]


@pytest.fixture
def auth() -> TokenFactory:
    """``auth(Role.OFFICIAL, subject="anna")`` gives an Authorization header; the token names
    ``kommun`` (officials act only in that kommun's rounds)."""

    def make(
        *roles: Role, subject: str = "user-1", name: str = "", kommun: str = KOMMUN
    ) -> dict[str, str]:
        claims = {"kommun": kommun}
        token = issue_token(ServiceSettings(), subject, list(roles), name=name, claims=claims)
        return {"Authorization": f"Bearer {token}"}

    return make


# `make test` spreads the tests over a few processes (pytest-xdist, --dist loadgroup). The
# tests that start a whole stack mostly wait on their compressed timelines; they run in two
# lanes, one stack per lane at a time, beside the unit tests, so a busy two-core machine never
# runs more than two stacks at once.
STACK_LANES = {
    "test_crashes.py": "stack-a",
    "test_full_round.py": "stack-a",
    "test_stack_restart.py": "stack-a",
    "test_operations_console.py": "stack-a",
    "test_demo_city.py": "stack-a",
    "test_demo_json_cli.py": "stack-a",
    "test_crash.py": "stack-a",  # notify's sender killed and restarted: processes of its own
    "test_history_bound.py": "stack-b",
    "test_decision_round.py": "stack-b",
    "test_demo.py": "stack-b",
    "test_round_in_browser.py": "stack-b",
    "test_mail_benchmark.py": "stack-b",
    "test_mail_crash_benchmark.py": "stack-b",  # notify killed at random: as test_crash.py
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        lane = STACK_LANES.get(item.path.name)
        if lane is not None:
            item.add_marker(pytest.mark.xdist_group(lane))
