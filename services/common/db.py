"""Database engine and session plumbing (SQLite by default, PostgreSQL in production)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

from services.common.idempotency import idempotency_metadata


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and foreign keys switched on."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    connect_args: dict[str, Any] = {"check_same_thread": False, "timeout": 30}
    if url in ("sqlite://", "sqlite:///:memory:"):
        engine = create_engine(url, connect_args=connect_args, poolclass=StaticPool)
    else:
        path = url.split("///", 1)[-1]
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args=connect_args)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_schema(engine: Engine, metadata: MetaData) -> None:
    """Create the service's tables and the idempotency-key table if they are missing."""
    metadata.create_all(engine)
    idempotency_metadata.create_all(engine)


def session_scope(engine: Engine) -> Iterator[Session]:
    """One session per request; the route commits, anything unfinished is rolled back."""
    with Session(engine) as session:
        yield session
