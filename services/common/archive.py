"""Archiving a cancelled round, the same in every service.

When a round is cancelled (update ``cancel_round``) the workflow asks each service to archive
it: ``POST /rounds/{id}/archive`` records who archived it and why, in the service's own
database (table ``archived_round``, next to the idempotency keys). From then on every write
under ``/rounds/{id}`` is refused with 409 ``round-archived``; reading stays possible, so the
public can still see what the round held. A round not (yet) known to the service can be
archived too, so it can never be opened later.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import Column, DateTime, MetaData, String, Table, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from services.common.auth import Principal, Role, require_roles
from services.common.deps import RoundIdPath, SessionDep
from services.common.errors import Problem
from services.common.strict import StrictRequest
from services.common.types import utc_now

archive_metadata = MetaData()
archived_rounds = Table(
    "archived_round",
    archive_metadata,
    Column("round_id", String(64), primary_key=True),
    Column("reason", String(2000), nullable=False),
    Column("archived_by", String(200), nullable=False),
    Column("archived_at", DateTime(timezone=True), nullable=False),
)
# What else a service does, in the archive's own transaction (voting closes the ballot).
ArchiveHook = Callable[[Connection, str], None]


class ArchiveRequest(StrictRequest):
    reason: str = Field(min_length=3, max_length=2000, description="Varför omgången avbröts")
    archived_by: str = Field(min_length=1, max_length=200, description="Vem som avbröt den")


class ArchivedRound(BaseModel):
    round_id: str
    reason: str
    archived_by: str
    archived_at: datetime

    @field_validator("archived_at")
    @classmethod
    def in_utc(cls, moment: datetime) -> datetime:
        """SQLite gives the stored time back without its offset; it was UTC."""
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def find_archive(engine: Engine, round_id: str) -> ArchivedRound | None:
    with engine.connect() as conn:
        row = (
            conn.execute(select(archived_rounds).where(archived_rounds.c.round_id == round_id))
            .mappings()
            .first()
        )
    return ArchivedRound.model_validate(dict(row)) if row is not None else None


def archived_problem(archive: ArchivedRound) -> Problem:
    return Problem(
        409,
        f"Omgången {archive.round_id} är avbruten och arkiverad och kan inte längre ändras. "
        f"Skäl: {archive.reason}",
        code="round-archived",
        extra={"archived_at": archive.archived_at.isoformat(), "archived_by": archive.archived_by},
    )


router = APIRouter(prefix="/rounds", tags=["drift"])
SystemDep = Annotated[Principal, Depends(require_roles(Role.SYSTEM))]


@router.post(
    "/{round_id}/archive",
    response_model=ArchivedRound,
    summary="Arkivera en avbruten omgång",
    description="Anropas av omgångens arbetsflöde när omgången avbryts. Därefter avvisas alla "
    "ändringar av omgången med 409 `round-archived`. Ett nytt anrop ger det första svaret.",
)
def archive_round(
    request: Request,
    round_id: RoundIdPath,
    body: ArchiveRequest,
    _system: SystemDep,
    session: SessionDep,
) -> ArchivedRound:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    record = {**body.model_dump(), "round_id": round_id, "archived_at": utc_now()}
    hook: ArchiveHook | None = getattr(request.app.state, "on_archive", None)
    try:
        with engine.begin() as conn:
            conn.execute(insert(archived_rounds).values(record))
            if hook is not None:
                hook(conn, round_id)
    except IntegrityError:
        pass  # archived already (or just now by a concurrent call): the first record stands
    archive = find_archive(engine, round_id)
    assert archive is not None
    return archive


@router.get(
    "/{round_id}/archive",
    response_model=ArchivedRound,
    summary="Visa om en omgång är arkiverad",
)
def get_archive(round_id: RoundIdPath, session: SessionDep) -> ArchivedRound:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    archive = find_archive(engine, round_id)
    if archive is None:
        raise Problem(404, f"Omgången {round_id} är inte arkiverad.", code="round-not-archived")
    return archive
