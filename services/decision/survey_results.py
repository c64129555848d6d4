"""The survey's answers as published counts: per question, per answer value and kind of
respondent, small groups hidden (services/common/small_cells.py); the mean of a scale question
over everyone who answered it."""

from collections import Counter

from services.common.small_cells import suppress_small_cells
from services.decision.models.survey import (
    ANSWER_RANGE,
    QuestionResult,
    SurveyQuestion,
    SurveyResponse,
    SurveyResults,
    SurveyStage,
)

RESPONDENTS = ("resident", "company")


def question_result(
    question: SurveyQuestion, responses: list[SurveyResponse], min_cell: int
) -> QuestionResult:
    values = [str(v) for v in ANSWER_RANGE[question.kind]]
    counts: dict[str, dict[str, int | None]] = {}
    given: list[int] = []
    for respondent in RESPONDENTS:
        answered = Counter(
            str(r.answers[question.id])
            for r in responses
            if r.respondent == respondent and question.id in r.answers
        )
        given += [int(v) for v in answered.elements()]
        per_value = {value: answered.get(value, 0) for value in values}
        counts[respondent] = suppress_small_cells(per_value, min_cell).counts
    shown_mean = None
    if len(given) >= min_cell:
        shown_mean = round(sum(given) / len(given), 2)
    return QuestionResult(
        id=question.id,
        text=question.text,
        kind=question.kind,
        answered=len(given),
        counts=counts,
        mean=shown_mean,
    )


def survey_results(
    round_id: str,
    stage: SurveyStage,
    questions: list[SurveyQuestion],
    responses: list[SurveyResponse],
    min_cell: int,
) -> SurveyResults:
    per_kind = Counter(r.respondent for r in responses)
    by_respondent = suppress_small_cells({k: per_kind.get(k, 0) for k in RESPONDENTS}, min_cell)
    return SurveyResults(
        round_id=round_id,
        stage=stage,
        respondents=len(responses),
        by_respondent=by_respondent.counts,
        min_cell=min_cell,
        questions=[question_result(q, responses, min_cell) for q in questions],
    )
