"""Many rounds at once through ONE worker: N concurrent rounds with a compressed timeline on the
Temporal dev server, against the real services (the same local stack as `make run`).

    .venv/bin/python -m benchmarks.rounds --quick          # 20 rounds
    .venv/bin/python -m benchmarks.rounds --rounds 1000 --json

Every round is tiny (one proposal, one ballot, one project) and goes all the way: intake,
assessment, ballot approval, voting, tally, council decision, one project to done, evaluation,
COMPLETED. The people are simulated in bulk, as the history-size test does: proposals,
assessments and ballots go straight into the services' SQLite databases, approvals are signals
sent when Temporal's visibility shows a round in the phase that waits for them. Prints rounds
completed, wall time, rounds per second and the events in each round's history (mean, max).
"""

import argparse
import asyncio
import json
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.service import RPCError

from benchmarks.round_data import insert_assessments, insert_ballots, insert_proposals
from medborgarbudget.stack import LocalStack, Ports
from services.common.auth import Role, issue_token
from services.common.db import make_engine
from services.common.settings import PlatformSettings
from workflows.config import RoundConfig
from workflows.messages.projects import ProjectDone
from workflows.messages.signals import BallotApproval, CouncilDecision, EvaluationReport
from workflows.messages.status import RoundOutcome
from workflows.starter import start_round

TASK_QUEUE = "medborgarbudget"
TICK = 1.0


def _window(rounds: int) -> float:
    """Seconds per phase: enough for one worker to open every round's step on a busy machine."""
    return 10.0 + 0.08 * rounds


def _start_allowance(rounds: int) -> float:
    return 5.0 + 0.05 * rounds


def _timeline(rounds: int) -> dict[str, str]:
    """Shared by every round: each phase gets time in proportion to the number of rounds."""
    window = _window(rounds)
    opens = datetime.now(UTC) + timedelta(seconds=_start_allowance(rounds))
    steps = [
        ("intake_opens_at", 0.0),
        ("intake_closes_at", window),
        ("assessment_due_at", 2 * window),
        ("voting_opens_at", 2 * window + 1),
        ("voting_closes_at", 3 * window),
        ("council_decision_due_at", 4 * window),
        ("implementation_due_at", 5 * window),
        ("evaluation_at", 5 * window + 1),
    ]
    return {key: (opens + timedelta(seconds=offset)).isoformat() for key, offset in steps}


def _configs(run: str, rounds: int) -> Iterator[RoundConfig]:
    timeline = _timeline(rounds)
    for index in range(rounds):
        yield RoundConfig.model_validate(
            {
                "id": f"bench-{run}-{index}",
                "kommun": f"Bench {run}",
                "title": "Benchmarkomgång",
                "budget": 100_000,
                "ballot": {"type": "approval", "max_choices": 1},
                "timeline": timeline,
                "follow_up": {"evaluation_period": "PT1H"},
            }
        )


class People:
    """Does what residents, assessors, officials and the council would, for all rounds."""

    def __init__(self, client: Client, stack: LocalStack, run: str) -> None:
        self.client = client
        self.kommun = f"Bench {run}"
        self.engines = {
            name: make_engine(f"sqlite:///{stack.data_dir / (name + '.db')}")
            for name in ("intake", "assessment", "voting")
        }
        self.signalled: dict[str, set[str]] = {}

    def close(self) -> None:
        for engine in self.engines.values():
            engine.dispose()

    async def tick(self) -> None:
        await asyncio.to_thread(insert_proposals, self.engines["intake"])
        for round_id in await asyncio.to_thread(insert_assessments, self.engines["assessment"]):
            await self._signal(round_id, "assessment_complete", None)
        await asyncio.to_thread(insert_ballots, self.engines["voting"])
        await self._each_in("BALLOT_APPROVAL", self._approve)
        await self._each_in("COUNCIL_DECISION", self._decide)
        await self._each_in("IMPLEMENTATION", self._finish_project)
        await self._each_in("EVALUATION", self._evaluate)

    async def _each_in(self, phase: str, act: Any) -> None:
        done = self.signalled.setdefault(phase, set())
        query = f'RoundPhase = "{phase}" AND Kommun = "{self.kommun}"'
        async for execution in self.client.list_workflows(query):
            if execution.id not in done:
                try:
                    await act(execution.id)
                except RPCError:
                    continue  # e.g. the project's workflow is not started yet: next tick
                done.add(execution.id)

    async def _signal(self, workflow_id: str, name: str, arg: Any) -> None:
        handle = self.client.get_workflow_handle(workflow_id)
        await (handle.signal(name) if arg is None else handle.signal(name, arg))

    def _token(self, role: Role, name: str) -> str:
        """The official's sign-in, which the workflow has verified before an approval counts."""
        claims = {"kommun": self.kommun}
        return issue_token(PlatformSettings(), f"bench-{role}", [role], name=name, claims=claims)

    async def _approve(self, round_id: str) -> None:
        token = self._token(Role.OFFICIAL, "Anna Berg")
        approval = BallotApproval(approved_by="Anna Berg", token=token)
        await self._signal(round_id, "approve_ballot", approval)

    async def _decide(self, round_id: str) -> None:
        decision = CouncilDecision(
            approved_project_ids=[_project(round_id)],
            diarienummer="KS 2027/1",
            paragraph="§ 1",
            meeting_date=date(2027, 9, 20),
            justification="Det enda förslaget.",
            recorded_by="Sekreteraren",
            token=self._token(Role.COUNCIL_SECRETARY, "Sekreteraren"),
        )
        await self._signal(round_id, "record_council_decision", decision)

    async def _finish_project(self, round_id: str) -> None:
        done = ProjectDone(summary="Klart.", spent=10_000, reported_by="Anna Berg")
        await self._signal(f"{round_id}.project-{_project(round_id)}", "report_done", done)

    async def _evaluate(self, round_id: str) -> None:
        report = EvaluationReport(summary="Bra för handeln.", submitted_by="Anna Berg")
        await self._signal(round_id, "submit_evaluation", report)


