"""The evaluation phase of a round (uppföljning): open it with the participation figures,
wait for the conclusions until its deadline, close it; the decision service then serves the
final report (JSON, CSV, HTML) from what it holds."""

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from temporalio import workflow
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from workflows.activities.services import ServiceActivities as Services
    from workflows.config import RoundConfig
    from workflows.display import stockholm_time
    from workflows.messages.round import RoundPhase
    from workflows.messages.services import EvaluationRecord, Participation, RoundRef, VoterFigures
    from workflows.messages.signals import EvaluationReport
    from workflows.phases import requests as round_requests

from workflows.kommun import Notifier
from workflows.phases.council_decision import rejection
from workflows.round_progress import RoundProgress
from workflows.waiting.reminders import watch
from workflows.waiting.timing import call, wait_until

if TYPE_CHECKING:
    from workflows.operations.deadline_changes import Operations

# Rounds that were already waiting for their evaluation before it had a deadline and a report
# keep waiting for the signal alone on replay.
EVALUATION_PATCH = "evaluation-deadline-and-report"
# Rounds that opened their evaluation before voting published its voter groups replay without.
VOTER_FIGURES_PATCH = "evaluation-voter-figures"
OFFICIALS = "ansvarig tjänsteperson"


def _closing(
    opening: EvaluationRecord, report: EvaluationReport | None, closed_at: datetime
) -> EvaluationRecord:
    if report is None:
        return opening.model_copy(update={"status": "expired", "closed_at": closed_at})
    changes = {"summary": report.summary, "submitted_by": report.submitted_by}
    return opening.model_copy(update={"status": "submitted", "closed_at": closed_at, **changes})


async def _voter_figures(round_id: str, progress: RoundProgress) -> VoterFigures | None:
    """Voting's figures; if voting refuses them for good, the evaluation opens without."""
    try:
        return await call(Services.voting_participation, RoundRef(round_id=round_id))
    except ActivityError as err:
        if (problem := rejection(err)) is None:
            raise
        progress.reject(f"Röstningens deltagarsiffror saknas: {problem}")
        return None


async def evaluate(
    round_id: str,
    config: RoundConfig,
    progress: RoundProgress,
    notifier: Notifier,
    report: Callable[[], EvaluationReport | None],
    ops: "Operations",
) -> None:
    """``report`` gives the conclusions once the ``submit_evaluation`` signal brought them.
    In live rounds the officials are reminded before the deadline, which may move."""
    opened_at = workflow.now()
    deadline = opened_at + config.follow_up.evaluation_period
    if ops.live:
        deadline = ops.deadlines.open_evaluation(opened_at)
    waiting = "uppföljningens slutsatser (signal `submit_evaluation`)"
    progress.enter(RoundPhase.EVALUATION, deadline, waiting, OFFICIALS)
    opening = EvaluationRecord(
        round_id=round_id,
        status="open",
        opened_at=opened_at,
        deadline=deadline,
        participation=Participation.model_validate(progress.counts.model_dump()),
    )
    if not workflow.patched(EVALUATION_PATCH):
        await workflow.wait_condition(lambda: report() is not None)
        await call(Services.decision_record_evaluation, _closing(opening, report(), opened_at))
        return
    figures = await call(Services.intake_participation, RoundRef(round_id=round_id))
    voters = None
    if workflow.patched(VOTER_FIGURES_PATCH):
        voters = await _voter_figures(round_id, progress)
    eligible = config.follow_up.eligible_voters
    opening.participation = round_requests.participation(progress.counts, figures, eligible, voters)
    await call(Services.decision_record_evaluation, opening)
    await notifier.send(
        OFFICIALS,
        "Uppföljningen är öppen",
        "Ange projektens utfall för det lokala näringslivet, ladda upp utvärderarens rapport "
        f"och lämna slutsatserna senast {stockholm_time(deadline)}.",
    )
    if ops.live:
        settings, what = config.reminders.evaluation, "uppföljningens slutsatser"
        phase = RoundPhase.EVALUATION
        reminded = watch(
            ops, phase, settings, config, notifier, what, OFFICIALS, ends_at_deadline=True
        )
        await reminded.wait(lambda: report() is not None)
        opening.deadline = ops.deadlines.required(phase)
    else:
        await wait_until(lambda: report() is not None, deadline, "Uppföljningens sista dag")
    submitted = report()
    await call(Services.decision_record_evaluation, _closing(opening, submitted, workflow.now()))
    link = f"/rounds/{round_id}/report.html"
    if submitted is None:
        message = f"Inga slutsatser lämnades i tid. Slutrapporten utan dem: {link}"
        await notifier.send(
            OFFICIALS, "Uppföljningen stängdes utan slutsatser", message, "escalation"
        )
    else:
        message = f"Tack. Slutrapporten finns i beslutstjänsten: {link}"
        await notifier.send(submitted.submitted_by, "Uppföljningen är inlämnad", message, "receipt")
