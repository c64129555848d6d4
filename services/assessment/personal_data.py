"""Assessment's part of erasing a round's personal data: who was assigned and who declared jäv.

Assessment's part of the round ends when assessment closes. The verdicts stay with the name
shown on them (an official's act in office); the working lists of assignments and the jäv
declarations (with their reasons, which may tell about the assessor's private life) go.
"""

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session

from services.assessment.access import ROUND_KOMMUN
from services.assessment.models import AssessmentRound, Assignment, ConflictOfInterest
from services.common.errors import Problem
from services.common.personal_data import personal_data_router


def assessment_ended_at(session: Session, round_id: str) -> datetime | None:
    round_ = session.get(AssessmentRound, round_id)
    if round_ is None:
        raise Problem(404, f"Omgången '{round_id}' finns inte.", code="round-not-found")
    return round_.closed_at


def erase_assessors(session: Session, round_id: str) -> dict[str, int]:
    erased: dict[str, int] = {}
    for table in (Assignment, ConflictOfInterest):
        result = session.execute(delete(table).where(table.round_id == round_id))  # type: ignore[arg-type]
        erased[table.__tablename__] = result.rowcount  # type: ignore[attr-defined]
    return erased


router = personal_data_router(assessment_ended_at, erase_assessors, ROUND_KOMMUN)
