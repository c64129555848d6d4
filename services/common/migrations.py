"""Alembic migrations for every service: one migration environment per service, one machinery.

Each service keeps its revisions in ``services/<name>/migrations/versions/``; its ``env.py`` is
one call, ``run_env("<name>")``, and its models' base is ``services.<name>.models.<Name>Model``.
:func:`upgrade` brings a database to the newest revision (the services call it at start-up,
``medborgarbudget migrate SERVICE`` from a shell); :func:`new_revision` writes the next revision
from the difference between the models and a scratch database built by the existing revisions.

A database made by ``create_all`` before migrations existed has the tables but no
``alembic_version``: if it matches the models it is stamped with the newest revision and used
as is; if not, start-up stops with the differences rather than guess.
"""

import importlib
import logging
import re
import tempfile
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from alembic import command, context
from alembic.autogenerate import compare_metadata, produce_migrations, render_python_code
from alembic.autogenerate.api import AutogenContext
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, MetaData, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel.sql.sqltypes import AutoString

from services.common.db import create_schema, make_engine
from services.common.idempotency import idempotency_metadata
from services.common.types import UtcDateTime

SERVICES = ("intake", "assessment", "voting", "decision", "notify")
VERSION_TABLE = "alembic_version"
log = logging.getLogger(__name__)


class SchemaMismatch(RuntimeError):
    """A database made without migrations whose tables differ from the models."""


def migrations_dir(service: str) -> Path:
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}; one of {', '.join(SERVICES)}")
    return Path(__file__).resolve().parents[1] / service / "migrations"


def alembic_config(service: str, connection: Connection | None = None) -> Config:
    """The service's Alembic config; ``connection`` is the database the commands act on."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir(service)))
    config.attributes["connection"] = connection
    return config


def service_metadata(service: str) -> MetaData:
    """The metadata of the service's models (importing the package imports every table)."""
    models = importlib.import_module(f"services.{service}.models")
    metadata: MetaData = getattr(models, f"{service.capitalize()}Model").metadata
    return metadata


def target_metadata(metadata: MetaData) -> MetaData:
    """The service's tables and the shared ones (idempotency keys, archived rounds), which live
    in one database."""
    from services.common.archive import archive_metadata

    combined = MetaData()
    shared = (*idempotency_metadata.tables.values(), *archive_metadata.tables.values())
    for table in (*metadata.tables.values(), *shared):
        table.to_metadata(combined)
    return combined


def run_env(service: str) -> None:
    """The body of every service's ``env.py``: migrate the connection the caller passed in."""
    if not context.is_offline_mode() and context.config.attributes.get("connection") is None:
        raise RuntimeError("run migrations with `medborgarbudget migrate SERVICE`")
    context.configure(
        connection=context.config.attributes.get("connection"),
        target_metadata=target_metadata(service_metadata(service)),
        render_as_batch=True,  # SQLite alters a table by copying it; PostgreSQL alters in place
        compare_type=True,
        render_item=render_item,
        version_table=VERSION_TABLE,
    )
    with context.begin_transaction():
        context.run_migrations()


def render_item(kind: str, item: Any, autogen: AutogenContext) -> str | Literal[False]:
    """Revisions use plain SQLAlchemy types, so they never import application code."""
    if kind == "type" and isinstance(item, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    if kind == "type" and isinstance(item, AutoString):
        return f"sa.String(length={item.length})" if item.length else "sa.String()"
    return False


def head(service: str) -> str:
    revision = ScriptDirectory.from_config(alembic_config(service)).get_current_head()
    assert revision is not None, f"{service} has no migrations"
    return revision


def prepare(service: str, engine: Engine, metadata: MetaData) -> None:
    """At an app's start: a service is upgraded to the newest revision; an app without a
    migration environment of its own (the plumbing's test probe) gets tables from its models."""
    if service in SERVICES:
        upgrade(service, engine)
    else:
        create_schema(engine, metadata)


def upgrade(service: str, engine: Engine) -> None:
    """Bring the database to the newest revision; a pre-migration database is adopted first."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # replicas starting together take turns
            schema = connection.execute(text("SELECT current_schema()")).scalar_one()
            key = _lock(service, schema)
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
        config = alembic_config(service, connection)
        if _made_without_migrations(connection):
            differences = schema_differences(connection, service_metadata(service))
            if differences:
                raise SchemaMismatch(
                    f"The {service} database was created without migrations and differs from "
                    f"the models; move it away or migrate it by hand: {differences}"
                )
            log.info("adopting the %s database made without migrations", service)
            command.stamp(config, "head")
        command.upgrade(config, "head")


def _lock(service: str, schema: str) -> int:
    """One lock per service and schema: services of other installations (or tests) sharing the
    database server migrate side by side."""
    return zlib.crc32(f"medborgarbudget-migrations-{service}-{schema}".encode())


def upgrade_url(service: str, database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(service, engine)
    finally:
        engine.dispose()


def _made_without_migrations(connection: Connection) -> bool:
    tables = set(inspect(connection).get_table_names())
    return bool(tables) and VERSION_TABLE not in tables


def schema_differences(connection: Connection, metadata: MetaData) -> list[Any]:
    """What Alembic would change to make the database match the models (empty: they match)."""
    migration_context = MigrationContext.configure(
        connection, opts={"compare_type": True, "version_table": VERSION_TABLE}
    )
    diff: list[Any] = compare_metadata(migration_context, target_metadata(metadata))
    return diff


REVISION_TEMPLATE = '''"""{message}

Revision ID: {revision}
Revises: {down_revision}
Create Date: {created}
"""

import sqlalchemy as sa
from alembic import op

revision = {revision!r}
down_revision = {down_revision!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
{upgrade}


def downgrade() -> None:
{downgrade}
'''


def new_revision(service: str, message: str) -> Path | None:
    """Write the next numbered revision (``0002_<slug>.py`` ...) from the difference between the
    models and a scratch SQLite database at the newest revision; ``None`` if there is none.
    Review it by hand: Alembic cannot see renames, and data migrations are up to you."""
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{scratch}/scratch.db")
        try:
            upgrade(service, engine)
            with engine.connect() as connection:
                migration_context = MigrationContext.configure(
                    connection, opts={"compare_type": True, "version_table": VERSION_TABLE}
                )
                ops = produce_migrations(
                    migration_context, target_metadata(service_metadata(service))
                )
        finally:
            engine.dispose()
    if ops.upgrade_ops is None or ops.upgrade_ops.is_empty():
        return None
    script = ScriptDirectory.from_config(alembic_config(service))
    down_revision = script.get_current_head()
    number = len(list(script.walk_revisions())) + 1
    slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")[:40]
    path = Path(script.versions) / f"{number:04d}_{slug}.py"
    path.write_text(
        REVISION_TEMPLATE.format(
            message=message,
            revision=f"{number:04d}",
            down_revision=down_revision,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            upgrade=_render(ops.upgrade_ops),
            downgrade=_render(ops.downgrade_ops),
        ),
        encoding="utf-8",
    )
    return path


def _render(operations: Any) -> str:
    code: str = render_python_code(operations, render_as_batch=True, render_item=render_item)
    lines = [line for line in code.splitlines() if "###" not in line]
    return "\n".join(lines).rstrip()
