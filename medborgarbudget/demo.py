"""``medborgarbudget demo [FILE.pb]``: replay a real election through the running system.

The round is started as staff start one (the Temporal client, like ``round start``) with a
timeline compressed to minutes; everything else goes over HTTP to the services, as people would
send it: proposals, assessments, the ballot approval, every ballot with many concurrent
clients, the council decision and the projects' completion. The workflow does the rest (closes
intake and voting on its timers, tallies, starts one workflow per project), and the round stays
in Temporal with its whole history.

The timeline is fixed when the round starts, so it is planned from the file's size and an
assumed ballot rate (``--ballot-rate``); only the voting window is tight, and it is sized with a
margin: a ballot after it would be refused. When casting runs slower than planned, the end of
voting is moved later as staff would move it (``demo_window``).
"""

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from medborgarbudget import demo_steps
from medborgarbudget.demo_city import DemoCity
from medborgarbudget.demo_cli import DEFAULT_BALLOT_RATE, DEFAULT_CLIENTS
from medborgarbudget.demo_window import VotingWindow
from medborgarbudget.driver import Endpoints, RoundDriver, connect
from workflows.config import RoundConfig
from workflows.starter import start_round

ResultT = TypeVar("ResultT")
TASK_QUEUE = "medborgarbudget"
# The voting window is the planned casting time times this: a ballot after it is refused.
VOTING_MARGIN = 1.25
# The evaluation starts later by this share of the voting window: the end of voting can move
# that far when casting is slow; a fast machine waits it out.
EVALUATION_RESERVE = 0.5


@dataclass(frozen=True)
class DemoOptions:
    clients: int = DEFAULT_CLIENTS
    # Ballots per second the voting window is planned for (with a margin).
    ballot_rate: float = DEFAULT_BALLOT_RATE
    # Stretches every window: > 1 on a slow or busy machine.
    pace: float = 1.0
    round_id: str | None = None
    namespace: str = "default"
    task_queue: str = TASK_QUEUE


@dataclass
class DemoOutcome:
    round_id: str
    proposal_ids: dict[demo_steps.ProjectKey, int]
    results: dict[str, Any]
    approved: list[int]
    ballots_cast: int
    casting_seconds: float
    wall_seconds: float = 0.0
    final_phase: str = ""
    steps: dict[str, float] = field(default_factory=dict)
    # How often the end of voting was moved because casting ran slower than planned.
    voting_extensions: int = 0


def round_id_for(path: Path, now: datetime) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:40].strip("-")
    return f"demo-{slug or 'val'}-{now:%m%d-%H%M%S}"


def plan_timeline(
    now: datetime, proposals: int, voters: int, options: DemoOptions
) -> dict[str, str]:
    """Seconds from now for each milestone. Intake and voting are hard deadlines (a late
    proposal or ballot is refused); the others only delay the round if reached early."""
    pace = options.pace
    intake = pace * (3 + 0.03 * proposals)
    assessment = intake + pace * (1.5 + 0.02 * proposals)
    opens = assessment + 1
    window = VOTING_MARGIN * voters / options.ballot_rate
    closes = opens + pace * 4 + window
    decision_due = closes + pace * (2 + voters / 10_000)
    implementation_due = decision_due + pace * (3 + 0.03 * proposals)
    # Room to extend voting into when casting runs slower than planned (demo_window).
    evaluation = implementation_due + 1 + EVALUATION_RESERVE * window
    offsets = [
        ("intake_closes_at", intake),
        ("assessment_due_at", assessment),
        ("voting_opens_at", opens),
        ("voting_closes_at", closes),
        ("council_decision_due_at", decision_due),
        ("implementation_due_at", implementation_due),
        ("evaluation_at", evaluation),
    ]
    return {key: (now + timedelta(seconds=s)).isoformat() for key, s in offsets}


