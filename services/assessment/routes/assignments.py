"""Staffing the assessment: officials assign proposals to assessors; assessors declare jäv.

A jäv declaration takes the assessor off the proposal and bars them from it for good: an
official cannot assign it to them again (409) and they cannot assess it (403). A verdict they
gave before declaring stays until another assessor revises it; officials see the declarations
to reassign the proposal.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from services.assessment.access import (
    ROUND_KOMMUN,
    AssessorDep,
    OfficialDep,
    assessor_key,
    conflicted_ids,
    display_name,
    ensure_registered,
    listed,
    load_open_round,
)
from services.assessment.assignment_schemas import (
    AssessorAssignments,
    AssignmentPublic,
    AssignmentRequest,
    ConflictDeclaration,
    ConflictPublic,
)
from services.assessment.models import Assessment, AssessmentRound, Assignment, ConflictOfInterest
from services.common.auth import Principal, Role
from services.common.db import fetch_page
from services.common.deps import PageDep, ProposalIdPath, SessionDep, SettingsDep
from services.common.errors import Problem
from services.common.kommun_access import require_roles_in_kommun
from services.common.pages import PageOf
from services.common.rounds import load_round
from services.common.types import utc_now

router = APIRouter(prefix="/rounds/{round_id}", tags=["fördelning och jäv"])
StaffDep = Annotated[
    Principal, Depends(require_roles_in_kommun(ROUND_KOMMUN, Role.OFFICIAL, Role.ASSESSOR))
]


def _assignments_of(session: Session, round_id: str, key: str, name: str) -> AssessorAssignments:
    ids = session.exec(
        select(Assignment.proposal_id)
        .where(Assignment.round_id == round_id, Assignment.assessor_key == key)
        .order_by(col(Assignment.proposal_id))
    ).all()
    return AssessorAssignments(assessor_name=name, proposal_ids=list(ids))


@router.post(
    "/assignments",
    response_model=AssessorAssignments,
    summary="Fördela förslag till en bedömare",
    description="För tjänstepersoner. Lägger till förslagen hos bedömaren (redan fördelade "
    "ändras inte) och svarar med alla bedömarens förslag. 409 `conflict-of-interest` om "
    "bedömaren anmält jäv för något av dem; då fördelas inget.",
)
def assign(
    round_id: str,
    body: AssignmentRequest,
    official: OfficialDep,
    session: SessionDep,
    settings: SettingsDep,
) -> AssessorAssignments:
    load_open_round(session, round_id)
    ensure_registered(session, round_id, body.proposal_ids)
    key = assessor_key(settings.pseudonym_secret, body.assessor_subject, round_id)
    barred = conflicted_ids(session, round_id, key, body.proposal_ids)
    if barred:
        raise Problem(
            409,
            f"{body.assessor_name} har anmält jäv för förslag {listed(barred)} och kan inte "
            "få det. Fördela det till någon annan.",
            code="conflict-of-interest",
        )
    in_round = (col(Assignment.round_id) == round_id) & (col(Assignment.assessor_key) == key)
    session.execute(update(Assignment).where(in_round).values(assessor_name=body.assessor_name))
    held = set(session.exec(select(Assignment.proposal_id).where(in_round)).all())
    now = utc_now()
    session.add_all(
        Assignment(
            round_id=round_id,
            proposal_id=proposal_id,
            assessor_key=key,
            assessor_name=body.assessor_name,
            assigned_by=display_name(official),
            assigned_at=now,
        )
        for proposal_id in body.proposal_ids
        if proposal_id not in held
    )
    session.commit()
    return _assignments_of(session, round_id, key, body.assessor_name)


@router.post(
    "/assignments/removal",
    response_model=AssessorAssignments,
    summary="Ta förslag från en bedömare",
    description="För tjänstepersoner. Svarar med de förslag bedömaren har kvar.",
)
def unassign(
    round_id: str,
    body: AssignmentRequest,
    _official: OfficialDep,
    session: SessionDep,
    settings: SettingsDep,
) -> AssessorAssignments:
    load_open_round(session, round_id)
    key = assessor_key(settings.pseudonym_secret, body.assessor_subject, round_id)
    session.execute(
        delete(Assignment).where(
            col(Assignment.round_id) == round_id,
            col(Assignment.assessor_key) == key,
            col(Assignment.proposal_id).in_(body.proposal_ids),
        )
    )
    session.commit()
    return _assignments_of(session, round_id, key, body.assessor_name)


@router.get(
    "/assignments",
    response_model=PageOf[AssignmentPublic],
    summary="Lista fördelningen",
    description="För tjänstepersoner och bedömare, i förslagens id-ordning. `mine=true` ger "
    "bara den inloggades egna.",
)
def list_assignments(
    round_id: str,
    caller: StaffDep,
    session: SessionDep,
    settings: SettingsDep,
    page: PageDep,
    mine: bool = False,
) -> PageOf[AssignmentPublic]:
    load_round(session, AssessmentRound, round_id)
    where = col(Assignment.round_id) == round_id
    if mine:
        key = assessor_key(settings.pseudonym_secret, caller.subject, round_id)
        where = where & (col(Assignment.assessor_key) == key)
    order = (col(Assignment.proposal_id), col(Assignment.assessor_name))
    rows, total = fetch_page(session, Assignment, where, order, page)
    assessed = set(
        session.exec(
            select(Assessment.proposal_id).where(
                Assessment.round_id == round_id,
                col(Assessment.proposal_id).in_([row.proposal_id for row in rows]),
            )
        ).all()
    )
    items = [
        AssignmentPublic(
            proposal_id=row.proposal_id,
            assessor_name=row.assessor_name,
            assigned_at=row.assigned_at,
            assessed=row.proposal_id in assessed,
        )
        for row in rows
    ]
    return PageOf.of(items, total, page)


@router.post(
    "/proposals/{proposal_id}/conflict-of-interest",
    response_model=ConflictPublic,
    status_code=201,
    summary="Anmäl jäv",
    description="För bedömare. Tar bort bedömaren från förslaget och spärrar det för hen. Att "
    "anmäla igen ändrar inget (200).",
)
def declare_conflict(
    round_id: str,
    proposal_id: ProposalIdPath,
    body: ConflictDeclaration,
    assessor: AssessorDep,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
) -> ConflictPublic:
    load_open_round(session, round_id)
    ensure_registered(session, round_id, [proposal_id])
    key = assessor_key(settings.pseudonym_secret, assessor.subject, round_id)
    declaration = session.get(ConflictOfInterest, (round_id, proposal_id, key))
    if declaration is None:
        declaration = ConflictOfInterest(
            round_id=round_id,
            proposal_id=proposal_id,
            assessor_key=key,
            assessor_name=display_name(assessor),
            reason=body.reason,
            declared_at=utc_now(),
        )
        session.add(declaration)
        assignment = session.get(Assignment, (round_id, proposal_id, key))
        if assignment is not None:
            session.delete(assignment)
        session.commit()
        session.refresh(declaration)
    else:
        response.status_code = 200
    return ConflictPublic.model_validate(declaration.model_dump())


@router.get(
    "/conflicts-of-interest",
    response_model=PageOf[ConflictPublic],
    summary="Lista jävsanmälningar",
    description="För tjänstepersoner, i förslagens id-ordning.",
)
def list_conflicts(
    round_id: str, _official: OfficialDep, session: SessionDep, page: PageDep
) -> PageOf[ConflictPublic]:
    load_round(session, AssessmentRound, round_id)
    where = col(ConflictOfInterest.round_id) == round_id
    order = (col(ConflictOfInterest.proposal_id), col(ConflictOfInterest.declared_at))
    rows, total = fetch_page(session, ConflictOfInterest, where, order, page)
    return PageOf.of([ConflictPublic.model_validate(r.model_dump()) for r in rows], total, page)
