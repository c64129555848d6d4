"""Storing a batch of ballots on PostgreSQL: one fixed statement, prepared once per connection.

Through SQLAlchemy a batch cost a compiled multi-row INSERT whose text changed with the batch's
size (so psycopg parsed it afresh every time), a compiled lock query and three round trips
(BEGIN, statements, COMMIT): over a third of the service's CPU per ballot. Here the whole batch
travels as one JSON document that PostgreSQL reads with ``json_to_recordset``, so the
statement's text never changes and the server keeps it prepared, and the statement is its own
transaction. The connection is psycopg's asynchronous one, used on the requests' own event
loop (``services.voting.group_commit_pg``): no writer thread competes with the loop for the GIL.

In one statement (one transaction):

1. the batch's rounds that are still open, read ``FOR SHARE`` (in round order): a close waits
   for our commit, and a close committed before this read is seen, so a ballot is never stored
   in a closed round;
2. the ballots of those rounds, upserted wave by wave (see ``ballot_store.waves``): a paper
   ballot is never overwritten, ``revision`` tells a first ballot from a replacement;
3. commit (the statement's own), and only then does any request of the batch get its answer.
"""

from typing import Any

from psycopg import AsyncConnection
from pydantic_core import to_json
from sqlalchemy.engine import Engine

from services.voting.ballot_store import (
    BALLOTS,
    DEFINITIONS,
    REPLACED,
    BallotWrite,
    Outcome,
    waves,
)
from services.voting.pg_wire import PreparedOnWire

# The columns a batch brings, with their types as json_to_recordset reads them.
_COLUMNS = (
    ("round_id", "text"),
    ("voter_key", "text"),
    ("choices", "json"),
    ("points", "json"),
    ("channel", "text"),
    ("polling_place", "text"),
    ("receipt", "text"),
    ("cast_at", "timestamptz"),
    ("area", "text"),
    ("age_band", "text"),
)
_NAMES = ", ".join(name for name, _ in _COLUMNS)
# One statement per wave: the batch's open rounds, locked; its ballots in those rounds, upserted
# in (round, voter) order; then one row per open round (no voter key) and one per stored ballot.
_STORE = f"""
WITH incoming AS (
    SELECT * FROM json_to_recordset($1::json)
        AS batch({", ".join(f"{name} {kind}" for name, kind in _COLUMNS)})
), open_rounds AS (
    SELECT round_id FROM {DEFINITIONS.name}
    WHERE round_id IN (SELECT round_id FROM incoming) AND status = 'open'
    ORDER BY round_id FOR SHARE
), stored AS (
    INSERT INTO {BALLOTS.name} AS kept ({_NAMES}, revision)
    SELECT {_NAMES}, 1 FROM incoming
    WHERE round_id IN (SELECT round_id FROM open_rounds)
    ORDER BY round_id, voter_key
    ON CONFLICT (round_id, voter_key) DO UPDATE SET
        {", ".join(f"{name} = excluded.{name}" for name in REPLACED)},
        revision = kept.revision + 1
    WHERE kept.channel = 'online'
    RETURNING kept.round_id, kept.voter_key, kept.revision
)
SELECT round_id, NULL, NULL FROM open_rounds
UNION ALL
SELECT round_id, voter_key, revision FROM stored
"""


class PostgresStore:
    """One asynchronous psycopg connection, to the engine's database with its settings, and
    the batch statement prepared on it (run over libpq: ``services.voting.pg_wire``)."""

    def __init__(self, connection: "AsyncConnection[Any]", statement: PreparedOnWire) -> None:
        self._conn = connection
        self._statement = statement

    @classmethod
    async def connect(cls, engine: Engine) -> "PostgresStore":
        args, kwargs = engine.dialect.create_connect_args(engine.url)
        # A lone statement is its own transaction: no BEGIN and COMMIT round trips.
        connection = await AsyncConnection.connect(*args, **kwargs, autocommit=True)
        try:
            statement = await PreparedOnWire.prepare(connection, b"mb_store_ballots", _STORE)
        except BaseException:
            await connection.close()
            raise
        return cls(connection, statement)

    async def store(self, ballots: list[BallotWrite]) -> list[Outcome]:
        """Store the batch in one transaction (committed on return) and tell each outcome.

        A batch is almost always one wave, so one statement: it commits as it ends, before
        its rows come back. Several waves (a voter who cast twice in the batch) take an
        explicit transaction, so that the batch is still stored whole or not at all.
        """
        batch_waves = waves(ballots, range(len(ballots)))
        if len(batch_waves) == 1:
            return await self._store(ballots, batch_waves)
        await self._statement.command(b"BEGIN")
        try:
            outcomes = await self._store(ballots, batch_waves)
        except BaseException:
            if not self.closed:
                await self._statement.command(b"ROLLBACK")
            raise
        await self._statement.command(b"COMMIT")
        return outcomes

    async def _store(
        self, ballots: list[BallotWrite], batch_waves: list[list[int]]
    ) -> list[Outcome]:
        outcomes: list[Outcome] = ["closed"] * len(ballots)
        for wave in batch_waves:
            rows = await self._statement.run(_batch([ballots[i] for i in wave]))
            open_rounds: set[bytes] = set()
            revisions: dict[tuple[bytes, bytes], int] = {}
            for round_id, voter_key, revision in rows:
                assert round_id is not None
                if voter_key is None:
                    open_rounds.add(round_id)
                else:
                    revisions[round_id, voter_key] = int(revision or 0)
            for i in wave:
                ballot = ballots[i]
                round_id = ballot.round_id.encode()
                if round_id in open_rounds:
                    outcomes[i] = _outcome(revisions.get((round_id, ballot.voter_key.encode())))
        return outcomes

    async def close(self) -> None:
        await self._conn.close()

    def abandon(self) -> None:
        """Close the connection at once, from any thread, with no event loop needed (its
        loop may be gone): the server sees the client leave and frees the backend."""
        self._conn.pgconn.finish()

    @property
    def closed(self) -> bool:
        return self._conn.closed


def _outcome(revision: int | None) -> Outcome:
    """An open round's ballot: not stored means a paper ballot is there already."""
    if revision is None:
        return "paper-exists"
    return "created" if revision == 1 else "replaced"


def _batch(ballots: list[BallotWrite]) -> bytes:
    """The batch as one JSON array of objects, one parameter: each ballot's fields by name (the
    columns above), written by pydantic-core's encoder, twice as fast as ``json.dumps`` of
    dicts (times as ISO 8601, UTC as ``Z``)."""
    return to_json(ballots)
