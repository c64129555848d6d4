"""Follow-up measurements after completion: planned by the round's ``FollowUpWorkflow``,
measured or closed with a reason by an official, each change signalled to that workflow
(``follow_up_changed``), which then asks how many are still open."""

from datetime import timedelta

from fastapi import APIRouter, Request
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from services.common.deps import ProposalIdPath, RoundIdPath, SessionDep, SystemDep
from services.common.errors import Problem
from services.common.types import utc_now
from services.decision.models.follow_up import (
    FollowUpClosing,
    FollowUpOpening,
    FollowUpOverview,
    FollowUpPlanning,
    FollowUpPublic,
    Measurement,
    ProjectFollowUp,
    measurable,
)
from services.decision.models.local_business import ProjectIndicator
from services.decision.models.project import ImplementationProject
from services.decision.routes import OfficialDep, display_name, get_round, send_signal
from services.decision.routes.projects import get_project

router = APIRouter(prefix="/rounds/{round_id}", tags=["uppföljning"])


def follow_up_workflow(round_id: str) -> str:
    return f"{round_id}.follow-up"


def overview(session: Session, round_id: str) -> FollowUpOverview:
    rows = list(
        session.exec(
            select(ProjectFollowUp)
            .where(ProjectFollowUp.round_id == round_id)
            .order_by(col(ProjectFollowUp.project_id))
        )
    )
    unopened = [row.due_at for row in rows if row.status == "due" and row.opened_at is None]
    return FollowUpOverview(
        total=len(rows),
        pending=sum(1 for row in rows if row.status == "due"),
        due_at=max((row.due_at for row in rows), default=None),
        next_due_at=min(unopened, default=None),
        items=[FollowUpPublic.model_validate(row) for row in rows],
    )


@router.put("/follow-ups", response_model=FollowUpOverview, summary="Planera uppföljningarna")
def plan_follow_ups(
    round_id: RoundIdPath, body: FollowUpPlanning, _system: SystemDep, session: SessionDep
) -> FollowUpOverview:
    """One follow-up per completed project, due ``measure_after`` seconds after it was
    completed (its last record); a follow-up already planned keeps its date."""
    get_round(session, round_id)
    after = timedelta(seconds=body.measure_after)
    done = session.exec(
        select(ImplementationProject).where(
            ImplementationProject.round_id == round_id, ImplementationProject.status == "done"
        )
    )
    planned = set(
        session.exec(select(ProjectFollowUp.project_id).where(ProjectFollowUp.round_id == round_id))
    )
    for project in done:
        if project.project_id not in planned:
            due_at = project.updated_at + after
            session.add(
                ProjectFollowUp(round_id=round_id, project_id=project.project_id, due_at=due_at)
            )
    session.commit()
    return overview(session, round_id)


@router.put("/follow-ups/opening", response_model=FollowUpOverview, summary="Öppna uppföljningarna")
def open_follow_ups(
    round_id: RoundIdPath, body: FollowUpOpening, _system: SystemDep, session: SessionDep
) -> FollowUpOverview:
    """The round's workflow found the follow-ups due by ``as_of`` by its clock, the one every
    deadline of the round keeps (a test server may skip it a year ahead): they can be measured.
    Idempotent: one opened keeps its time."""
    get_round(session, round_id)
    rows = session.exec(
        select(ProjectFollowUp).where(
            ProjectFollowUp.round_id == round_id,
            ProjectFollowUp.status == "due",
            col(ProjectFollowUp.opened_at).is_(None),
            ProjectFollowUp.due_at <= body.as_of,
        )
    )
    for row in rows:
        row.opened_at = body.as_of
        session.add(row)
    session.commit()
    return overview(session, round_id)


@router.get("/follow-ups", response_model=FollowUpOverview, summary="Visa uppföljningarna")
def show_follow_ups(round_id: RoundIdPath, session: SessionDep) -> FollowUpOverview:
    get_round(session, round_id)
    return overview(session, round_id)


