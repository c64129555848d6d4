"""What the official responsible reports about a project: its milestone plan, progress and
money spent, completion or cancellation. Each is checked here, then passed on as a signal to
the project's own workflow, which records the outcome through ``PUT /projects/{id}``."""

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from services.common.deps import ProposalIdPath, RoundIdPath, SessionDep
from services.common.errors import Problem
from services.decision.models.base import SignalAccepted
from services.decision.models.project import (
    Cancellation,
    CompletionReport,
    ImplementationProject,
    MilestonePlan,
    ProgressReport,
)
from services.decision.routes import OfficialDep, display_name, send_signal
from services.decision.routes.projects import get_project

router = APIRouter(prefix="/rounds/{round_id}/projects/{project_id}", tags=["genomförande"])


def project_workflow_id(round_id: str, project_id: int) -> str:
    return f"{round_id}.project-{project_id}"


def open_project(session: Session, round_id: str, project_id: int) -> ImplementationProject:
    project = get_project(session, round_id, project_id)
    if project.status != "in_progress":
        state = "redan rapporterats som klart" if project.status == "done" else "avbrutits"
        raise Problem(409, f"Projekt {project_id} har {state}.", code=f"project-{project.status}")
    return project


def check_progress(session: Session, round_id: str, project_id: int, body: ProgressReport) -> None:
    planned = len(open_project(session, round_id, project_id).milestones)
    unknown = sorted(n for n in body.completed_milestones if n > planned)
    if unknown:
        raise Problem(
            422,
            f"Projektet har {planned} delmål; delmål {', '.join(map(str, unknown))} finns inte.",
            code="unknown-milestone",
        )


async def _signal(
    request: Request,
    round_id: str,
    project_id: int,
    signal: str,
    body: BaseModel,
    sender: dict[str, Any],
    session: Session,
) -> SignalAccepted:
    # send_signal gives the connection back first: a hundred projects reported at once must not
    # hold a hundred connections while Temporal answers.
    payload = {**body.model_dump(mode="json"), **sender}
    workflow_id = project_workflow_id(round_id, project_id)
    return await send_signal(request, workflow_id, signal, payload, session=session)


@router.post(
    "/milestones", status_code=202, response_model=SignalAccepted, summary="Sätt projektets delmål"
)
async def set_milestones(
    round_id: RoundIdPath,
    project_id: ProposalIdPath,
    body: MilestonePlan,
    official: OfficialDep,
    session: SessionDep,
    request: Request,
) -> SignalAccepted:
    """Replaces the plan; a milestone already done keeps its done date if its title stays."""
    await run_in_threadpool(open_project, session, round_id, project_id)
    sender = {"set_by": display_name(official)}
    return await _signal(request, round_id, project_id, "set_milestones", body, sender, session)


@router.post(
    "/progress", status_code=202, response_model=SignalAccepted, summary="Rapportera framsteg"
)
async def report_progress(
    round_id: RoundIdPath,
    project_id: ProposalIdPath,
    body: ProgressReport,
    official: OfficialDep,
    session: SessionDep,
    request: Request,
) -> SignalAccepted:
    await run_in_threadpool(check_progress, session, round_id, project_id, body)
    sender = {"reported_by": display_name(official)}
    return await _signal(request, round_id, project_id, "report_progress", body, sender, session)


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
    await run_in_threadpool(open_project, session, round_id, project_id)
    sender = {"reported_by": display_name(official)}
    return await _signal(request, round_id, project_id, "report_done", body, sender, session)


@router.post(
    "/cancellation", status_code=202, response_model=SignalAccepted, summary="Avbryt projektet"
)
async def cancel_project(
    round_id: RoundIdPath,
    project_id: ProposalIdPath,
    body: Cancellation,
    official: OfficialDep,
    session: SessionDep,
    request: Request,
) -> SignalAccepted:
    await run_in_threadpool(open_project, session, round_id, project_id)
    sender = {"cancelled_by": display_name(official)}
    return await _signal(request, round_id, project_id, "cancel_project", body, sender, session)
