"""Implementation projects: their state as the project workflows record it, and completion
reports from the official responsible, passed on to the project's own workflow."""

from fastapi import APIRouter, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from services.common.deps import ProposalIdPath, RoundIdPath, SessionDep, SystemDep
from services.common.errors import Problem
from services.decision.models import (
    CompletionReport,
    ImplementationProject,
    ProjectPublic,
    ProjectUpdate,
    SignalAccepted,
)
from services.decision.routes import (
    OfficialDep,
    display_name,
    get_round,
    send_signal,
    upsert,
)

router = APIRouter(prefix="/rounds/{round_id}/projects/{project_id}", tags=["genomförande"])


def project_workflow_id(round_id: str, project_id: int) -> str:
    return f"{round_id}.project-{project_id}"


def check_can_complete(session: Session, round_id: str, project_id: int) -> None:
    get_round(session, round_id)
    project = session.get(ImplementationProject, (round_id, project_id))
    if project is None:
        raise Problem(
            404,
            f"Projekt {project_id} är inte beviljat i omgången '{round_id}'.",
            code="project-not-found",
        )
    if project.status != "in_progress":
        state = "redan rapporterats som klart" if project.status == "done" else "avbrutits"
        raise Problem(409, f"Projekt {project_id} har {state}.", code=f"project-{project.status}")


@router.put("", response_model=ProjectPublic, summary="Spara projektets läge")
def record_project(
    round_id: RoundIdPath,
    project_id: ProposalIdPath,
    body: ProjectUpdate,
    _system: SystemDep,
    session: SessionDep,
) -> ProjectPublic:
    get_round(session, round_id)
    values = {**body.model_dump(), "round_id": round_id, "project_id": project_id}
    key = (round_id, project_id)
    project = upsert(session, ImplementationProject, key, values, stamp="updated_at")
    return ProjectPublic.model_validate(project)


@router.post(
    "/completion",
    status_code=202,
    response_model=SignalAccepted,
    summary="Rapportera projektet som klart",
)
async def report_completion(
    round_id: RoundIdPath,
    project_id: ProposalIdPath,
    body: CompletionReport,
    official: OfficialDep,
    session: SessionDep,
    request: Request,
) -> SignalAccepted:
    await run_in_threadpool(check_can_complete, session, round_id, project_id)
    payload = {"summary": body.summary, "spent": body.spent, "reported_by": display_name(official)}
    workflow_id = project_workflow_id(round_id, project_id)
    return await send_signal(request, workflow_id, "report_done", payload)
