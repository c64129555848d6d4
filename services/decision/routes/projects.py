"""Implementation projects as their workflows record them, shown to anyone, with the
local-business indicators staff enter for the evaluation."""

from fastapi import APIRouter
from sqlmodel import Session, col, select

from services.common.deps import ProposalIdPath, RoundIdPath, SessionDep, SystemDep
from services.common.errors import Problem
from services.decision.models.project import (
    ImplementationProject,
    IndicatorsPublic,
    IndicatorsUpdate,
    ProjectIndicators,
    ProjectPublic,
    ProjectRecord,
)
from services.decision.routes import (
    OfficialDep,
    check_evaluation_not_closed,
    display_name,
    get_round,
    upsert,
)

router = APIRouter(prefix="/rounds/{round_id}/projects", tags=["genomförande"])


def get_project(session: Session, round_id: str, project_id: int) -> ImplementationProject:
    get_round(session, round_id)
    project = session.get(ImplementationProject, (round_id, project_id))
    if project is None:
        raise Problem(
            404,
            f"Projekt {project_id} är inte beviljat i omgången '{round_id}'.",
            code="project-not-found",
        )
    return project


def project_public(
    project: ImplementationProject, indicators: ProjectIndicators | None
) -> ProjectPublic:
    shown = IndicatorsPublic.model_validate(indicators) if indicators is not None else None
    return ProjectPublic.model_validate(project, update={"indicators": shown})


def round_projects(session: Session, round_id: str) -> list[ProjectPublic]:
    """Every project of the round with its indicators, in project id order."""
    projects = session.exec(
        select(ImplementationProject)
        .where(ImplementationProject.round_id == round_id)
        .order_by(col(ImplementationProject.project_id))
    )
    entered = session.exec(
        select(ProjectIndicators).where(ProjectIndicators.round_id == round_id)
    ).all()
    by_project = {row.project_id: row for row in entered}
    return [project_public(p, by_project.get(p.project_id)) for p in projects]


@router.get("", response_model=list[ProjectPublic], summary="Visa omgångens projekt")
def list_projects(round_id: RoundIdPath, session: SessionDep) -> list[ProjectPublic]:
    get_round(session, round_id)
    return round_projects(session, round_id)


@router.get("/{project_id}", response_model=ProjectPublic, summary="Visa ett projekt")
def show_project(
    round_id: RoundIdPath, project_id: ProposalIdPath, session: SessionDep
) -> ProjectPublic:
    project = get_project(session, round_id, project_id)
    return project_public(project, session.get(ProjectIndicators, (round_id, project_id)))


@router.put("/{project_id}", response_model=ProjectPublic, summary="Spara projektets läge")
def record_project(
    round_id: RoundIdPath,
    project_id: ProposalIdPath,
    body: ProjectRecord,
    _system: SystemDep,
    session: SessionDep,
) -> ProjectPublic:
    get_round(session, round_id)
    values = {
        **body.model_dump(exclude={"milestones"}),
        "milestones": body.model_dump(mode="json")["milestones"],
        "round_id": round_id,
        "project_id": project_id,
    }
    key = (round_id, project_id)
    project = upsert(session, ImplementationProject, key, values, stamp="updated_at")
    return project_public(project, session.get(ProjectIndicators, key))


@router.put(
    "/{project_id}/indicators", response_model=IndicatorsPublic, summary="Ange projektets utfall"
)
def enter_indicators(
    round_id: RoundIdPath,
    project_id: ProposalIdPath,
    body: IndicatorsUpdate,
    official: OfficialDep,
    session: SessionDep,
) -> IndicatorsPublic:
    get_project(session, round_id, project_id)
    check_evaluation_not_closed(session, round_id)
    values = {
        **body.model_dump(),
        "round_id": round_id,
        "project_id": project_id,
        "entered_by": display_name(official),
    }
    key = (round_id, project_id)
    return IndicatorsPublic.model_validate(
        upsert(session, ProjectIndicators, key, values, stamp="updated_at")
    )
