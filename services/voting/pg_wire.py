"""One prepared statement, run over libpq straight from the event loop.

The ballot writer sends one statement per batch, over and over, on a connection of its own.
Through a psycopg cursor each run also paid for what it does not use: a cursor object, the
query's conversion and the prepared-statement bookkeeping, a generic waiting loop with a timer
per wait, and loaders per row; together about a tenth of the voting service's event loop under
load. Here the statement is prepared once when the connection opens and then sent with
``PQsendQueryPrepared``; the wait is a future resolved by the socket's reader callback. Errors
are psycopg's own classes (``psycopg.errors.error_from_result``), so callers see what a cursor
would raise.

The connection is still psycopg's (``AsyncConnection``): it connects, closes, and stays the
owner of libpq's handle; only the hot statement bypasses it, and only while nothing else uses
the connection (the writer holds one connection per running batch).
"""

import asyncio
from typing import Any

from psycopg import AsyncConnection, OperationalError, errors, pq

_OK = (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK)


class PreparedOnWire:
    def __init__(self, connection: "AsyncConnection[Any]", name: bytes) -> None:
        self._conn = connection
        self._name = name

    @classmethod
    async def prepare(
        cls, connection: "AsyncConnection[Any]", name: bytes, query: str
    ) -> "PreparedOnWire":
        """Prepare ``query`` (``$1`` ... parameters, types as the server infers them)."""
        wire = cls(connection, name)
        connection.pgconn.send_prepare(name, query.encode())
        await wire._results()
        return wire

    async def run(self, *params: bytes | None) -> list[tuple[bytes | None, ...]]:
        """Execute with text parameters; the rows, as the server's text values."""
        self._conn.pgconn.send_query_prepared(self._name, params)
        result = await self._results()
        return [
            tuple(result.get_value(row, col) for col in range(result.nfields))
            for row in range(result.ntuples)
        ]

    async def command(self, sql: bytes) -> None:
        """A statement without parameters or rows (``BEGIN``, ``COMMIT``, ``ROLLBACK``)."""
        self._conn.pgconn.send_query(sql)
        await self._results()

    async def _results(self) -> pq.abc.PGresult:
        """Wait for the statement's results; the last one, or its error raised."""
        try:
            return await self._wait_for_results()
        except asyncio.CancelledError:
            # Its results would still come: the connection cannot serve anything else now.
            self._conn.pgconn.finish()
            raise

    async def _wait_for_results(self) -> pq.abc.PGresult:
        pgconn = self._conn.pgconn
        while pgconn.flush():  # the request did not fit the socket's buffer (not for a ballot)
            await _ready(pgconn.socket, writing=True)
        pgconn.consume_input()
        while pgconn.is_busy():
            await _ready(pgconn.socket, writing=False)
            pgconn.consume_input()
        last: pq.abc.PGresult | None = None
        error: errors.Error | None = None
        while (result := pgconn.get_result()) is not None:
            if result.status not in _OK and error is None:
                error = errors.error_from_result(result)
            last = result
        if error is not None:
            raise error
        if last is None:
            raise OperationalError("the server sent no result")
        return last


async def _ready(fd: int, *, writing: bool) -> None:
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    if writing:
        loop.add_writer(fd, wake)
    else:
        loop.add_reader(fd, wake)
    try:
        await ready
    finally:
        if writing:
            loop.remove_writer(fd)
        else:
            loop.remove_reader(fd)
