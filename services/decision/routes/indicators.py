"""Local-business indicators per funded project: the round's list (or the defaults) plus the
kommun's own, each with its baseline; an indicator without a baseline is refused."""

from typing import Annotated

from fastapi import APIRouter, Path
from sqlmodel import Session, col, select

from services.common.deps import ProposalIdPath, RoundIdPath, SessionDep
from services.common.errors import Problem
from services.common.indicators import DEFAULT_INDICATORS, IndicatorDefinition
from services.common.types import CODE_PATTERN
from services.decision.models.local_business import (
    IndicatorEntry,
    IndicatorPublic,
    ProjectIndicator,
)
from services.decision.models.round import DecisionRound
from services.decision.routes import (
    OfficialDep,
    check_evaluation_not_closed,
    display_name,
    get_round,
    upsert,
)
from services.decision.routes.projects import get_project

router = APIRouter(prefix="/rounds/{round_id}", tags=["uppföljning"])
KeyPath = Annotated[str, Path(pattern=CODE_PATTERN, description="Indikatorns id")]


def round_indicators(decision_round: DecisionRound) -> list[IndicatorDefinition]:
    """The round's list as its config set it, or the defaults when it set none."""
    listed = [IndicatorDefinition.model_validate(d) for d in decision_round.indicators]
    return listed or list(DEFAULT_INDICATORS)


def project_indicators(session: Session, round_id: str) -> list[ProjectIndicator]:
    return list(
        session.exec(
            select(ProjectIndicator)
            .where(ProjectIndicator.round_id == round_id)
            .order_by(col(ProjectIndicator.project_id), col(ProjectIndicator.key))
        )
    )


@router.get(
    "/indicators",
    response_model=list[IndicatorDefinition],
    summary="Omgångens indikatorer för lokalt näringsliv",
)
def list_round_indicators(round_id: RoundIdPath, session: SessionDep) -> list[IndicatorDefinition]:
    return round_indicators(get_round(session, round_id))


@router.get(
    "/projects/{project_id}/local-indicators",
    response_model=list[IndicatorPublic],
    summary="Projektets indikatorer med utgångsvärden",
)
def list_project_indicators(
    round_id: RoundIdPath, project_id: ProposalIdPath, session: SessionDep
) -> list[IndicatorPublic]:
    get_project(session, round_id, project_id)
    rows = session.exec(
        select(ProjectIndicator)
        .where(ProjectIndicator.round_id == round_id, ProjectIndicator.project_id == project_id)
        .order_by(col(ProjectIndicator.key))
    )
    return [IndicatorPublic.model_validate(row) for row in rows]


def _definition(decision_round: DecisionRound, key: str, body: IndicatorEntry) -> dict[str, object]:
    listed = {d.key: d for d in round_indicators(decision_round)}
    if key in listed:
        return {"name": listed[key].name, "unit": listed[key].unit, "own": False}
    if body.name is None or body.unit is None:
        raise Problem(
            422,
            f"Indikatorn '{key}' finns inte i omgångens lista; en egen indikator behöver namn "
            "(name) och enhet (unit).",
            code="indicator-needs-name",
        )
    return {"name": body.name, "unit": body.unit, "own": True}


@router.put(
    "/projects/{project_id}/local-indicators/{key}",
    response_model=IndicatorPublic,
    summary="Ange en indikator med utgångsvärde",
)
def enter_indicator(
    round_id: RoundIdPath,
    project_id: ProposalIdPath,
    key: KeyPath,
    body: IndicatorEntry,
    official: OfficialDep,
    session: SessionDep,
) -> IndicatorPublic:
    """Sets (or corrects) the baseline until the evaluation closes."""
    get_project(session, round_id, project_id)
    check_evaluation_not_closed(session, round_id)
    values = {
        **body.model_dump(exclude={"name", "unit"}),
        **_definition(get_round(session, round_id), key, body),
        "round_id": round_id,
        "project_id": project_id,
        "key": key,
        "entered_by": display_name(official),
    }
    row = upsert(session, ProjectIndicator, (round_id, project_id, key), values, stamp="updated_at")
    return IndicatorPublic.model_validate(row)
