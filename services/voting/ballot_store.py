"""How a batch of ballots is stored: one transaction, with the semantics of one at a time.

The group commit (``services.voting.group_commit``) hands a store every ballot waiting. The
store upserts them, refuses those of a round that is no longer open (read under a lock that a
close waits for), commits, and tells each ballot's outcome. A voter's later ballot replaces the
earlier one (several ballots of one voter in a batch go in arrival order, one statement per
"wave"), and a paper ballot is never overwritten.

:class:`SqlStore` goes through SQLAlchemy, the same for SQLite and PostgreSQL, from the writer
thread of ``services.voting.group_commit``.
"""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, Literal

from sqlalchemy import Table, bindparam, literal, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect, Engine

from services.common.db import json_rows
from services.voting.models import Ballot, BallotDefinition, Channel, ParticipationMarker

Outcome = Literal["created", "replaced", "paper-exists", "closed"]
BALLOTS: Table = Ballot.__table__  # type: ignore[attr-defined]
DEFINITIONS: Table = BallotDefinition.__table__  # type: ignore[attr-defined]
MARKERS: Table = ParticipationMarker.__table__  # type: ignore[attr-defined]
# What a later ballot overwrites; the voter key, round and row id stay.
REPLACED = (
    "choices",
    "points",
    "channel",
    "polling_place",
    "receipt",
    "cast_at",
    "area",
    "age_band",
    "voter_kind",
)
# What the upsert writes, from the batch's document (``revision`` starts at 1).
WRITTEN = ("round_id", "voter_key", *REPLACED)


@dataclass(slots=True)  # not frozen: a frozen dataclass takes four times as long to build
class BallotWrite:
    round_id: str
    voter_key: str
    choices: list[int]
    points: list[int] | None
    channel: Channel
    polling_place: str | None
    receipt: str
    cast_at: datetime
    area: str | None = None
    age_band: str | None = None
    # That the voter took part (ParticipationMarker); stored with the ballot, apart from it,
    # under the round (a pot's ballot: its round, ``marker_round``).
    marker: str | None = None
    marker_round: str | None = None
    voter_kind: str | None = None


def waves(ballots: Sequence[BallotWrite], indices: Sequence[int]) -> list[list[int]]:
    """``indices`` split so that a voter's n-th ballot goes in wave n; each wave sorted by
    (round, voter key): the same row order in every process, so batches cannot deadlock."""
    seen: Counter[tuple[str, str]] = Counter()
    result: list[list[int]] = []
    for index in indices:
        ballot = ballots[index]
        key = (ballot.round_id, ballot.voter_key)
        if seen[key] == len(result):
            result.append([])
        result[seen[key]].append(index)
        seen[key] += 1
    for wave in result:
        wave.sort(key=lambda i: (ballots[i].round_id, ballots[i].voter_key))
    return result


class SqlStore:
    """One connection, kept by the writer thread while it is busy."""

    def __init__(self, engine: Engine) -> None:
        self._conn = engine.connect()

    def store(self, ballots: list[BallotWrite]) -> list[Outcome]:
        try:
            return commit_batch(self._conn, ballots)
        except Exception:  # PostgreSQL refuses any statement after a failed one until then
            self._conn.rollback()
            raise

    def close(self) -> None:
        self._conn.close()


def commit_batch(conn: Connection, ballots: list[BallotWrite]) -> list[Outcome]:
    """One transaction; if a round turns out closed, roll back and store the others again."""
    closed: set[str] = set()
    while True:
        live = [i for i, ballot in enumerate(ballots) if ballot.round_id not in closed]
        stored = upsert(conn, [ballots[i] for i in live])
        mark(conn, [ballots[i] for i in live])
        newly_closed = closed_rounds(conn, {ballots[i].round_id for i in live})
        if not newly_closed:
            conn.commit()
            outcomes: list[Outcome] = ["closed"] * len(ballots)
            for index, outcome in zip(live, stored, strict=True):
                outcomes[index] = outcome
            return outcomes
        conn.rollback()
        closed |= newly_closed


def closed_rounds(conn: Connection, round_ids: set[str]) -> set[str]:
    """Rounds no longer open, read under a share lock that a close waits for until we commit.

    Read after the upsert: on SQLite the upsert took the database's write lock, so a close
    cannot slip in between this read and the commit either.
    """
    if not round_ids:
        return set()
    rows = conn.execute(_ROUND_STATUS, {"round_ids": list(round_ids)})
    return {round_id for round_id, status in rows if status != "open"}


