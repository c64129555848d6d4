"""The short survey after voting and after implementation: the kommun sets the questions,
residents and companies answer once each (a pseudonym for the survey alone, never linked to
the ballot), and anyone reads the results with small groups hidden."""

from typing import Annotated, get_args

from fastapi import APIRouter, Depends, Path, Request
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from services.common.auth import Principal, Role, require_roles
from services.common.deps import RoundIdPath, SessionDep
from services.common.errors import Problem
from services.common.pseudonym import pseudonymize
from services.common.types import utc_now
from services.decision.models.project import ImplementationProject
from services.decision.models.round import Recommendation
from services.decision.models.survey import (
    ANSWER_RANGE,
    LOCAL_BUSINESS_QUESTION,
    LOCAL_BUSINESS_TEXT,
    Survey,
    SurveyAnswer,
    SurveyPublic,
    SurveyQuestion,
    SurveyResponse,
    SurveyResults,
    SurveySetup,
    SurveyStage,
)
from services.decision.routes import OfficialDep, display_name, get_round, upsert
from services.decision.settings import DecisionSettings
from services.decision.survey_results import survey_results

router = APIRouter(prefix="/rounds/{round_id}/surveys/{stage}", tags=["enkät"])
StagePath = Annotated[SurveyStage, Path(description="after_voting eller after_implementation")]
RespondentDep = Annotated[Principal, Depends(require_roles(Role.RESIDENT, Role.COMPANY))]


def standard_question(stage: str) -> SurveyQuestion:
    return SurveyQuestion(id=LOCAL_BUSINESS_QUESTION, text=LOCAL_BUSINESS_TEXT[stage])


def questions_of(session: Session, round_id: str, stage: str) -> list[SurveyQuestion]:
    return _questions(session.get(Survey, (round_id, stage)), stage)


def _questions(stored: Survey | None, stage: str) -> list[SurveyQuestion]:
    """The kommun's questions, or only the local-business one when none are set."""
    if stored is None:
        return [standard_question(stage)]
    return [SurveyQuestion.model_validate(q) for q in stored.questions]


def responses_of(session: Session, round_id: str, stage: str) -> list[SurveyResponse]:
    return list(
        session.exec(
            select(SurveyResponse)
            .where(SurveyResponse.round_id == round_id, SurveyResponse.stage == stage)
            .order_by(col(SurveyResponse.id))
        )
    )


def results_of(session: Session, round_id: str, stage: SurveyStage, min_cell: int) -> SurveyResults:
    """The stage's results from its stored questions and answers, small groups hidden."""
    return survey_results(
        round_id,
        stage,
        questions_of(session, round_id, stage),
        responses_of(session, round_id, stage),
        min_cell,
    )


def stages_results(session: Session, round_id: str, min_cell: int) -> list[SurveyResults]:
    """Both surveys' results, after voting first."""
    return rounds_results(session, [round_id], min_cell)[round_id]


def rounds_results(
    session: Session, round_ids: list[str], min_cell: int
) -> dict[str, list[SurveyResults]]:
    """:func:`stages_results` of each of the rounds, read in two queries however many."""
    stored = {
        (s.round_id, s.stage): s
        for s in session.exec(select(Survey).where(col(Survey.round_id).in_(round_ids)))
    }
    answers: dict[tuple[str, str], list[SurveyResponse]] = {}
    for response in session.exec(
        select(SurveyResponse)
        .where(col(SurveyResponse.round_id).in_(round_ids))
        .order_by(col(SurveyResponse.id))
    ):
        answers.setdefault((response.round_id, response.stage), []).append(response)
    return {
        round_id: [
            survey_results(
                round_id,
                stage,
                _questions(stored.get((round_id, stage)), stage),
                answers.get((round_id, stage), []),
                min_cell,
            )
            for stage in get_args(SurveyStage)
        ]
        for round_id in round_ids
    }


