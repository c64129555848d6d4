"""The ballot writer's statement over libpq: rows, psycopg's errors, a parameter larger than
the socket's buffer, and a run cancelled half-way (PostgreSQL only)."""

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import psycopg
import pytest
from psycopg import AsyncConnection

from services.voting.pg_wire import PreparedOnWire
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="MB_TEST_POSTGRES_URL is not set")
LENGTHS = "SELECT n, length(x) FROM json_to_recordset($1::json) AS t(n int, x text) ORDER BY n"


@pytest.fixture
async def connection() -> AsyncIterator["AsyncConnection[Any]"]:
    url = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    connection = await AsyncConnection.connect(url, autocommit=True)
    try:
        yield connection
    finally:
        await connection.close()


async def test_a_prepared_statement_gives_its_rows_as_text(
    connection: "AsyncConnection[Any]",
) -> None:
    wire = await PreparedOnWire.prepare(connection, b"t_lengths", LENGTHS)
    rows = await wire.run(json.dumps([{"n": 2, "x": "ab"}, {"n": 1, "x": None}]).encode())
    assert rows == [(b"1", None), (b"2", b"2")]
    assert await wire.run(b"[]") == []


async def test_a_large_parameter_is_sent_whole(connection: "AsyncConnection[Any]") -> None:
    wire = await PreparedOnWire.prepare(connection, b"t_lengths", LENGTHS)
    batch = [{"n": n, "x": "x" * 10_000} for n in range(800)]  # 8 MB: many socket buffers
    rows = await wire.run(json.dumps(batch).encode())
    assert len(rows) == 800 and {length for _, length in rows} == {b"10000"}


async def test_errors_are_psycopgs_and_the_connection_goes_on(
    connection: "AsyncConnection[Any]",
) -> None:
    wire = await PreparedOnWire.prepare(connection, b"t_lengths", LENGTHS)
    with pytest.raises(psycopg.errors.InvalidTextRepresentation):
        await wire.run(b"not json")
    with pytest.raises(psycopg.errors.UntranslatableCharacter):
        await wire.run(b'[{"n": 1, "x": "\\u0000"}]')
    with pytest.raises(psycopg.errors.SyntaxError):
        await wire.command(b"NOT SQL")
    assert await wire.run(b'[{"n": 1, "x": "a"}]') == [(b"1", b"1")]
    with pytest.raises(psycopg.errors.UndefinedTable):
        await PreparedOnWire.prepare(connection, b"t_missing", "SELECT * FROM no_such_table")


async def test_a_cancelled_run_leaves_its_connection_closed(
    connection: "AsyncConnection[Any]",
) -> None:
    """Its result would still arrive: the connection must not serve the next statement."""
    wire = await PreparedOnWire.prepare(connection, b"t_sleep", "SELECT pg_sleep($1::float)")
    running = asyncio.create_task(wire.run(b"5"))
    await asyncio.sleep(0.2)
    running.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(running, timeout=5)
    assert connection.closed
