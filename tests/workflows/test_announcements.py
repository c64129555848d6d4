"""The round's announcements: voting opens, then the reminder two days before it closes,
following a moved closing; the sending so far in the round's current details."""

from datetime import timedelta

import pytest
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import (
    BALLOT_APPROVAL,
    DAY,
    current_details,
    eventually,
    reach,
    round_config,
    run_to_ballot_approval,
)
from tests.workflows.test_extend_deadline import extend, extension
from workflows.messages.announcements import Announcement
from workflows.messages.round import RoundPhase
from workflows.phases.announcements import REMINDER_AHEAD
from workflows.starter import start_round

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]


def _events(fakes: FakeServices) -> list[Announcement]:
    return [a for a in fakes.args("announce") if isinstance(a, Announcement)]


async def test_the_reminder_follows_a_moved_closing_and_details_show_the_sending(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    config = await round_config(env)
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    status = await run_to_ballot_approval(env, handle, fakes)
    await handle.signal("approve_ballot", BALLOT_APPROVAL)
    await eventually(lambda: "voting_define_ballot" in fakes.names(), "the ballot")
    await skip_to(env, status.timeline.voting_opens_at)
    await reach(handle, RoundPhase.VOTING)
    await eventually(lambda: len(_events(fakes)) == 1, "voting opens")
    (opened,) = _events(fakes)
    closes = status.timeline.voting_closes_at
    assert (opened.event, opened.kommun) == ("voting_opened", config.kommun)
    assert opened.params["closes_at"] == closes.isoformat()
    assert "Utskick: senast röstningen öppnar till 3 mottagare" in await current_details(handle)

    later = closes + 10 * DAY
    await extend(handle, extension("VOTING", later))
    await skip_to(env, closes - REMINDER_AHEAD + timedelta(hours=1))
    assert [a.event for a in _events(fakes)] == ["voting_opened"]  # not at the old time
    await skip_to(env, later - REMINDER_AHEAD + timedelta(hours=1))
    await eventually(lambda: len(_events(fakes)) == 2, "the reminder")
    reminder = _events(fakes)[1]
    assert (reminder.event, reminder.params["closes_at"]) == ("voting_reminder", later.isoformat())
    await handle.terminate("the test has seen what it needed")
