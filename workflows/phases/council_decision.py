"""Council decision: wait for a decision that holds, record it in the decision service, then
register it in the kommun's diarium and keep the case reference.

A bad decision (over budget, unknown projects, different from the vote without a
justification) is shown and ignored: the decision service checks the same before it signals,
but a signal from the Temporal UI or CLI skips that.
"""

from datetime import datetime

from temporalio import workflow
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from workflows.activities.kommun import DecidedProject, DiariumRegistration, KommunActivities
    from workflows.activities.services import ServiceActivities as Services
    from workflows.display import format_sek, stockholm_time
    from workflows.messages.round import RoundPhase
    from workflows.messages.services import CaseReference, CouncilDecisionRecord, TallyResult
    from workflows.messages.signals import CouncilDecision
    from workflows.rules import council_decision_problem, pot_results

from workflows.kommun import call_kommun
from workflows.phases import politicians
from workflows.phases.announcements import announce, announcements_on
from workflows.phases.context import RoundContext
from workflows.phases.officials import verified_name
from workflows.waiting.reminders import watch
from workflows.waiting.timing import call, call_or_refusal, rejection

SECRETARY = "fullmäktiges sekreterare"
OPERATIONS = "driftansvarig för medborgarbudgeten"
PHASE = RoundPhase.COUNCIL_DECISION
COUNCIL_POTS_PATCH = "council-per-pot"


async def run(ctx: RoundContext, tally: TallyResult) -> CouncilDecision:
    """Takes decisions from the inbox (filled by the signal) until one holds (its token
    verified as the council secretary's, recorded under the token's name), then files it in
    the diarium."""
    waiting = "fullmäktiges beslut (signal `record_council_decision`)"
    due = ctx.deadlines.required(PHASE)
    ctx.progress.enter(PHASE, due, waiting, SECRETARY)
    await politicians.tell(
        ctx,
        "fullmäktiges beslut",
        f"Omröstningens resultat väntar på fullmäktiges beslut senast {stockholm_time(due)}.",
    )
    settings = ctx.config.reminders.council_decision
    reminders = watch(ctx, PHASE, settings, "fullmäktiges beslut", SECRETARY)
    pending = ctx.inbox.decisions
    per_pot = _decides_per_pot(tally)
    attempt = 0
    while True:
        await reminders.wait(lambda: bool(pending))
        signalled = pending.pop(0)
        what = f"Beslut {signalled.diarienummer} ({signalled.recorded_by})"
        name = await verified_name(ctx, signalled.token, "council_secretary", what)
        if name is None:
            continue
        decision = signalled.model_copy(update={"recorded_by": name, "token": ""})
        problem = council_decision_problem(decision, tally, per_pot)
        if problem is None:
            attempt += 1
            decided_at = workflow.now()
            problem = await _record(ctx, decision, decided_at, attempt)
            if problem is None:
                await _register(ctx, decision, decided_at, tally)
                if announcements_on():
                    projects = len(decision.approved_project_ids)
                    await announce(ctx, "council_decided", projects=projects)
                return decision
        ctx.progress.reject(f"Beslut {decision.diarienummer} ({decision.recorded_by}): {problem}")


def _decides_per_pot(tally: TallyResult) -> bool:
    """A round with pots decides each pot on its own; rounds recorded before that checked
    only the round's total, and replay so (no marker, no pots: no patch call at all)."""
    return bool(pot_results(tally)) and workflow.patched(COUNCIL_POTS_PATCH)


async def _record(
    ctx: RoundContext, decision: CouncilDecision, decided_at: datetime, attempt: int
) -> str | None:
    """Records the decision; the decision service's reason if it refuses."""
    record = CouncilDecisionRecord(
        round_id=ctx.id, decision=decision, decided_at=decided_at, attempt=attempt
    )
    _, problem = await call_or_refusal(Services.decision_record_council_decision, record)
    return problem


async def _register(
    ctx: RoundContext, decision: CouncilDecision, decided_at: datetime, tally: TallyResult
) -> None:
    """Files the decision in the diarium and sends the secretary a receipt. A diarium that
    refuses for good does not stop the round: operations staff are told to file it."""
    costs = {project.project_id: project.cost for project in tally.projects}
    approved = [DecidedProject(project_id=i, cost=costs[i]) for i in decision.approved_project_ids]
    registration = DiariumRegistration(
        round_id=ctx.id,
        kommun=ctx.config.kommun,
        title=ctx.config.title,
        **decision.model_dump(exclude={"approved_project_ids", "token"}),
        decided_at=decided_at,
        approved_projects=approved,
        total_cost=sum(p.cost for p in approved),
        recommended_project_ids=tally.selected,
    )
    try:
        case = await call_kommun(KommunActivities.register_in_diarium, registration)
    except ActivityError as err:
        if (problem := rejection(err)) is None:
            raise
        ctx.progress.reject(f"Diariet tog inte emot beslut {decision.diarienummer}: {problem}")
        await ctx.notifier.send(
            OPERATIONS, "Fullmäktiges beslut kunde inte diarieföras", problem, "escalation"
        )
        return
    reference = "inte diariefört (diariet är inte anslutet)"
    if case is not None:
        reference = case.case_reference
        filed = CaseReference(
            round_id=ctx.id, case_reference=reference, registered_at=workflow.now()
        )
        await call(Services.decision_record_case, filed)
    await ctx.notifier.send(
        SECRETARY,
        "Fullmäktiges beslut är registrerat",
        f"Beslut {decision.diarienummer} {decision.paragraph}: {len(approved)} projekt för "
        f"{format_sek(registration.total_cost)}. Ärende i diariet: {reference}.",
        "receipt",
    )
