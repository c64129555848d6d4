"""An example change to the round's workflow code, in two test-only copies of the round
workflow: guarded by ``workflow.patched`` as docs/versioning.md asks, and unguarded.

The change: the round tells its owner when it starts, before anything else. Kept apart from
the test module, since the workflow sandbox re-imports the module that defines a workflow.
"""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():  # the same classes as the round's own code
    from workflows.config import RoundConfig
    from workflows.messages.status import RoundOutcome

from workflows.round_workflow import BudgetRoundWorkflow

EXAMPLE_PATCH = "example-start-notice"


async def _tell_owner(round_: BudgetRoundWorkflow) -> None:
    await round_._ctx.notifier.send("omgångens ägare", "Omgången har startat", "Den går nu.")


@workflow.defn(name="BudgetRoundWorkflow")
class PatchedRound(BudgetRoundWorkflow):
    @workflow.run
    async def run(self, config: RoundConfig) -> RoundOutcome:
        if workflow.patched(EXAMPLE_PATCH):
            await _tell_owner(self)
        return await super().run(config)


@workflow.defn(name="BudgetRoundWorkflow")
class UnguardedRound(BudgetRoundWorkflow):
    @workflow.run
    async def run(self, config: RoundConfig) -> RoundOutcome:
        await _tell_owner(self)
        return await super().run(config)
