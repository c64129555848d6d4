"""Each service's schema comes from its Alembic revisions, and those must build exactly what the
models describe, on SQLite and PostgreSQL (``database_url`` gives both when configured)."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Column, Integer, Table, inspect, text
from sqlalchemy.engine import Engine

from medborgarbudget.cli import main as cli_main
from services.common import migrations
from services.common.db import create_schema, make_engine
from services.common.migrations import (
    SERVICES,
    SchemaMismatch,
    alembic_config,
    head,
    new_revision,
    schema_differences,
    service_metadata,
    upgrade,
)

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _version(engine: Engine) -> str:
    with engine.connect() as connection:
        return str(connection.execute(text("SELECT version_num FROM alembic_version")).scalar())


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_build_what_the_models_describe(engine: Engine, service: str) -> None:
    upgrade(service, engine)
    with engine.connect() as connection:
        assert schema_differences(connection, service_metadata(service)) == []
    assert _version(engine) == head(service)
    shared = {"idempotency_record", "archived_round", "alembic_version"}
    expected = set(service_metadata(service).tables) | shared
    assert _tables(engine) == expected


@pytest.mark.parametrize("service", SERVICES)
def test_downgrade_to_base_and_up_again(engine: Engine, service: str) -> None:
    upgrade(service, engine)
    with engine.begin() as connection:
        command.downgrade(alembic_config(service, connection), "base")
    assert _tables(engine) == {"alembic_version"}
    upgrade(service, engine)
    with engine.connect() as connection:
        assert schema_differences(connection, service_metadata(service)) == []


def test_a_second_upgrade_changes_nothing(engine: Engine) -> None:
    upgrade("voting", engine)
    upgrade("voting", engine)
    assert _version(engine) == head("voting")


def test_a_database_made_by_create_all_is_adopted_with_its_rows(engine: Engine) -> None:
    """`.data/*.db` from before migrations: same tables, so it is stamped and kept."""
    create_schema(engine, service_metadata("intake"))
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO idempotency_record (key, fingerprint, created_at, expires_at) "
                "VALUES (:k, :f, :t, :t)"
            ),
            {"k": "kept", "f": "x", "t": "2027-01-01T00:00:00+00:00"},
        )
    upgrade("intake", engine)
    assert _version(engine) == head("intake")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT key FROM idempotency_record")).scalar() == "kept"


def test_a_database_made_by_older_models_stops_the_start(engine: Engine) -> None:
    create_schema(engine, service_metadata("intake"))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE leftover (id INTEGER PRIMARY KEY)"))
    with pytest.raises(SchemaMismatch, match="leftover"):
        upgrade("intake", engine)
    assert "alembic_version" not in _tables(engine)


def test_the_cli_migrates_a_service(database_url: str) -> None:
    assert cli_main(["migrate", "decision", "--database-url", database_url]) == 0
    engine = make_engine(database_url)
    try:
        assert _version(engine) == head("decision")
    finally:
        engine.dispose()


def test_every_service_has_one_numbered_initial_revision() -> None:
    for service in SERVICES:
        versions = migrations.migrations_dir(service) / "versions"
        assert (versions / "0001_initial.py").exists()
        env = (migrations.migrations_dir(service) / "env.py").read_text()
        assert f'run_env("{service}")' in env, "env.py only calls the shared machinery"


def test_no_model_change_means_no_new_revision() -> None:
    assert new_revision("assessment", "nothing changed") is None


def test_a_model_change_becomes_the_next_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documented way to evolve a schema, on a copy of intake's migrations."""
    copy = tmp_path / "migrations"
    shutil.copytree(migrations.migrations_dir("intake"), copy)
    monkeypatch.setattr(migrations, "migrations_dir", lambda _service: copy)
    metadata = service_metadata("intake")
    added = Table("proposal_tag", metadata, Column("id", Integer, primary_key=True))
    current = head("intake")
    following = f"{int(current) + 1:04d}"
    try:
        path = new_revision("intake", "Add proposal tags")
        assert path is not None and path.name == f"{following}_add_proposal_tags.py"
        assert f"down_revision = '{current}'" in path.read_text()
        engine = make_engine(f"sqlite:///{tmp_path}/new.db")
        upgrade("intake", engine)
        with engine.connect() as connection:
            assert schema_differences(connection, metadata) == []
        assert _version(engine) == following
        engine.dispose()
    finally:
        metadata.remove(added)
