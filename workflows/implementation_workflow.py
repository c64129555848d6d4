"""ImplementationWorkflow: the implementation phase of a round, between the round and its
projects (id ``<round id>.implementation``).

A round with a hundred approved projects would gain five history events per project if it
started and followed them itself. This child does that instead, so the round's history gains
a constant number of events however many projects there are: one child start and result, a
forwarded ``move_due_date`` per deadline change, and at most ``MAX_PROGRESS_REPORTS`` progress
signals (``implementation_progress``, the counts so far; every project end when there are at
most that many projects, else every k-th). Its own history grows by about six events per
project (start, started, result, the workflow task of each end) plus two per running project
and deadline change (tests/workflows/test_history_growth.py: 1,029 events for 120 projects and
one change). Several hundred projects stay far below Temporal's 10,240-event warning (about
1,200 projects with two changes would reach it), so it does not continue as new: its project
children would not survive that.
"""

import asyncio
import math
from datetime import datetime

from temporalio import workflow
from temporalio.exceptions import FailureError

with workflow.unsafe.imports_passed_through():
    from workflows.display import PHASE_NAMES
    from workflows.messages.projects import (
        ImplementationCounts,
        ImplementationInput,
        ProjectOutcome,
    )
    from workflows.messages.round import RoundPhase

from workflows.project_workflow import ProjectHandle, follow_projects, start_projects
from workflows.waiting.timing import stop

MAX_PROGRESS_REPORTS = 10


def implementation_id(round_id: str) -> str:
    return f"{round_id}.implementation"


async def _tell(project: ProjectHandle, due_at: datetime) -> None:
    """A project that ended meanwhile needs no new date."""
    try:
        await project.signal("move_due_date", due_at)
    except FailureError as err:
        workflow.logger.info("%s tog inte emot det nya datumet: %s", project.id, err)


@workflow.defn(name="ImplementationWorkflow")
class ImplementationWorkflow:
    @workflow.init
    def __init__(self, plan: ImplementationInput) -> None:
        self._plan = plan
        self._counts = ImplementationCounts()
        self._running = {f"{plan.round_id}.project-{pid}" for pid in plan.approved}
        self._step = max(1, math.ceil(len(plan.approved) / MAX_PROGRESS_REPORTS))
        self._reported = 0
        self._moves: list[datetime] = []

    @workflow.run
    async def run(self, plan: ImplementationInput) -> ImplementationCounts:
        """Starts the projects, then forwards deadline changes and reports progress to the
        round until every project is done or cancelled. Cancelled (the round is cancelled),
        it cancels its projects and waits until they have ended."""
        self._show()
        handles = await start_projects(plan)
        following = asyncio.ensure_future(follow_projects(handles, self._project_done))
        try:
            while not following.done():
                await workflow.wait_condition(
                    lambda: following.done() or bool(self._moves) or self._report_due()
                )
                await self._forward_moves(handles)
                if self._report_due() and not following.done():
                    await self._report()
        except asyncio.CancelledError:
            await stop(following)
            raise
        following.result()
        return self._counts

    def _ended(self) -> int:
        return self._counts.projects_done + self._counts.projects_cancelled

    def _report_due(self) -> bool:
        return self._ended() - self._reported >= self._step

    async def _report(self) -> None:
        parent = workflow.info().parent
        self._reported = self._ended()
        if parent is not None:
            round_handle = workflow.get_external_workflow_handle(parent.workflow_id)
            await round_handle.signal("implementation_progress", self._counts)

    async def _forward_moves(self, handles: list[ProjectHandle]) -> None:
        while self._moves:
            due_at = self._moves.pop(0)
            running = [handle for handle in handles if handle.id in self._running]
            await asyncio.gather(*(_tell(handle, due_at) for handle in running))

    def _project_done(self, outcome: ProjectOutcome) -> None:
        self._running.discard(f"{self._plan.round_id}.project-{outcome.project_id}")
        if outcome.status == "cancelled":
            self._counts.projects_cancelled += 1
        else:
            self._counts.projects_done += 1
        self._show()

    def _show(self) -> None:
        counts, total = self._counts, len(self._plan.approved)
        workflow.set_current_details(
            f"## {PHASE_NAMES[RoundPhase.IMPLEMENTATION]} i {self._plan.round_id}\n\n"
            f"- Projekt: {total}, klara {counts.projects_done}, "
            f"avbrutna {counts.projects_cancelled}, pågår {len(self._running)}\n"
            f"- Arbetsflödena heter `{self._plan.round_id}.project-<id>`."
        )

    @workflow.signal
    def move_due_date(self, due_at: datetime) -> None:
        """The round's implementation deadline moved; passed on to the running projects."""
        self._moves.append(due_at)

    @workflow.query
    def counts(self) -> ImplementationCounts:
        return self._counts
