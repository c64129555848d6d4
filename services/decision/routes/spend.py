"""Spend per project: each payment with its supplier's organisationsnummer, the supplier's seat
asked from the supplier register when it is entered, and the share of the money paid to
companies registered in the kommun computed from the payments (never typed in)."""

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from services.common.deps import ProposalIdPath, RoundIdPath, SessionDep
from services.decision.models.local_business import SpendEntry, SpendPublic, SpendRecord, SpendShare
from services.decision.routes import (
    OfficialDep,
    check_evaluation_not_closed,
    display_name,
    get_round,
)
from services.decision.routes.projects import get_project
from services.decision.suppliers import SupplierRegister, same_kommun

router = APIRouter(prefix="/rounds/{round_id}", tags=["uppföljning"])


class RoundSpend(BaseModel):
    """The round's share, and each project's, by project id."""

    round: SpendShare
    projects: dict[int, SpendShare]


def spend_public(row: SpendRecord, kommun: str) -> SpendPublic:
    local = same_kommun(row.supplier_kommun, kommun)
    return SpendPublic.model_validate(row, update={"local": local})


def share(rows: list[SpendRecord], kommun: str) -> SpendShare:
    totals = SpendShare(payments=len(rows))
    for row in rows:
        totals.total += row.amount
        local = same_kommun(row.supplier_kommun, kommun)
        if local is None:
            totals.unknown += row.amount
        elif local:
            totals.local += row.amount
        else:
            totals.non_local += row.amount
    if totals.total:
        totals.local_share = round(100 * totals.local / totals.total, 1)
    return totals


def round_spend_rows(session: Session, round_id: str) -> list[SpendRecord]:
    return list(
        session.exec(
            select(SpendRecord)
            .where(SpendRecord.round_id == round_id)
            .order_by(col(SpendRecord.project_id), col(SpendRecord.paid_on), col(SpendRecord.id))
        )
    )


def round_spend(session: Session, round_id: str, kommun: str) -> RoundSpend:
    return spend_of(round_spend_rows(session, round_id), kommun)


def spend_of(rows: list[SpendRecord], kommun: str) -> RoundSpend:
    """The round's share and each project's, from the round's payments."""
    by_project: dict[int, list[SpendRecord]] = {}
    for row in rows:
        by_project.setdefault(row.project_id, []).append(row)
    projects = {pid: share(group, kommun) for pid, group in sorted(by_project.items())}
    return RoundSpend(round=share(rows, kommun), projects=projects)


@router.get("/spend", response_model=RoundSpend, summary="Andel till lokala företag")
def show_round_spend(round_id: RoundIdPath, session: SessionDep) -> RoundSpend:
    return round_spend(session, round_id, get_round(session, round_id).kommun)


@router.get(
    "/projects/{project_id}/spend",
    response_model=list[SpendPublic],
    summary="Projektets utbetalningar",
)
def list_spend(
    round_id: RoundIdPath, project_id: ProposalIdPath, session: SessionDep
) -> list[SpendPublic]:
    get_project(session, round_id, project_id)
    kommun = get_round(session, round_id).kommun
    rows = session.exec(
        select(SpendRecord)
        .where(SpendRecord.round_id == round_id, SpendRecord.project_id == project_id)
        .order_by(col(SpendRecord.paid_on), col(SpendRecord.id))
    )
    return [spend_public(row, kommun) for row in rows]


def _check(session: Session, round_id: str, project_id: int) -> str:
    """The round's kommun, once the project is known and the evaluation open; the connection
    goes back to the pool before the register is asked, which may take its timeout."""
    get_project(session, round_id, project_id)
    check_evaluation_not_closed(session, round_id)
    kommun = get_round(session, round_id).kommun
    session.close()
    return kommun


def _store(session: Session, values: dict[str, object], kommun: str) -> SpendPublic:
    check_evaluation_not_closed(session, str(values["round_id"]))
    row = SpendRecord.model_validate(values)
    session.add(row)
    session.commit()
    session.refresh(row)
    return spend_public(row, kommun)


@router.post(
    "/projects/{project_id}/spend",
    status_code=201,
    response_model=SpendPublic,
    summary="Registrera en utbetalning",
)
async def enter_spend(
    round_id: RoundIdPath,
    project_id: ProposalIdPath,
    body: SpendEntry,
    official: OfficialDep,
    session: SessionDep,
    request: Request,
) -> SpendPublic:
    """The supplier's seat is asked first: a register that is down stores nothing (503)."""
    kommun = await run_in_threadpool(_check, session, round_id, project_id)
    register: SupplierRegister = request.app.state.suppliers
    seat = await run_in_threadpool(register.seat, body.organisationsnummer)
    values: dict[str, object] = {
        **body.model_dump(),
        "round_id": round_id,
        "project_id": project_id,
        "supplier_name": seat.name if seat else "",
        "supplier_kommun": seat.kommun if seat else None,
        "entered_by": display_name(official),
    }
    return await run_in_threadpool(_store, session, values, kommun)
