"""Storing a batch of ballots on PostgreSQL: two fixed statements, prepared once per connection.

Through SQLAlchemy a batch cost a compiled multi-row INSERT whose text changed with the batch's
size (so psycopg parsed it afresh every time) and a compiled lock query: over a third of the
service's CPU per ballot. Here the whole batch travels as one array per column and PostgreSQL
``unnest``s them, so the statement's text never changes and the server keeps it prepared. The
connection is psycopg's asynchronous one, used on the requests' own event loop
(``services.voting.group_commit_pg``): no writer thread competes with the loop for the GIL.

In one transaction:

1. the batch's rounds that are still open, read ``FOR SHARE`` (in round order): a close waits
   for our commit, and a close committed before this read is seen, so a ballot is never stored
   in a closed round;
2. the ballots of those rounds, upserted wave by wave (see ``ballot_store.waves``): a paper
   ballot is never overwritten, ``revision`` tells a first ballot from a replacement;
3. commit, and only then does any request of the batch get its answer.
"""

import json
from typing import Any

from psycopg import AsyncConnection
from sqlalchemy.engine import Engine

from services.voting.ballot_store import (
    BALLOTS,
    DEFINITIONS,
    REPLACED,
    BallotWrite,
    Outcome,
    waves,
)

_OPEN_ROUNDS = (
    f"SELECT round_id FROM {DEFINITIONS.name} WHERE round_id = ANY(%s) AND status = 'open' "
    "ORDER BY round_id FOR SHARE"
)
# (column, its array type, how the text arrives as the column's type)
_COLUMNS = (
    ("round_id", "text[]", "round_id"),
    ("voter_key", "text[]", "voter_key"),
    ("choices", "text[]", "choices::json"),
    ("points", "text[]", "points::json"),
    ("channel", "text[]", "channel"),
    ("polling_place", "text[]", "polling_place"),
    ("receipt", "text[]", "receipt"),
    ("cast_at", "timestamptz[]", "cast_at"),
    ("area", "text[]", "area"),
    ("age_band", "text[]", "age_band"),
)
_NAMES = ", ".join(name for name, _, _ in _COLUMNS)
_UPSERT = (
    f"INSERT INTO {BALLOTS.name} AS stored ({_NAMES}, revision) "
    f"SELECT {', '.join(value for _, _, value in _COLUMNS)}, 1 "
    f"FROM unnest({', '.join(f'%s::{kind}' for _, kind, _ in _COLUMNS)}) AS incoming({_NAMES}) "
    "ON CONFLICT (round_id, voter_key) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in REPLACED)
    + ", revision = stored.revision + 1 WHERE stored.channel = 'online' "
    "RETURNING stored.round_id, stored.voter_key, stored.revision"
)


class PostgresStore:
    """One asynchronous psycopg connection, to the engine's database with its settings."""

    def __init__(self, connection: "AsyncConnection[Any]") -> None:
        self._conn = connection

    @classmethod
    async def connect(cls, engine: Engine) -> "PostgresStore":
        args, kwargs = engine.dialect.create_connect_args(engine.url)
        return cls(await AsyncConnection.connect(*args, **kwargs))

    async def store(self, ballots: list[BallotWrite]) -> list[Outcome]:
        """Store the batch in one transaction (committed on return) and tell each outcome."""
        try:
            outcomes = await self._store(ballots)
        except BaseException:
            await self._conn.rollback()
            raise
        await self._conn.commit()
        return outcomes

    async def _store(self, ballots: list[BallotWrite]) -> list[Outcome]:
        outcomes: list[Outcome] = ["closed"] * len(ballots)
        async with self._conn.cursor() as cursor:
            rounds = sorted({ballot.round_id for ballot in ballots})
            await cursor.execute(_OPEN_ROUNDS, (rounds,), prepare=True)
            open_rounds = {round_id for (round_id,) in await cursor.fetchall()}
            live = [i for i, ballot in enumerate(ballots) if ballot.round_id in open_rounds]
            for wave in waves(ballots, live):
                await cursor.execute(_UPSERT, _arrays([ballots[i] for i in wave]), prepare=True)
                revisions = {(r, key): revision for r, key, revision in await cursor.fetchall()}
                for i in wave:
                    revision = revisions.get((ballots[i].round_id, ballots[i].voter_key))
                    outcomes[i] = (
                        "paper-exists"
                        if revision is None
                        else "created"
                        if revision == 1
                        else "replaced"
                    )
        return outcomes

    async def close(self) -> None:
        await self._conn.close()


def _arrays(ballots: list[BallotWrite]) -> tuple[list[Any], ...]:
    """The batch as one list per column, in ``_COLUMNS`` order."""
    return (
        [b.round_id for b in ballots],
        [b.voter_key for b in ballots],
        [json.dumps(b.choices) for b in ballots],
        [None if b.points is None else json.dumps(b.points) for b in ballots],
        [b.channel for b in ballots],
        [b.polling_place for b in ballots],
        [b.receipt for b in ballots],
        [b.cast_at for b in ballots],
        [b.area for b in ballots],
        [b.age_band for b in ballots],
    )