# Built once: every batch runs it, and building a statement costs more than running its
# cached compilation.
_ROUND_STATUS = (
    select(DEFINITIONS.c.round_id, DEFINITIONS.c.status)
    .where(DEFINITIONS.c.round_id.in_(bindparam("round_ids", expanding=True)))
    .with_for_update(read=True)
)


def upsert(conn: Connection, ballots: list[BallotWrite]) -> list[Outcome]:
    """Insert or replace each ballot; a voter's n-th ballot of the batch goes in statement n."""
    outcomes: list[Outcome] = ["paper-exists"] * len(ballots)
    stored_time = _stored_time(conn.dialect)
    for wave in waves(ballots, range(len(ballots))):
        rows = [_row(ballots[i], stored_time) for i in wave]
        stored = conn.execute(_upsert(conn.dialect.name), {"rows": rows})
        revisions = {(round_id, key): revision for round_id, key, revision in stored}
        for i in wave:
            revision = revisions.get((ballots[i].round_id, ballots[i].voter_key))
            if revision is not None:
                outcomes[i] = "created" if revision == 1 else "replaced"
    return outcomes


def mark(conn: Connection, ballots: list[BallotWrite]) -> None:
    """The voters' participation markers, once each (one statement for the batch)."""
    rows = [
        {"round_id": b.marker_round or b.round_id, "marker": b.marker}
        for b in ballots
        if b.marker is not None
    ]
    if rows:
        conn.execute(_mark(conn.dialect.name), {"rows": rows})


# The batch goes to the database as one JSON document of rows, and the statements read it as a
# table: their text is the same for any batch size. A multi-row VALUES list had a new text per
# size, which the driver parsed again and PostgreSQL planned again for every batch.
@cache
def _upsert(dialect: str) -> Any:
    """INSERT ... SELECT ... ON CONFLICT DO UPDATE, unless the stored ballot is on paper;
    RETURNING tells each stored ballot's revision."""
    rows = json_rows(BALLOTS, WRITTEN, dialect)
    insert: postgresql.Insert | sqlite.Insert
    module: Any = postgresql if dialect == "postgresql" else sqlite
    # WHERE true: SQLite would read ON CONFLICT as a join's ON without it.
    rows_in = select(*(rows.c[name] for name in WRITTEN), literal(1)).where(true())
    insert = module.insert(BALLOTS).from_select([*WRITTEN, "revision"], rows_in)
    replaced = {name: insert.excluded[name] for name in REPLACED}
    return insert.on_conflict_do_update(
        index_elements=[BALLOTS.c.round_id, BALLOTS.c.voter_key],
        set_={**replaced, "revision": BALLOTS.c.revision + 1},
        where=BALLOTS.c.channel == "online",
    ).returning(BALLOTS.c.round_id, BALLOTS.c.voter_key, BALLOTS.c.revision)


@cache
def _mark(dialect: str) -> Any:
    """INSERT ... SELECT ... ON CONFLICT DO NOTHING: a marker already there stays."""
    rows = json_rows(MARKERS, ("round_id", "marker"), dialect)
    module: Any = postgresql if dialect == "postgresql" else sqlite
    rows_in = select(rows.c.round_id, rows.c.marker).where(true())
    return (
        module.insert(MARKERS).from_select(["round_id", "marker"], rows_in).on_conflict_do_nothing()
    )


def _row(ballot: BallotWrite, stored_time: Callable[[datetime], str]) -> dict[str, Any]:
    return {
        "round_id": ballot.round_id,
        "voter_key": ballot.voter_key,
        "choices": ballot.choices,
        "points": ballot.points,
        "channel": ballot.channel,
        "polling_place": ballot.polling_place,
        "receipt": ballot.receipt,
        "cast_at": stored_time(ballot.cast_at),
        "area": ballot.area,
        "age_band": ballot.age_band,
        "voter_kind": ballot.voter_kind,
    }


_STORED_TIME: dict[str, Callable[[datetime], str]] = {}


def _stored_time(dialect: Dialect) -> Callable[[datetime], str]:
    """``cast_at`` as the document carries it: the column type's own stored form where that is
    text (SQLite's), else ISO 8601 with the offset (PostgreSQL reads it as ``timestamptz``)."""
    if dialect.name not in _STORED_TIME:
        bind = BALLOTS.c.cast_at.type.dialect_impl(dialect).bind_processor(dialect)

        def stored(value: datetime) -> str:
            converted = bind(value) if bind else value
            return converted if isinstance(converted, str) else converted.isoformat()

        _STORED_TIME[dialect.name] = stored
    return _STORED_TIME[dialect.name]
