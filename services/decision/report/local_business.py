"""The report's figures on local business: indicators against baseline and target, the share
of the money paid to companies in the kommun, the follow-ups, the surveys, how the process
went, and the kommun's rounds side by side. Built from this service's records only."""

from datetime import UTC, date, datetime

from pydantic import BaseModel
from sqlmodel import Session, col, select

from services.decision.models.evaluation import Evaluation, Participation
from services.decision.models.follow_up import ProjectFollowUp
from services.decision.models.local_business import SpendRecord, SpendShare
from services.decision.models.project import ImplementationProject, done_on_time
from services.decision.models.round import DecisionRound
from services.decision.models.survey import LOCAL_BUSINESS_QUESTION, SurveyResults
from services.decision.report.process import ProcessFigures, process_figures
from services.decision.routes.indicators import project_indicators
from services.decision.routes.spend import RoundSpend, round_spend
from services.decision.routes.spend import share as share_of
from services.decision.routes.survey import rounds_results, stages_results


class IndicatorLine(BaseModel):
    project_id: int
    key: str
    name: str
    unit: str
    baseline_value: float
    baseline_date: date
    target: float | None
    source: str
    measured: float | None = None
    change: float | None = None
    target_met: bool | None = None

    def cells(self) -> list[object]:
        """From the name on, as the page and the CSV show them."""
        return [
            self.name,
            self.unit,
            self.baseline_value,
            self.baseline_date.isoformat(),
            self.target,
            self.measured,
            self.change,
            self.target_met,
            self.source,
        ]


class FollowUpCounts(BaseModel):
    planned: int = 0
    measured: int = 0
    closed: int = 0
    pending: int = 0


class RoundYear(BaseModel):
    """One of the kommun's rounds in the year-on-year comparison."""

    round_id: str
    title: str
    current: bool
    ballots: int | None
    turnout: float | None
    local_share: float | None
    projects_approved: int
    projects_done: int
    projects_on_time: int
    survey_mean: float | None

    def figures(self) -> list[object]:
        """After the round's name, as the page and the CSV show them."""
        return [
            self.ballots,
            self.turnout,
            self.local_share,
            self.projects_approved,
            self.projects_done,
            self.projects_on_time,
            self.survey_mean,
        ]


class LocalBusinessReport(BaseModel):
    kommun: str
    spend: RoundSpend
    indicators: list[IndicatorLine]
    follow_ups: FollowUpCounts
    surveys: list[SurveyResults]
    process: ProcessFigures
    years: list[RoundYear]
    answer: str = ""


def _indicator_lines(
    session: Session, round_id: str, rows: list[ProjectFollowUp]
) -> list[IndicatorLine]:
    follow_ups = {f.project_id: f for f in rows}
    lines = []
    for row in project_indicators(session, round_id):
        line = IndicatorLine.model_validate(row, from_attributes=True)
        follow_up = follow_ups.get(row.project_id)
        if follow_up is not None and row.key in follow_up.measured:
            line.measured = follow_up.measured[row.key]
            line.change = round(line.measured - line.baseline_value, 2)
            if line.target is not None:
                line.target_met = line.measured >= line.target
        lines.append(line)
    return lines


def _follow_up_counts(rows: list[ProjectFollowUp]) -> FollowUpCounts:
    counts = FollowUpCounts()
    for row in rows:
        counts.planned += 1
        if row.status == "measured":
            counts.measured += 1
        elif row.status == "closed":
            counts.closed += 1
        else:
            counts.pending += 1
    return counts


def local_business_mean(results: list[SurveyResults]) -> float | None:
    """The latest survey's mean on the local-business question (after implementation first)."""
    for survey in reversed(results):
        for question in survey.questions:
            if question.id == LOCAL_BUSINESS_QUESTION and question.mean is not None:
                return question.mean
    return None


def participation_of(session: Session, round_id: str) -> Participation | None:
    """The participation figures voting sent at the evaluation; ``None`` before it opened."""
    evaluation = session.get(Evaluation, round_id)
    return Participation.model_validate(evaluation.participation) if evaluation else None


def _year(
    decision_round: DecisionRound,
    evaluation: Evaluation | None,
    projects: list[ImplementationProject],
    share: SpendShare,
    results: list[SurveyResults],
    current: bool,
) -> RoundYear:
    participation = Participation.model_validate(evaluation.participation) if evaluation else None
    return RoundYear(
        round_id=decision_round.round_id,
        title=decision_round.title,
        current=current,
        ballots=participation.ballots if participation else None,
        turnout=participation.turnout if participation else None,
        local_share=share.local_share,
        projects_approved=len(projects),
        projects_done=sum(1 for p in projects if p.status == "done"),
        projects_on_time=sum(1 for p in projects if done_on_time(p)),
        survey_mean=local_business_mean(results),
    )


def kommun_rounds(session: Session, kommun: str) -> list[tuple[DecisionRound, Evaluation | None]]:
    """The kommun's rounds, each with its evaluation, in the order their evaluations opened;
    rounds not yet evaluated last, by id."""
    rows = session.exec(
        select(DecisionRound, Evaluation)
        .join(Evaluation, col(Evaluation.round_id) == DecisionRound.round_id, isouter=True)
        .where(DecisionRound.kommun == kommun)
    )

    def opened(row: tuple[DecisionRound, Evaluation | None]) -> tuple[datetime, str]:
        decision_round, evaluation = row
        when = evaluation.opened_at if evaluation else datetime.max.replace(tzinfo=UTC)
        return when, decision_round.round_id

    return sorted(rows, key=opened)


def years(
    session: Session,
    decision_round: DecisionRound,
    min_cell: int,
    current: tuple[SpendShare, list[SurveyResults]],
) -> list[RoundYear]:
    """The kommun's rounds side by side, each table read once for all of them; the current
    round's spend and surveys as the report already has them."""
    rounds = kommun_rounds(session, decision_round.kommun)
    earlier = [r.round_id for r, _ in rounds if r.round_id != decision_round.round_id]
    projects: dict[str, list[ImplementationProject]] = {}
    for project in session.exec(
        select(ImplementationProject).where(
            col(ImplementationProject.round_id).in_([r.round_id for r, _ in rounds])
        )
    ):
        projects.setdefault(project.round_id, []).append(project)
    payments: dict[str, list[SpendRecord]] = {}
    for payment in session.exec(select(SpendRecord).where(col(SpendRecord.round_id).in_(earlier))):
        payments.setdefault(payment.round_id, []).append(payment)
    surveys = rounds_results(session, earlier, min_cell)
    lines = []
    for r, evaluation in rounds:
        this = r.round_id == decision_round.round_id
        share, results = (
            current
            if this
            else (share_of(payments.get(r.round_id, []), r.kommun), surveys[r.round_id])
        )
        lines.append(_year(r, evaluation, projects.get(r.round_id, []), share, results, this))
    return lines


def build_local_business(
    session: Session, decision_round: DecisionRound, min_cell: int
) -> LocalBusinessReport:
    round_id, kommun = decision_round.round_id, decision_round.kommun
    spend = round_spend(session, round_id, kommun)
    results = stages_results(session, round_id, min_cell)
    follow_ups = list(
        session.exec(select(ProjectFollowUp).where(ProjectFollowUp.round_id == round_id))
    )
    return LocalBusinessReport(
        kommun=kommun,
        spend=spend,
        indicators=_indicator_lines(session, round_id, follow_ups),
        follow_ups=_follow_up_counts(follow_ups),
        surveys=results,
        process=process_figures(session, round_id),
        years=years(session, decision_round, min_cell, (spend.round, results)),
    )