def _open_follow_up(session: Session, round_id: str, project_id: int) -> ProjectFollowUp:
    get_project(session, round_id, project_id)
    row = session.get(ProjectFollowUp, (round_id, project_id))
    if row is None:
        raise Problem(
            404,
            "Ingen uppföljningsmätning är planerad för projektet (den planeras när projektet "
            "är klart och omgångens uppföljning har stängts).",
            code="follow-up-not-planned",
        )
    if row.status == "closed":
        raise Problem(409, "Uppföljningen är redan stängd.", code="follow-up-closed")
    return row


def _measure(session: Session, round_id: str, project_id: int, body: Measurement, by: str) -> None:
    row = _open_follow_up(session, round_id, project_id)
    if not measurable(row, utc_now()):
        raise Problem(
            409,
            f"Mätningen görs tidigast {row.due_at.date().isoformat()}.",
            code="follow-up-not-due",
        )
    keys = set(
        session.exec(
            select(ProjectIndicator.key).where(
                ProjectIndicator.round_id == round_id, ProjectIndicator.project_id == project_id
            )
        )
    )
    unknown = sorted(set(body.values) - keys)
    if unknown:
        raise Problem(
            422,
            f"Projektet har ingen indikator {', '.join(unknown)}; ange utgångsvärdet först.",
            code="unknown-indicator",
        )
    row.sqlmodel_update(
        {
            "status": "measured",
            "measured": body.values,
            "note": body.note,
            "recorded_by": by,
            "recorded_at": utc_now(),
        }
    )
    session.add(row)
    session.commit()


def _close(session: Session, round_id: str, project_id: int, reason: str, by: str) -> None:
    stored = session.get(ProjectFollowUp, (round_id, project_id))
    if stored is not None and stored.status == "closed" and stored.closed_reason == reason:
        return  # a retry (its signal failed, or its answer was lost): stored, signalled again
    row = _open_follow_up(session, round_id, project_id)
    values = {"status": "closed", "closed_reason": reason, "recorded_by": by}
    row.sqlmodel_update({**values, "recorded_at": utc_now()})
    session.add(row)
    session.commit()


NOT_SIGNALLED = (
    "Uppföljningen är sparad, men processmotorn svarar inte just nu och har inte fått veta det. "
    "Skicka samma uppgifter igen om en stund."
)
RETRY = {"Retry-After": "5"}


async def _answer(
    session: Session, request: Request, round_id: str, project_id: int
) -> FollowUpPublic:
    """Signalled after the change is stored: the workflow asks for the count when it wakes.
    A measurement may be sent again (a correction), which signals again; once every
    follow-up is in, the workflow has ended and a correction needs no signal."""
    try:
        await send_signal(
            request, follow_up_workflow(round_id), "follow_up_changed", None, session=session
        )
    except Problem as problem:
        if problem.status == 503:  # the change is committed; sending it again is safe
            raise Problem(
                503, NOT_SIGNALLED, code="follow-up-not-signalled", headers=RETRY
            ) from problem
        if problem.status != 404:
            raise
    row = await run_in_threadpool(session.get, ProjectFollowUp, (round_id, project_id))
    return FollowUpPublic.model_validate(row)


@router.post(
    "/projects/{project_id}/follow-up",
    response_model=FollowUpPublic,
    summary="Lämna uppföljningsmätningen",
)
async def record_measurement(
    round_id: RoundIdPath,
    project_id: ProposalIdPath,
    body: Measurement,
    official: OfficialDep,
    session: SessionDep,
    request: Request,
) -> FollowUpPublic:
    by = display_name(official)
    await run_in_threadpool(_measure, session, round_id, project_id, body, by)
    return await _answer(session, request, round_id, project_id)


@router.post(
    "/projects/{project_id}/follow-up/closing",
    response_model=FollowUpPublic,
    summary="Stäng uppföljningen utan mätning",
)
async def close_follow_up(
    round_id: RoundIdPath,
    project_id: ProposalIdPath,
    body: FollowUpClosing,
    official: OfficialDep,
    session: SessionDep,
    request: Request,
) -> FollowUpPublic:
    by = display_name(official)
    await run_in_threadpool(_close, session, round_id, project_id, body.reason, by)
    return await _answer(session, request, round_id, project_id)
