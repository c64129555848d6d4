"""Erasing a round's personal data once its retention period has passed (GDPR art. 5.1 e).

Every service offers ``DELETE /rounds/{round_id}/personal-data`` to operations staff. It is
refused (409) until the round has ended in that service and ``MB_PERSONAL_DATA_RETENTION_DAYS``
more days have passed; then it erases or pseudonymises the service's personal fields for the
round and says how many rows it changed. A repeat changes nothing more. What each service
erases, and why the rest stays, is in ``docs/data-inventory.md``.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import delete
from sqlmodel import Session

from services.common.auth import Principal, Role
from services.common.deps import RoundIdPath, SessionDep, SettingsDep
from services.common.errors import Problem
from services.common.idempotency import idempotency_records
from services.common.kommun_access import KommunOf, require_roles_in_kommun
from services.common.types import utc_now

log = logging.getLogger(__name__)
# What an erased field holds instead; a row id keeps values unique where a constraint needs it.
ERASED = "raderad"

# When the round ended in this service (None: not yet); raises a 404 Problem if unknown.
EndedAt = Callable[[Session, str], datetime | None]
# Erases the round's personal fields in the session (not committed); rows changed per table.
Erase = Callable[[Session, str], dict[str, int]]


class ErasureResult(BaseModel):
    round_id: str
    ended_at: datetime
    retention_days: int
    erased: dict[str, int]


def erased_value(row_id: int | None) -> str:
    return f"{ERASED}-{row_id}"


def _forget_answers(session: Session, round_id: str) -> dict[str, int]:
    """The stored first answers to writes under the round's path (the workflow's, its
    projects', anyone's) repeat what the service answered, names included; no retry comes
    this late."""
    table = idempotency_records
    result = session.execute(delete(table).where(table.c.round_id == round_id))
    return {table.name: result.rowcount}  # type: ignore[attr-defined]


def personal_data_router(ended_at: EndedAt, erase: Erase, kommun_of: KommunOf) -> APIRouter:
    """The service's erasure endpoint, built from its round-specific parts: the kommun's own
    operations staff or the hosting organisation's erase."""
    router = APIRouter(prefix="/rounds/{round_id}", tags=["personuppgifter"])
    operators = require_roles_in_kommun(kommun_of, Role.OPERATIONS, Role.HOSTING)
    OperationsDep = Annotated[Principal, Depends(operators)]  # noqa: N806

    @router.delete(
        "/personal-data",
        response_model=ErasureResult,
        summary="Radera omgångens personuppgifter efter lagringstiden",
    )
    def erase_personal_data(
        round_id: RoundIdPath,
        operator: OperationsDep,
        session: SessionDep,
        settings: SettingsDep,
    ) -> ErasureResult:
        ended = ended_at(session, round_id)
        if ended is None:
            raise Problem(
                409,
                "Omgången pågår fortfarande här; personuppgifterna behövs tills den är avslutad.",
                code="round-not-ended",
            )
        retention = settings.personal_data_retention_days
        erasable_from = ended + timedelta(days=retention)
        if utc_now() < erasable_from:
            raise Problem(
                409,
                f"Lagringstiden ({retention} dagar) har inte gått ut; personuppgifterna får "
                f"raderas från {erasable_from.date().isoformat()}.",
                code="retention-not-passed",
                extra={"erasable_from": erasable_from.isoformat()},
            )
        erased = erase(session, round_id) | _forget_answers(session, round_id)
        session.commit()
        log.info("personal data of round %s erased by operations: %s", round_id, erased)
        return ErasureResult(
            round_id=round_id, ended_at=ended, retention_days=retention, erased=erased
        )

    return router
