"""The mandate in PREPARING: the political decision that set the round up is recorded in the
decision service, from the config or, when the config says it is still to come, from the
update ``record_mandate`` once the council secretary's token is verified (like every
approval). Rounds started before this code never reach it (``MANDATE_PATCH``)."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.services import ServiceActivities as Services
    from workflows.messages.mandate import MandateRecord, MandateUpdate, budget_problem

from workflows.operations.refusals import refuse
from workflows.phases.context import RoundContext
from workflows.phases.officials import checked_name
from workflows.waiting.timing import call

MANDATE_PATCH = "mandate"
WAITING = "kommunens beslut om omgången (update `record_mandate`)"
RESPONSIBLE = "nämndens sekreterare"
CONFIG = "omgångens konfiguration"


async def settle(ctx: RoundContext) -> None:
    """Records a decided mandate, or waits until ``record_mandate`` has recorded it."""
    mandate = ctx.config.mandate
    if mandate is None:
        return
    if mandate.decision is not None:
        record = MandateRecord(
            round_id=ctx.id,
            decision=mandate.decision,
            recorded_by=CONFIG,
            recorded_at=workflow.now(),
        )
        await call(Services.decision_record_mandate, record)
        ctx.inbox.mandate = record
        return
    ctx.inbox.mandate_awaited = True
    ctx.progress.wait_for(WAITING, RESPONSIBLE, None)
    await workflow.wait_condition(lambda: ctx.inbox.mandate is not None)


class MandateUpdates:
    """The update ``record_mandate``: refused at once (validator) for a round that does not
    wait for a mandate and for a decision that does not hold, e.g. a budget that differs from
    the round's; refused by the handler when the token is not the council secretary's."""

    def __init__(self, ctx: RoundContext) -> None:
        self._ctx = ctx
        self._checking = False

    def _waiting(self) -> None:
        inbox = self._ctx.inbox
        if not inbox.mandate_awaited or inbox.mandate is not None or self._checking:
            raise refuse("Omgången väntar inte på kommunens beslut om omgången.", "InvalidMandate")

    def check(self, update: MandateUpdate) -> None:
        self._waiting()
        decision, problem = update.decision()
        if decision is not None:
            problem = budget_problem(decision, self._ctx.config.budget)
        if problem is not None:
            raise refuse(problem, "InvalidMandate")
        if not update.token.strip():
            raise refuse(
                "Beslutet saknar inloggning (token) och räknas inte. Skicka det från "
                "beslutstjänstens sida, eller klistra in din inloggning i fältet token.",
                "InvalidMandate",
            )

    async def accept(self, update: MandateUpdate) -> MandateRecord:
        self._waiting()  # two updates may pass their validators in one workflow task
        decision, _ = update.decision()
        assert decision is not None  # the validator checked it
        self._checking = True
        try:
            name, problem = await checked_name(self._ctx, update.token, "council_secretary")
            if name is None:
                raise refuse(f"Beslutet räknas inte: {problem}", "InvalidMandate")
            record = MandateRecord(
                round_id=self._ctx.id,
                decision=decision,
                recorded_by=name,
                recorded_at=workflow.now(),
            )
            await call(Services.decision_record_mandate, record)
            self._ctx.inbox.mandate = record
            return record
        finally:
            self._checking = False
