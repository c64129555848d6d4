"""Evaluation (uppföljning): open it with the participation figures, wait for the conclusions
until its deadline (reminding the officials before it), close it; the decision service then
serves the final report (JSON, CSV, HTML) from what it holds."""

from datetime import datetime

from temporalio import workflow
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from workflows.activities.kommun import EvaluationFiling, KommunActivities
    from workflows.activities.services import ServiceActivities as Services
    from workflows.display import stockholm_time
    from workflows.messages.evaluation import EvaluationRecord, VoterFigures
    from workflows.messages.round import RoundPhase
    from workflows.messages.signals import EvaluationReport
    from workflows.messages.workload import AssessmentWorkload
    from workflows.phases import requests

from workflows.kommun import call_kommun
from workflows.phases.context import RoundContext
from workflows.waiting.reminders import watch
from workflows.waiting.timing import call, call_or_refusal, rejection

OFFICIALS = "ansvarig tjänsteperson"
# Evaluations opened after this change count proposals by kind of proposer (resident, company,
# association) and carry how the process went (docs/versioning.md).
EVALUATION_FIGURES_PATCH = "evaluation-figures"
# Evaluations closed after this change file the evaluator's report in the diarium.
EVALUATION_FILING_PATCH = "evaluation-report-diarium"
# Rounds whose evaluation opened before this code report no dialogue meetings.
MEETINGS_PATCH = "meeting-figures"
# Evaluations opened after this change carry the assessment's workload (who assessed how
# many, the verdicts, days from submission to verdict) in how the process went.
ASSESSMENT_WORKLOAD_PATCH = "assessment-workload"
PHASE = RoundPhase.EVALUATION


def _closing(
    opening: EvaluationRecord, report: EvaluationReport | None, closed_at: datetime
) -> EvaluationRecord:
    if report is None:
        return opening.model_copy(update={"status": "expired", "closed_at": closed_at})
    changes = {"summary": report.summary, "submitted_by": report.submitted_by}
    return opening.model_copy(update={"status": "submitted", "closed_at": closed_at, **changes})


async def _voter_figures(ctx: RoundContext) -> VoterFigures | None:
    """Voting's figures; if voting refuses them for good, the evaluation opens without."""
    figures, problem = await call_or_refusal(Services.voting_participation, ctx.ref)
    if problem is not None:
        ctx.progress.reject(f"Röstningens deltagarsiffror saknas: {problem}")
    return figures


async def _assessment_workload(ctx: RoundContext) -> AssessmentWorkload | None:
    """Assessment's workload; if a service refuses it for good, the evaluation opens without."""
    workload, problem = await call_or_refusal(Services.assessment_workload, ctx.ref)
    if problem is not None:
        ctx.progress.reject(f"Bedömningens arbetsbörda saknas: {problem}")
    return workload


async def _file_in_diarium(ctx: RoundContext) -> None:
    """The evaluator's report goes to the diarium with the round's case; a diarium that
    refuses it is shown and escalated, and the round goes on."""
    filing = EvaluationFiling(round_id=ctx.id, kommun=ctx.config.kommun, title=ctx.config.title)
    try:
        case = await call_kommun(KommunActivities.file_evaluation_report, filing)
    except ActivityError as err:
        if (problem := rejection(err)) is None:
            raise
        ctx.progress.reject(f"Diariet tog inte emot utvärderingsrapporten: {problem}")
        await ctx.notifier.send(
            OFFICIALS, "Utvärderingsrapporten kunde inte diarieföras", problem, "escalation"
        )
        return
    if case is not None:
        workflow.logger.info("Utvärderingsrapporten är diarieförd: %s", case.case_reference)


async def run(ctx: RoundContext) -> None:
    """Ends with the conclusions of the ``submit_evaluation`` signal, or without them at the
    deadline (which may move meanwhile)."""
    opened_at = workflow.now()
    deadline = ctx.deadlines.open_evaluation(opened_at)
    waiting = "uppföljningens slutsatser (signal `submit_evaluation`)"
    ctx.progress.enter(PHASE, deadline, waiting, OFFICIALS)
    figures = await call(Services.intake_participation, ctx.ref)
    voters = await _voter_figures(ctx)
    eligible = ctx.config.follow_up.eligible_voters
    richer = workflow.patched(EVALUATION_FIGURES_PATCH)
    opening = EvaluationRecord(
        round_id=ctx.id,
        status="open",
        opened_at=opened_at,
        deadline=deadline,
        participation=requests.participation(
            ctx.progress.counts,
            figures,
            eligible,
            voters,
            with_kinds=richer,
        ),
        process=ctx.progress.history() if richer else None,
    )
    if workflow.patched(MEETINGS_PATCH):
        opening.participation.meetings = figures.meetings
        opening.participation.meeting_proposals = figures.meeting_proposals
    if opening.process is not None and workflow.patched(ASSESSMENT_WORKLOAD_PATCH):
        opening.process.assessment = await _assessment_workload(ctx)
    await call(Services.decision_record_evaluation, opening)
    await ctx.notifier.send(
        OFFICIALS,
        "Uppföljningen är öppen",
        "Ange projektens utfall för det lokala näringslivet, ladda upp utvärderarens rapport "
        f"och lämna slutsatserna senast {stockholm_time(deadline)}.",
    )
    settings, what = ctx.config.reminders.evaluation, "uppföljningens slutsatser"
    reminders = watch(ctx, PHASE, settings, what, OFFICIALS, ends_at_deadline=True)
    await reminders.wait(lambda: ctx.inbox.evaluation is not None)
    opening.deadline = ctx.deadlines.required(PHASE)
    submitted = ctx.inbox.evaluation
    await call(Services.decision_record_evaluation, _closing(opening, submitted, workflow.now()))
    if workflow.patched(EVALUATION_FILING_PATCH):
        await _file_in_diarium(ctx)
    link = f"/rounds/{ctx.id}/report.html"
    if submitted is None:
        message = f"Inga slutsatser lämnades i tid. Slutrapporten utan dem: {link}"
        await ctx.notifier.send(
            OFFICIALS, "Uppföljningen stängdes utan slutsatser", message, "escalation"
        )
    else:
        message = f"Tack. Slutrapporten finns i beslutstjänsten: {link}"
        await ctx.notifier.send(
            submitted.submitted_by, "Uppföljningen är inlämnad", message, "receipt"
        )
