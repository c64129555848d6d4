"""The kommun's earlier round, run through the whole system before the round under test on
the same stack and time-skipping server: one proposal, two voters, the council deciding as
the vote did, 40 000 kr paid (10 000 to a company with its seat in the kommun: 25 %), the
evaluation closed. Its evaluation opens first, so the later round's report compares with it.
"""

import asyncio
from datetime import date

from temporalio.testing import WorkflowEnvironment

from medborgarbudget.stack import LocalStack
from tests.e2e import decision_round_steps as steps
from tests.e2e.driver import RoundDriver, connect
from tests.e2e.time_skipping import RoundClock
from tests.supplier_register_fake import LOCAL_SUPPLIER, NON_LOCAL_SUPPLIER
from workflows.config import RoundConfig
from workflows.starter import start_round

EARLIER = "e2e-decision-2026"
EARLIER_TITLE = "Medborgarbudget 2026"
COST = 40_000
VOTERS = 2
ELIGIBLE = 10


async def run_earlier_round(stack: LocalStack, env: WorkflowEnvironment) -> None:
    clock = await RoundClock.start(env, steps.OFFSETS)
    config = RoundConfig.model_validate(
        {
            "id": EARLIER,
            "kommun": steps.KOMMUN,
            "title": EARLIER_TITLE,
            "budget": 100_000,
            "ballot": {"type": "approval", "max_choices": 1},
            "timeline": clock.timeline,
            "follow_up": {"evaluation_period": "PT300S", "eligible_voters": ELIGIBLE},
        }
    )
    handle = await start_round(await connect(stack), config, task_queue="medborgarbudget")
    driver = RoundDriver(stack, handle)
    try:
        [project] = await steps.propose(driver, clock, [("Torget", COST)])
        await steps.assess_and_open_voting(driver, clock, [project], [COST])
        for number in range(VOTERS):
            await steps.vote_online(driver, [project], date(1980, 2, number + 1), "Centrum")
        recommendation = await steps.close_voting(driver, clock)
        assert recommendation["selected"] == [project]
        decision = steps.council_decision([project], "KS 2026/7")
        await driver.call("POST", "decision", "/council-decision", steps.secretary(), json=decision)
        await driver.wait_for_phase("IMPLEMENTATION", timeout=30)
        await steps.project_started(driver, project)
        for amount, supplier in ((10_000, LOCAL_SUPPLIER), (30_000, NON_LOCAL_SUPPLIER)):
            payment = {
                "paid_on": "2026-05-02",
                "amount": amount,
                "organisationsnummer": supplier,
                "purpose": "Bygg",
            }
            path = f"/projects/{project}/spend"
            await driver.call("POST", "decision", path, steps.official(), json=payment)
        await steps.complete(driver, project, COST)
        await steps.open_evaluation(driver, clock)
        await steps.submit_conclusions(driver, "Torget fick fler besökare.")
        outcome = await asyncio.wait_for(driver.handle.result(), timeout=30)
        outcome = outcome if isinstance(outcome, dict) else outcome.model_dump(mode="json")
        assert outcome["phase"] == "COMPLETED"
    finally:
        await driver.close()
