"""The council's decision: entered by its secretary, checked here, decided in the workflow,
then registered by the workflow in the kommun's diarium, whose case reference is kept here.

The checks are the ones the workflow repeats (a signal from the Temporal UI skips this
service), but here the secretary gets the answer at once, and nothing wrong is signalled.
"""

from datetime import date, datetime

from fastapi import APIRouter, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from services.common.dates import STOCKHOLM
from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.common.errors import Problem
from services.common.pot_decision import pot_decision_problem
from services.common.validation import invalid_fields
from services.decision.models.base import SignalAccepted
from services.decision.models.round import (
    CaseRecord,
    CouncilDecision,
    CouncilDecisionCreate,
    CouncilDecisionPublic,
    CouncilDecisionRecord,
    Recommendation,
)
from services.decision.routes import (
    SecretaryDep,
    bearer_token,
    display_name,
    get_round,
    send_signal,
    upsert,
)

router = APIRouter(prefix="/rounds/{round_id}/council-decision", tags=["fullmäktiges beslut"])


def check_against_recommendation(
    session: Session, round_id: str, decision: CouncilDecisionCreate
) -> None:
    get_round(session, round_id)
    recommendation = session.get(Recommendation, round_id)
    if recommendation is None:
        raise Problem(
            409,
            "Röstningens resultat är inte registrerat än; beslutet kan fattas när det finns.",
            code="no-recommendation",
        )
    costs = {p["project_id"]: p["cost"] for p in recommendation.projects}
    ids = decision.approved_project_ids
    unknown = sorted(set(ids) - costs.keys())
    if unknown:
        listed = ", ".join(str(i) for i in unknown)
        raise Problem(
            422, f"Projekt {listed} fanns inte med i omröstningen.", code="unknown-project"
        )
    check_meeting_date(decision.meeting_date, recommendation)
    if recommendation.pots:
        check_per_pot(recommendation, decision)
        return
    if decision.justifications:
        raise Problem(
            422,
            "Omgången har inga potter; motivera beslutet i justification.",
            code="unknown-pot",
        )
    total = sum(costs[i] for i in ids)
    if total > recommendation.budget:
        raise Problem(
            422,
            f"De beviljade projekten kostar {total} kr men budgeten är {recommendation.budget} kr.",
            code="over-budget",
        )
    if set(ids) != set(recommendation.selected) and not decision.justification.strip():
        raise Problem(
            422,
            "Beslutet avviker från omröstningens resultat och måste motiveras (justification).",
            code="justification-required",
        )


def check_per_pot(recommendation: Recommendation, decision: CouncilDecisionCreate) -> None:
    """In a round with pots each pot is decided on its own: its projects within its budget,
    and a pot whose projects differ from its vote needs its own justification."""
    problem = pot_decision_problem(
        recommendation.pots,
        recommendation.projects,
        decision.approved_project_ids,
        decision.justifications,
    )
    if problem is not None:
        code, pot, message = problem
        field = f"justifications.{pot}" if code == "justification-required" else f"pots.{pot}"
        extra = {"pot": pot, "errors": [{"field": field, "message": message}]}
        raise Problem(422, message, code=code, extra=extra)


def check_meeting_date(meeting: date, recommendation: Recommendation) -> None:
    """The council met on a day that has come, and not before the vote it decides on closed
    (its result reached this service after that)."""
    today = datetime.now(STOCKHOLM).date()
    result_day = recommendation.published_at.astimezone(STOCKHOLM).date()
    if meeting > today:
        message = "Sammanträdet kan inte ligga i framtiden: registrera beslutet när det fattats."
    elif meeting < result_day:
        message = f"Sammanträdet kan inte ligga före röstningens resultat ({result_day})."
    else:
        return
    raise invalid_fields({"meeting_date": message})


@router.post(
    "", status_code=202, response_model=SignalAccepted, summary="Registrera fullmäktiges beslut"
)
async def submit_council_decision(
    round_id: RoundIdPath,
    body: CouncilDecisionCreate,
    secretary: SecretaryDep,
    session: SessionDep,
    request: Request,
) -> SignalAccepted:
    await run_in_threadpool(check_against_recommendation, session, round_id, body)
    if await run_in_threadpool(session.get, CouncilDecision, round_id) is not None:
        raise already_decided()
    payload = {
        **body.model_dump(mode="json"),
        "recorded_by": display_name(secretary),
        "token": bearer_token(request),
    }
    return await send_signal(request, round_id, "record_council_decision", payload, session=session)


@router.put("", response_model=CouncilDecisionPublic, summary="Spara fullmäktiges beslut")
def record_council_decision(
    round_id: RoundIdPath, body: CouncilDecisionRecord, _system: SystemDep, session: SessionDep
) -> CouncilDecisionPublic:
    get_round(session, round_id)
    values = {**body.model_dump(), "round_id": round_id}
    recorded = session.get(CouncilDecision, round_id)
    if recorded is None:
        # Inserted, never upserted: of two racing first records the primary key lets one in
        # and the other's IntegrityError is a 409.
        recorded = CouncilDecision.model_validate(values)
        session.add(recorded)
        session.commit()
    elif any(getattr(recorded, k) != v for k, v in values.items()):
        raise already_decided()
    return CouncilDecisionPublic.model_validate(recorded)


def already_decided() -> Problem:
    """The council decides once per round; the record is never overwritten by another one."""
    return Problem(
        409,
        "Fullmäktiges beslut för omgången är redan registrerat och kan inte ersättas.",
        code="council-decision-recorded",
    )


@router.put("/case", response_model=CouncilDecisionPublic, summary="Spara diariets ärende-id")
def record_case(
    round_id: RoundIdPath, body: CaseRecord, _system: SystemDep, session: SessionDep
) -> CouncilDecisionPublic:
    get_round(session, round_id)
    if session.get(CouncilDecision, round_id) is None:
        raise Problem(
            409, "Det finns inget registrerat beslut att koppla ärendet till.", code="no-decision"
        )
    values = {"case_reference": body.case_reference, "case_registered_at": body.registered_at}
    return CouncilDecisionPublic.model_validate(upsert(session, CouncilDecision, round_id, values))