def _project(round_id: str) -> int:
    """Round ``bench-<run>-<i>`` has the one proposal ``i + 1`` (see round_data)."""
    return int(round_id.rsplit("-", 1)[1]) + 1


async def _history_lengths(client: Client, round_ids: list[str]) -> list[int]:
    lengths = []
    for round_id in round_ids:
        history = await client.get_workflow_handle(round_id).fetch_history()
        lengths.append(len(history.events))
    return lengths


async def run(rounds: int, stack: LocalStack, timeout: float) -> dict[str, Any]:
    client = await Client.connect(stack.temporal_address, data_converter=pydantic_data_converter)
    run_id = uuid.uuid4().hex[:6]
    people = People(client, stack, run_id)
    started = time.monotonic()
    configs = list(_configs(run_id, rounds))
    handles = await asyncio.gather(*(start_round(client, c, TASK_QUEUE) for c in configs))
    results = asyncio.gather(*(h.result() for h in handles), return_exceptions=True)
    try:
        while not results.done():
            if time.monotonic() - started > timeout:
                results.cancel()
                break
            await people.tick()
            await asyncio.sleep(TICK)
        wall = time.monotonic() - started
        outcomes = [] if results.cancelled() else results.result()
    finally:
        people.close()
    completed = [o for o in outcomes if isinstance(o, RoundOutcome) and o.phase == "COMPLETED"]
    # A round whose proposal came after intake closed completes at once, without a vote.
    full = [o for o in completed if o.counts.projects_done == 1]
    lengths = await _history_lengths(client, [c.id for c in configs if c.id])
    return {
        "rounds": rounds,
        "completed": len(completed),
        "completed_with_vote_and_project": len(full),
        "wall_seconds": round(wall, 1),
        "rounds_per_second": round(len(completed) / wall, 2),
        "events_per_round_mean": round(sum(lengths) / len(lengths), 1),
        "events_per_round_max": max(lengths),
        "timeline_seconds": round(_start_allowance(rounds) + 5 * _window(rounds) + 1, 1),
    }


def _print(figures: dict[str, Any]) -> None:
    print(f"rounds completed      {figures['completed']} of {figures['rounds']}")
    print(f"  all phases          {figures['completed_with_vote_and_project']}")
    print(f"wall time             {figures['wall_seconds']} s")
    print(f"  of it the timeline  {figures['timeline_seconds']} s (compressed phases)")
    print(f"rounds per second     {figures['rounds_per_second']}")
    print(
        f"events per round      mean {figures['events_per_round_mean']}, "
        f"max {figures['events_per_round_max']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="20 rounds")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--timeout", type=float, default=1800.0, help="give up after (s)")
    parser.add_argument("--port-base", type=int, default=24_000, help="7 ports from here")
    args = parser.parse_args()
    rounds = 20 if args.quick else args.rounds
    with tempfile.TemporaryDirectory(prefix="bench-rounds-") as data:
        ports = Ports(*range(args.port_base, args.port_base + len(fields(Ports))))
        stack = LocalStack(data_dir=Path(data), ports=ports, extra_env={"MB_LOG_FORMAT": "json"})
        stack.start(timeout=180)
        try:
            figures = asyncio.run(run(rounds, stack, args.timeout))
        finally:
            stack.stop()
    print(json.dumps(figures)) if args.json else _print(figures)


if __name__ == "__main__":
    main()
