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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, Literal

from sqlalchemy import Table, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from services.common.db import insert_ignoring_copies
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
    for wave in waves(ballots, range(len(ballots))):
        rows = conn.execute(_statement(conn.dialect.name), [_row(ballots[i]) for i in wave])
        revisions = {(r.round_id, r.voter_key): r.revision for r in rows}
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
        conn.execute(insert_ignoring_copies(MARKERS, conn.dialect.name), rows)


@cache
def _statement(dialect: str) -> Any:
    """INSERT ... ON CONFLICT DO UPDATE, unless the stored ballot is on paper; RETURNING tells.

    Built once and executed with many parameter sets: SQLAlchemy then writes one multi-row
    INSERT from its cached compilation instead of compiling a new statement per batch.
    """
    insert: postgresql.Insert | sqlite.Insert
    insert = postgresql.insert(BALLOTS) if dialect == "postgresql" else sqlite.insert(BALLOTS)
    replaced = {name: insert.excluded[name] for name in REPLACED}
    return insert.on_conflict_do_update(
        index_elements=[BALLOTS.c.round_id, BALLOTS.c.voter_key],
        set_={**replaced, "revision": BALLOTS.c.revision + 1},
        where=BALLOTS.c.channel == "online",
    ).returning(BALLOTS.c.round_id, BALLOTS.c.voter_key, BALLOTS.c.revision)


def _row(ballot: BallotWrite) -> dict[str, Any]:
    return {
        "round_id": ballot.round_id,
        "voter_key": ballot.voter_key,
        "choices": ballot.choices,
        "points": ballot.points,
        "channel": ballot.channel,
        "polling_place": ballot.polling_place,
        "receipt": ballot.receipt,
        "cast_at": ballot.cast_at,
        "area": ballot.area,
        "age_band": ballot.age_band,
        "voter_kind": ballot.voter_kind,
        "revision": 1,
    }
