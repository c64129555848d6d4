"""Who may do what to a proposal under assessment.

An assessor assesses only the proposals an official has assigned them, and never one they have
declared jäv (conflict of interest) for: förvaltningslagen bars a person with jäv from handling
the matter. Assessors are recognised by a pseudonym of their login, scoped to the round.
"""

from collections.abc import Iterable
from typing import Annotated

from fastapi import Depends
from sqlmodel import Session, col, select

from services.assessment.models import (
    AssessmentRound,
    Assignment,
    ConflictOfInterest,
    ProposalToAssess,
)
from services.common.auth import Principal, Role
from services.common.errors import Problem
from services.common.kommun_access import require_roles_in_kommun, stored_kommun
from services.common.pseudonym import pseudonymize
from services.common.rounds import load_round

ROUND_KOMMUN = stored_kommun(AssessmentRound.kommun, AssessmentRound.id)
OfficialDep = Annotated[Principal, Depends(require_roles_in_kommun(ROUND_KOMMUN, Role.OFFICIAL))]
AssessorDep = Annotated[Principal, Depends(require_roles_in_kommun(ROUND_KOMMUN, Role.ASSESSOR))]


def assessor_key(pseudonym_secret: str, subject: str, round_id: str) -> str:
    return pseudonymize(pseudonym_secret, subject, round_id)


def display_name(principal: Principal) -> str:
    return principal.name or "okänd"


def assessment_closed_problem() -> Problem:
    return Problem(
        409,
        "Bedömningen i den här omgången är avslutad och kan inte ändras.",
        code="assessment-closed",
    )


def load_open_round(session: Session, round_id: str) -> AssessmentRound:
    """The round, locked until the write commits; 409 once assessment is closed."""
    round_ = load_round(session, AssessmentRound, round_id, lock=True)
    if round_.closed_at is not None:
        raise assessment_closed_problem()
    return round_


def listed(ids: Iterable[int]) -> str:
    return ", ".join(str(i) for i in ids)


def ensure_registered(session: Session, round_id: str, proposal_ids: list[int]) -> None:
    found = set(
        session.exec(
            select(ProposalToAssess.proposal_id).where(
                ProposalToAssess.round_id == round_id,
                col(ProposalToAssess.proposal_id).in_(proposal_ids),
            )
        ).all()
    )
    missing = [i for i in proposal_ids if i not in found]
    if missing:
        raise Problem(
            404,
            f"Förslag {listed(missing)} ska inte bedömas i omgången '{round_id}'.",
            code="proposal-not-found",
            extra={"missing_proposal_ids": missing},
        )


def conflicted_ids(session: Session, round_id: str, key: str, proposal_ids: list[int]) -> list[int]:
    return sorted(
        session.exec(
            select(ConflictOfInterest.proposal_id).where(
                ConflictOfInterest.round_id == round_id,
                ConflictOfInterest.assessor_key == key,
                col(ConflictOfInterest.proposal_id).in_(proposal_ids),
            )
        ).all()
    )


def ensure_no_conflict(session: Session, round_id: str, key: str, proposal_ids: list[int]) -> None:
    barred = conflicted_ids(session, round_id, key, proposal_ids)
    if barred:
        raise Problem(
            403,
            f"Du har anmält jäv för förslag {listed(barred)} och får därför inte hantera det.",
            code="conflict-of-interest",
        )


def ensure_assigned(session: Session, round_id: str, proposal_id: int, key: str) -> None:
    if session.get(Assignment, (round_id, proposal_id, key)) is None:
        raise Problem(
            403,
            f"Du är inte tilldelad förslag {proposal_id}. Be ansvarig tjänsteperson att fördela "
            "det till dig.",
            code="not-assigned",
        )
