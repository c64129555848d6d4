"""Decision's part of erasing a round's personal data: staff names in the follow-up.

Decision holds no resident's data but the survey's pseudonyms, which are erased too. Its part
of the round ends when the evaluation closes. The ballot approval and the council's decision
keep who made them (decisions in office, filed in the diarium); the names on the project
follow-up and the evaluation are replaced.
"""

from datetime import datetime

from sqlmodel import Session, select

from services.common.personal_data import ERASED, personal_data_router
from services.decision.models.evaluation import Evaluation, EvaluatorReport
from services.decision.models.evaluator import EvaluatorAccess
from services.decision.models.follow_up import ProjectFollowUp
from services.decision.models.local_business import ProjectIndicator, SpendRecord
from services.decision.models.project import ImplementationProject, ProjectIndicators
from services.decision.models.running_cost import RunningCost
from services.decision.models.survey import Survey, SurveyResponse
from services.decision.routes import ROUND_KOMMUN, get_round


def decision_ended_at(session: Session, round_id: str) -> datetime | None:
    get_round(session, round_id)
    evaluation = session.get(Evaluation, round_id)
    return evaluation.closed_at if evaluation is not None else None


def erase_staff_names(session: Session, round_id: str) -> dict[str, int]:
    erased: dict[str, int] = {}
    fields = (
        (ImplementationProject, "owner"),
        (ProjectIndicators, "entered_by"),
        (Evaluation, "submitted_by"),
        (EvaluatorReport, "uploaded_by"),
        (ProjectIndicator, "entered_by"),
        (SpendRecord, "entered_by"),
        (ProjectFollowUp, "recorded_by"),
        (Survey, "set_by"),
        (RunningCost, "recorded_by"),
        (EvaluatorAccess, "accessed_by"),
    )
    for table, field in fields:
        changed = 0
        for row in session.exec(select(table).where(table.round_id == round_id)):
            if getattr(row, field) not in ("", ERASED):
                setattr(row, field, ERASED)
                session.add(row)
                changed += 1
        erased[str(table.__tablename__)] = changed
    erased["survey_response"] = _erase_survey_pseudonyms(session, round_id)
    return erased


def _erase_survey_pseudonyms(session: Session, round_id: str) -> int:
    """The answers stay (they are the published results); who gave them can no longer be
    recognised, not even with the secret: each pseudonym becomes the row's own id."""
    changed = 0
    rows = session.exec(select(SurveyResponse).where(SurveyResponse.round_id == round_id))
    for row in rows:
        if not row.pseudonym.startswith(ERASED):
            row.pseudonym = f"{ERASED}-{row.id}"
            session.add(row)
            changed += 1
    return changed


router = personal_data_router(decision_ended_at, erase_staff_names, ROUND_KOMMUN)
