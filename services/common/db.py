"""Database engine and session plumbing (SQLite by default, PostgreSQL in production)."""

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import JSON, ColumnElement, MetaData, Table, bindparam, column, event, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select as core_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql import FromClause
from sqlmodel import Session, SQLModel, create_engine, func, select

from services.common.idempotency import idempotency_metadata

if TYPE_CHECKING:
    from services.common.deps import Page

Row = TypeVar("Row", bound=SQLModel)


def make_engine(url: str, pool_size: int = 10) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and foreign keys switched on.

    A server database keeps up to ``pool_size`` connections open, and opens up to 20 more
    for a burst (closed again once used)."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=20)
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
    """Create the service's tables and the shared ones (idempotency keys, archived rounds)
    if they are missing."""
    from services.common.archive import archive_metadata

    metadata.create_all(engine)
    idempotency_metadata.create_all(engine)
    archive_metadata.create_all(engine)


def lock_row(session: Session, model: type[SQLModel], key: Any, column: str) -> None:
    """Lock one row against concurrent writers until the transaction ends.

    A no-op UPDATE (``column = column``) is the one lock both backends share: PostgreSQL locks
    the row, SQLite takes its database write lock (it ignores SELECT ... FOR UPDATE). Whatever
    a write then checks (is the round still open?) stays true until it commits.
    """
    target = getattr(model, column)
    primary_key = sa_inspect(model).primary_key[0]
    session.execute(update(model).where(primary_key == key).values({target: target}))


def fetch_page(
    session: Session,
    model: type[Row],
    where: ColumnElement[bool],
    order_by: Any,
    page: "Page",
) -> tuple[list[Row], int]:
    """One page of ``model`` rows matching ``where``, and how many match in all.

    ``order_by`` is a column, or a tuple of columns to break ties so pages never overlap.
    """
    order = order_by if isinstance(order_by, tuple) else (order_by,)
    total = session.exec(select(func.count()).select_from(model).where(where)).one()
    rows = session.exec(
        select(model).where(where).order_by(*order).offset(page.offset).limit(page.limit)
    ).all()
    return list(rows), total


@cache
def insert_ignoring_copies(table: Table, dialect: str) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING on ``table`` for the engine's dialect (PostgreSQL or
    SQLite), built once: rows already there by a unique key stay as they are."""
    module: Any = postgresql if dialect == "postgresql" else sqlite
    return module.insert(table).on_conflict_do_nothing()


def json_rows(table: Table, names: tuple[str, ...], dialect: str) -> FromClause:
    """The rows of one JSON array parameter ``rows`` (objects keyed by ``names``) as a table
    with those columns of ``table``: a statement over it has the same text for any number of
    rows, so the database and the driver prepare it once (PostgreSQL: ``json_to_recordset``,
    declaring the table's own column types; SQLite: ``json_each``)."""
    document = bindparam("rows", type_=JSON)
    if dialect == "postgresql":
        typed = [column(name, table.c[name].type) for name in names]
        return func.json_to_recordset(document).table_valued(*typed).render_derived(with_types=True)
    each = func.json_each(document).table_valued("value")
    fields = [func.json_extract(each.c.value, f"$.{name}").label(name) for name in names]
    return core_select(*fields).subquery()