class Replay:
    """One replay: the steps in order, with progress bars and a note of each step's time."""

    def __init__(
        self, city: DemoCity, stack: Endpoints, options: DemoOptions, console: Console
    ) -> None:
        self.city = city
        self.stack = stack
        self.options = options
        self.console = console
        self.started = time.monotonic()
        self.steps: dict[str, float] = {}
        self.timeline: dict[str, datetime] = {}

    async def run(self) -> DemoOutcome:
        city, options = self.city, self.options
        now = datetime.now(UTC)
        round_id = options.round_id or round_id_for(city.path, now)
        timeline = plan_timeline(now, city.project_count, city.ballot_count, options)
        self.timeline = {k: datetime.fromisoformat(v) for k, v in timeline.items()}
        config = RoundConfig.model_validate(city.round_config(round_id, timeline))
        client = await connect(self.stack, options.namespace)
        handle = await start_round(client, config, options.task_queue)
        self.console.print(f"Omgången [bold]{round_id}[/] har startat ({config.counting_rule}).")
        driver = RoundDriver(self.stack, handle, kommun=config.kommun)
        try:
            outcome = await self._steps(driver)
        finally:
            await driver.close()
        outcome.wall_seconds = time.monotonic() - self.started
        outcome.steps = self.steps
        return outcome

    async def _steps(self, driver: RoundDriver) -> DemoOutcome:
        city, clients = self.city, self.options.clients
        await self._phase(driver, "INTAKE", "insamlingen öppnar", None)
        proposals = city.project_count
        ids = await self._bar(
            "Förslag",
            proposals,
            lambda advance: demo_steps.submit_proposals(driver, city, clients, advance),
        )
        await self._phase(driver, "ASSESSMENT", "insamlingen stänger", "intake_closes_at")
        await self._bar(
            "Bedömningar",
            proposals,
            lambda advance: demo_steps.assess_proposals(driver, city, ids, clients, advance),
        )
        await self._phase(driver, "BALLOT_APPROVAL", "bedömningen stängs", None)
        await demo_steps.approve_ballot(driver)
        self._mark("röstsedeln godkänd")
        await self._phase(driver, "VOTING", "röstningen öppnar", "voting_opens_at")
        casting = time.monotonic()
        window = VotingWindow(self.timeline, city.ballot_count)
        watcher = asyncio.create_task(window.watch(driver.handle, self.console.print))
        try:
            cast = await self._bar(
                "Röster",
                city.ballot_count,
                lambda advance: demo_steps.cast_ballots(
                    driver, city, ids, clients, window.counting(advance)
                ),
            )
        finally:
            watcher.cancel()
            with suppress(asyncio.CancelledError):
                await watcher
        casting_seconds = time.monotonic() - casting
        await self._phase(driver, "COUNCIL_DECISION", "röstningen stänger", "voting_closes_at")
        results = await driver.call("GET", "voting", "/results", {})
        approved = await demo_steps.record_council_decision(driver)
        self._mark("fullmäktiges beslut")
        await self._phase(driver, "IMPLEMENTATION", "beslutet registreras", None)
        costs = {p["project_id"]: p["cost"] for p in results["projects"] if p["selected"]}
        await self._bar(
            "Projekt klara",
            len(approved),
            lambda advance: demo_steps.complete_projects(driver, costs, clients, advance),
        )
        await self._phase(driver, "EVALUATION", "uppföljningen öppnar", "evaluation_at")
        summary = f"Återuppspelning av {city.path.name}: {cast} röster genom hela systemet."
        await demo_steps.submit_evaluation(driver, summary)
        final = await self._phase(driver, "COMPLETED", "omgången avslutas", None)
        return DemoOutcome(
            round_id=driver.round_id,
            proposal_ids=ids,
            results=results,
            approved=approved,
            ballots_cast=cast,
            casting_seconds=casting_seconds,
            final_phase=final,
            voting_extensions=len(window.extensions),
        )

    def _mark(self, step: str) -> None:
        self.steps[step] = time.monotonic() - self.started

    async def _phase(
        self, driver: RoundDriver, phase: str, waiting: str, milestone: str | None
    ) -> str:
        """Wait for the workflow to reach ``phase``: until its milestone plus a minute."""
        until = self.timeline.get(milestone) if milestone else None
        ahead = (until - datetime.now(UTC)).total_seconds() if until else 0.0
        at = f" (kl. {until.astimezone():%H:%M:%S})" if until else ""
        with self.console.status(f"Väntar på att {waiting}{at} ..."):
            timeout = max(0.0, ahead) + 60 * self.options.pace
            status = await driver.wait_for_phase(phase, timeout=timeout)
        self._mark(phase)
        phase_name: str = status["phase"]
        return phase_name

    async def _bar(
        self, what: str, total: int, step: Callable[[demo_steps.Advance], Awaitable[ResultT]]
    ) -> ResultT:
        columns = (
            TextColumn(f"{what:<14}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=self.console, transient=False) as progress:
            task = progress.add_task(what, total=total)
            result = await step(lambda: progress.advance(task))
        self._mark(what.lower())
        return result
