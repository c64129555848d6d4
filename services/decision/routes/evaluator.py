"""The independent evaluator: one request for a round's anonymised data (indicators, spend,
follow-ups, survey results, participation), and the access log. Every read is logged by
services/decision/evaluator_log.py (this route's and every other the evaluator reads).
Nothing in it names a person: payments name companies, survey results are hidden counts."""

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlmodel import Session, col, select

from services.common.auth import Principal, Role
from services.common.deps import RoundIdPath, SessionDep
from services.decision.models.evaluation import Participation
from services.decision.models.evaluator import EvaluatorAccess, EvaluatorAccessPublic
from services.decision.models.follow_up import FollowUpOverview
from services.decision.models.local_business import IndicatorPublic, SpendPublic
from services.decision.models.survey import SurveyResults
from services.decision.report.local_business import participation_of
from services.decision.routes import EvaluatorDep, display_name, get_round
from services.decision.routes.follow_up import overview
from services.decision.routes.indicators import project_indicators
from services.decision.routes.spend import RoundSpend, round_spend_rows, spend_of, spend_public
from services.decision.routes.survey import stages_results
from services.decision.settings import DecisionSettings

router = APIRouter(prefix="/rounds/{round_id}/evaluator", tags=["utvärderare"])


class EvaluatorData(BaseModel):
    round_id: str
    kommun: str
    participation: Participation | None
    indicators: list[IndicatorPublic]
    spend: RoundSpend
    payments: list[SpendPublic]
    follow_ups: FollowUpOverview
    surveys: list[SurveyResults]


def log_access(session: Session, round_id: str, reader: Principal, what: str) -> None:
    role = Role.EVALUATOR if Role.EVALUATOR in reader.roles else Role.OFFICIAL
    session.add(
        EvaluatorAccess(
            round_id=round_id, accessed_by=display_name(reader), role=role.value, what=what
        )
    )
    session.commit()


@router.get("/data", response_model=EvaluatorData, summary="Utvärderarens underlag")
def evaluator_data(
    round_id: RoundIdPath, _reader: EvaluatorDep, session: SessionDep, request: Request
) -> EvaluatorData:
    decision_round = get_round(session, round_id)
    kommun = decision_round.kommun
    settings: DecisionSettings = request.app.state.settings
    surveys = stages_results(session, round_id, settings.survey_min_cell)
    payments = round_spend_rows(session, round_id)
    data = EvaluatorData(
        round_id=round_id,
        kommun=kommun,
        participation=participation_of(session, round_id),
        indicators=[
            IndicatorPublic.model_validate(i) for i in project_indicators(session, round_id)
        ],
        spend=spend_of(payments, kommun),
        payments=[spend_public(row, kommun) for row in payments],
        follow_ups=overview(session, round_id),
        surveys=surveys,
    )
    return data


@router.get(
    "/access-log", response_model=list[EvaluatorAccessPublic], summary="Vem har läst underlaget"
)
def access_log(
    round_id: RoundIdPath, _reader: EvaluatorDep, session: SessionDep
) -> list[EvaluatorAccessPublic]:
    get_round(session, round_id)
    rows = session.exec(
        select(EvaluatorAccess)
        .where(EvaluatorAccess.round_id == round_id)
        .order_by(col(EvaluatorAccess.id))
    )
    return [EvaluatorAccessPublic.model_validate(row) for row in rows]
