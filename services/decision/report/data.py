"""The figures of the final report, gathered from the decision service's records."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session

from services.common.types import utc_now
from services.decision.models.evaluation import (
    Evaluation,
    EvaluationStatus,
    EvaluatorReport,
    Participation,
    ReportFileInfo,
)
from services.decision.models.mandate import Mandate, MandatePublic
from services.decision.models.project import ProjectPublic
from services.decision.models.round import CouncilDecision, DecisionRound, Recommendation
from services.decision.report.answer import local_business_report
from services.decision.report.local_business import LocalBusinessReport
from services.decision.routes.projects import round_projects

NOT_APPROVED = "not_approved"
DEFAULT_MIN_CELL = 5


class ProjectLine(BaseModel):
    """One project from vote to outcome; ``status`` is ``not_approved`` when the council did
    not fund it. ``title`` is ``None`` for results stored before they carried titles."""

    project_id: int
    title: str | None = None
    cost: int
    votes: int
    recommended: bool
    reason: str | None
    approved: bool
    status: str
    spent: int = 0
    progress: int = 0
    milestones_done: int = 0
    milestones_total: int = 0
    overdue: bool = False
    # Done after its due date (overdue ends when a project is done, so it cannot tell).
    finished_late: bool = False
    cancellation_reason: str = ""
    companies_involved: int | None = None
    jobs_created: int | None = None
    visitors: int | None = None
    satisfaction: float | None = None
    pot: str | None = None


def project_name(line: ProjectLine) -> str:
    return line.title or f"Förslag {line.project_id}"


class DecisionSummary(BaseModel):
    diarienummer: str
    paragraph: str
    meeting_date: date
    approved_project_ids: list[int]
    justification: str
    justifications: dict[str, str] = {}
    differs_from_recommendation: bool
    case_reference: str | None


class Money(BaseModel):
    count: int = 0
    approved: int = 0
    spent: int = 0


class PotLine(BaseModel):
    """A pot in the final report (the total has ``pot`` ``""``): ``recommended`` and
    ``funded`` count projects, ``approved`` and ``spent`` are kronor."""

    pot: str
    name: str
    area: str | None = None
    budget: int
    ballots: int = 0
    recommended: int = 0
    funded: int = 0
    approved: int = 0
    spent: int = 0
    done: int = 0
    cancelled: int = 0


def pot_lines(pots: Sequence[Mapping[str, Any]], projects: list[ProjectLine]) -> list[PotLine]:
    """One line per pot of the result, then a line for the round in total (``pot`` ``""``)."""
    if not pots:
        return []
    lines = [
        PotLine(
            pot=str(pot["pot"]),
            name=str(pot["name"]),
            area=str(pot["area"]) if pot.get("area") else None,
            budget=int(pot["budget"]),
            ballots=int(pot.get("ballot_count") or 0),
        )
        for pot in pots
    ]
    by_pot = {line.pot: line for line in lines}
    total = PotLine(pot="", name="Totalt", budget=sum(line.budget for line in lines))
    total.ballots = sum(line.ballots for line in lines)
    for project in projects:
        for line in (by_pot.get(project.pot or ""), total):
            if line is None:
                continue
            line.recommended += project.recommended
            if project.approved:
                line.funded += 1
                line.approved += project.cost
                line.spent += project.spent
                line.done += project.status == "done"
                line.cancelled += project.status == "cancelled"
    return [*lines, total]


class EvaluationSummary(BaseModel):
    status: EvaluationStatus
    opened_at: datetime
    deadline: datetime
    closed_at: datetime | None
    conclusions: str
    submitted_by: str


class RoundReport(BaseModel):
    round_id: str
    title: str
    kommun: str
    budget: int
    final: bool
    generated_at: datetime
    rule: str | None = None
    ballots_hash: str | None = None
    certificate: dict[str, object] | None = None
    mandate: MandatePublic | None = None
    council_decision: DecisionSummary | None = None
    evaluation: EvaluationSummary | None = None
    participation: Participation | None = None
    turnout: float | None = None
    evaluator_report: ReportFileInfo | None = None
    projects: list[ProjectLine] = []
    budget_by_status: dict[str, Money] = {}
    # A round with pots: each pot's budget, funding and spending, then the total.
    pots: list[PotLine] = []
    local_business: LocalBusinessReport | None = None


def _line(
    outcome: dict[str, object], approved: set[int], projects: dict[int, ProjectPublic]
) -> ProjectLine:
    line = ProjectLine.model_validate(
        {**outcome, "recommended": outcome["selected"], "approved": False, "status": NOT_APPROVED}
    )
    project = projects.get(line.project_id)
    if line.project_id in approved:
        line.approved = True
        line.status = project.status if project is not None else "in_progress"
    if project is not None:
        line.spent, line.progress, line.overdue = project.spent, project.progress, project.overdue
        line.finished_late = project.finished_late
        line.milestones_total = len(project.milestones)
        line.milestones_done = sum(1 for m in project.milestones if m.done_at is not None)
        line.cancellation_reason = project.cancellation_reason
        if project.indicators is not None:
            indicators = project.indicators.model_dump(exclude={"comment", "entered_by"})
            line = line.model_copy(update=indicators)
    return line


def _budget_by_status(lines: list[ProjectLine]) -> dict[str, Money]:
    totals: dict[str, Money] = {}
    for line in lines:
        if line.approved:
            money = totals.setdefault(line.status, Money())
            money.count += 1
            money.approved += line.cost
            money.spent += line.spent
    return totals


def build_report(
    session: Session, decision_round: DecisionRound, min_cell: int = DEFAULT_MIN_CELL
) -> RoundReport:
    round_id = decision_round.round_id
    evaluation = session.get(Evaluation, round_id)
    final = evaluation is not None and evaluation.closed_at is not None
    report = RoundReport(
        round_id=round_id,
        title=decision_round.title,
        kommun=decision_round.kommun,
        budget=decision_round.budget,
        final=final,
        generated_at=evaluation.closed_at if evaluation and evaluation.closed_at else utc_now(),
    )
    mandate = session.get(Mandate, round_id)
    report.mandate = MandatePublic.model_validate(mandate) if mandate is not None else None
    recommendation = session.get(Recommendation, round_id)
    decision = session.get(CouncilDecision, round_id)
    approved = set(decision.approved_project_ids) if decision else set()
    if recommendation is not None:
        report.rule, report.ballots_hash = recommendation.rule, recommendation.ballots_hash
        report.certificate = recommendation.certificate
        projects = {p.project_id: p for p in round_projects(session, round_id)}
        report.projects = [_line(o, approved, projects) for o in recommendation.projects]
        report.budget_by_status = _budget_by_status(report.projects)
        report.pots = pot_lines(recommendation.pots, report.projects)
    if decision is not None:
        differs = recommendation is not None and approved != set(recommendation.selected)
        report.council_decision = DecisionSummary.model_validate(
            {**decision.model_dump(), "differs_from_recommendation": differs}
        )
    if evaluation is not None:
        report.evaluation = EvaluationSummary.model_validate(
            {**evaluation.model_dump(), "conclusions": evaluation.summary}
        )
        report.participation = Participation.model_validate(evaluation.participation)
        report.turnout = report.participation.turnout
    report.local_business = local_business_report(session, decision_round, min_cell)
    stored_file = session.get(EvaluatorReport, round_id)
    if stored_file is not None:
        report.evaluator_report = ReportFileInfo.model_validate(stored_file)
    return report
