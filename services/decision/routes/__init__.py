"""Routes of the decision service, one module per record, and what they share.

Endpoints for people check the request against what is stored, then signal the workflow and
answer 202; the workflow decides and records the outcome through the ``PUT`` endpoints. Only
data staff enter for the evaluation (indicators, the evaluator's report) is written directly.
"""

from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlmodel import Session, SQLModel
from starlette.concurrency import run_in_threadpool

from services.common import auth
from services.common.auth import Principal, Role
from services.common.errors import Problem
from services.common.kommun_access import require_roles_in_kommun, stored_kommun
from services.common.signals import Signaler
from services.common.types import utc_now
from services.decision.models.base import SignalAccepted
from services.decision.models.evaluation import Evaluation
from services.decision.models.round import DecisionRound

Row = TypeVar("Row", bound=SQLModel)
ROUND_KOMMUN = stored_kommun(DecisionRound.kommun, DecisionRound.round_id)
OfficialDep = Annotated[Principal, Depends(require_roles_in_kommun(ROUND_KOMMUN, Role.OFFICIAL))]
# The independent evaluator, or staff on their behalf: the round's kommun's, either of them.
EvaluatorDep = Annotated[
    Principal, Depends(require_roles_in_kommun(ROUND_KOMMUN, Role.EVALUATOR, Role.OFFICIAL))
]
SecretaryDep = Annotated[
    Principal, Depends(require_roles_in_kommun(ROUND_KOMMUN, Role.COUNCIL_SECRETARY))
]


def get_round(session: Session, round_id: str) -> DecisionRound:
    decision_round = session.get(DecisionRound, round_id)
    if decision_round is None:
        raise Problem(
            404, f"Omgången '{round_id}' finns inte i beslutstjänsten.", code="round-not-found"
        )
    return decision_round


def check_evaluation_not_closed(session: Session, round_id: str) -> None:
    """Staff may add to the evaluation until it closes; the final report must not change."""
    evaluation = session.get(Evaluation, round_id)
    if evaluation is not None and evaluation.status != "open":
        raise Problem(
            409,
            "Uppföljningen är avslutad; underlaget till slutrapporten kan inte längre ändras.",
            code="evaluation-closed",
        )


def display_name(principal: Principal) -> str:
    """The caller's name for the record; the identity itself is never passed on."""
    return principal.name.strip() or "okänd"


def bearer_token(request: Request) -> str:
    """The token the caller signed in with, passed on in an approval's signal: the workflow has
    it verified (official-tokens/verify) like a token pasted into the Temporal UI."""
    return auth.bearer_token(auth.authorization_header(request.headers.getlist("authorization")))


async def send_signal(
    request: Request,
    workflow_id: str,
    signal: str,
    payload: dict[str, Any] | None,
    *,
    session: Session,
) -> SignalAccepted:
    """Signal once the request's database work is done and its connection is back in the pool."""
    await release(session)
    signaler: Signaler = request.app.state.signaler
    await signaler.signal(workflow_id, signal, payload)
    return SignalAccepted(signal=signal, workflow_id=workflow_id)


async def release(session: Session) -> None:
    """End the session's transaction before a call to Temporal: a slow or unreachable server
    must not keep database connections (a small pool) checked out, nor a transaction open.
    What was written is committed by then; the session opens a new transaction if used again."""
    await run_in_threadpool(session.close)


def upsert(
    session: Session,
    table: type[Row],
    key: object,
    values: dict[str, Any],
    *,
    stamp: str | None = None,
) -> Row:
    """Insert the record at ``key`` or overwrite it: the workflow may send the same PUT again.

    A repeat that changes nothing writes nothing, so the ``stamp`` field (a timestamp set on
    every real change) keeps telling when the record last changed.
    """
    row = session.get(table, key)
    if row is not None and all(getattr(row, name) == value for name, value in values.items()):
        return row
    if stamp is not None:
        values = {**values, stamp: utc_now()}
    if row is None:
        row = table.model_validate(values)
    else:
        row.sqlmodel_update(values)
    session.add(row)
    session.commit()
    return row
