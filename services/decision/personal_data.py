"""Decision's part of erasing a round's personal data: staff names in the follow-up.

Decision holds no resident's data. Its part of the round ends when the evaluation closes. The
ballot approval and the council's decision keep who made them (decisions in office, filed in
the diarium); the names on the project follow-up and the evaluation are replaced.
"""

from datetime import datetime

from sqlmodel import Session, select

from services.common.personal_data import ERASED, personal_data_router
from services.decision.models.evaluation import Evaluation, EvaluatorReport
from services.decision.models.project import ImplementationProject, ProjectIndicators
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
    )
    for table, field in fields:
        changed = 0
        for row in session.exec(select(table).where(table.round_id == round_id)):
            if getattr(row, field) not in ("", ERASED):
                setattr(row, field, ERASED)
                session.add(row)
                changed += 1
        erased[str(table.__tablename__)] = changed
    return erased


router = personal_data_router(decision_ended_at, erase_staff_names, ROUND_KOMMUN)