def check_open(session: Session, round_id: str, stage: str) -> None:
    """After voting: once the votes are counted; after implementation: once no project is
    still in progress."""
    if session.get(Recommendation, round_id) is None:
        raise Problem(409, "Enkäten öppnar när rösterna är räknade.", code="survey-not-open")
    if stage == "after_implementation":
        projects = session.exec(
            select(ImplementationProject.status).where(ImplementationProject.round_id == round_id)
        ).all()
        if not projects or "in_progress" in projects:
            raise Problem(
                409, "Enkäten öppnar när projekten är genomförda.", code="survey-not-open"
            )


@router.get("", response_model=SurveyPublic, summary="Enkätens frågor")
def show_survey(round_id: RoundIdPath, stage: StagePath, session: SessionDep) -> SurveyPublic:
    get_round(session, round_id)
    return SurveyPublic(
        round_id=round_id, stage=stage, questions=questions_of(session, round_id, stage)
    )


@router.put("", response_model=SurveyPublic, summary="Ange enkätens frågor")
def set_survey(
    round_id: RoundIdPath,
    stage: StagePath,
    body: SurveySetup,
    official: OfficialDep,
    session: SessionDep,
) -> SurveyPublic:
    """Until the first answer; the local-business question is always asked, first."""
    get_round(session, round_id)
    if responses_of(session, round_id, stage):
        raise Problem(
            409, "Enkäten har redan svar; frågorna kan inte ändras.", code="survey-answered"
        )
    questions = body.questions
    if LOCAL_BUSINESS_QUESTION not in {q.id for q in questions}:
        questions = [standard_question(stage), *questions]
    values = {
        "round_id": round_id,
        "stage": stage,
        "questions": [q.model_dump() for q in questions],
        "set_by": display_name(official),
    }
    upsert(session, Survey, (round_id, stage), values, stamp="updated_at")
    return SurveyPublic(round_id=round_id, stage=stage, questions=questions)


def _check_answers(questions: list[SurveyQuestion], body: SurveyAnswer) -> None:
    kinds = {q.id: q.kind for q in questions}
    for question_id, value in body.answers.items():
        if question_id not in kinds:
            raise Problem(422, f"Enkäten har ingen fråga '{question_id}'.", code="unknown-question")
        allowed = ANSWER_RANGE[kinds[question_id]]
        if value not in allowed:
            raise Problem(
                422,
                f"Svaret på '{question_id}' ska vara {allowed.start}-{allowed.stop - 1}.",
                code="answer-out-of-range",
            )


@router.post("/answers", status_code=201, summary="Svara på enkäten")
def answer_survey(
    round_id: RoundIdPath,
    stage: StagePath,
    body: SurveyAnswer,
    person: RespondentDep,
    session: SessionDep,
    request: Request,
) -> dict[str, bool]:
    """Once per person (or company) and survey; the answer keeps no link to who gave it."""
    get_round(session, round_id)
    check_open(session, round_id, stage)
    _check_answers(questions_of(session, round_id, stage), body)
    settings: DecisionSettings = request.app.state.settings
    scope = f"survey:{round_id}:{stage}"
    response = SurveyResponse(
        round_id=round_id,
        stage=stage,
        pseudonym=pseudonymize(settings.pseudonym_secret, person.subject, scope),
        respondent="company" if Role.COMPANY in person.roles else "resident",
        answers=body.answers,
        answered_on=utc_now().date(),
    )
    session.add(response)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise Problem(
            409, "Du har redan svarat på den här enkäten.", code="survey-already-answered"
        ) from exc
    return {"received": True}


@router.get("/results", response_model=SurveyResults, summary="Enkätens resultat")
def show_results(
    round_id: RoundIdPath, stage: StagePath, session: SessionDep, request: Request
) -> SurveyResults:
    get_round(session, round_id)
    settings: DecisionSettings = request.app.state.settings
    return results_of(session, round_id, stage, settings.survey_min_cell)
