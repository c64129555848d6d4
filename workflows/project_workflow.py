"""ProjectWorkflow: one approved project from start until its owner reports it done.

A child of the round, so each project has its own page in the Temporal UI (id
``<round id>.project-<project id>``) and its own signal, ``report_done``, sent by the decision
service when an official reports completion.
"""

import asyncio
from collections.abc import Callable
from datetime import datetime

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities import ServiceActivities
    from workflows.display import format_sek, project_details
    from workflows.messages import ProjectDone, ProjectInput, ProjectOutcome, ProjectStatus
    from workflows.service_models import Notification, ProjectRecord

from workflows.timing import Reminder, call


@workflow.defn(name="ProjectWorkflow")
class ProjectWorkflow:
    @workflow.init
    def __init__(self, project: ProjectInput) -> None:
        self._project = project
        self._done: ProjectDone | None = None
        self._reminder = Reminder(project.due_at, self._remind)

    @workflow.run
    async def run(self, project: ProjectInput) -> ProjectOutcome:
        self._show()
        await call(ServiceActivities.decision_record_project, self._record())
        await self._reminder.wait(lambda: self._done is not None)
        assert self._done is not None
        done = self._done
        await call(ServiceActivities.decision_record_project, self._record(done))
        self._show()
        return ProjectOutcome(
            round_id=project.round_id,
            project_id=project.project_id,
            approved_cost=project.approved_cost,
            spent=done.spent,
            summary=done.summary,
            reported_by=done.reported_by,
            completed_at=workflow.now(),
        )

    def _record(self, done: ProjectDone | None = None) -> ProjectRecord:
        return ProjectRecord(
            round_id=self._project.round_id,
            project_id=self._project.project_id,
            approved_cost=self._project.approved_cost,
            status="in_progress" if done is None else "done",
            summary="" if done is None else done.summary,
            spent=0 if done is None else done.spent,
        )

    async def _remind(self) -> None:
        self._show()
        notification = Notification(
            round_id=self._project.round_id,
            recipients="projektägaren",
            subject=f"Projekt {self._project.project_id} är försenat",
            message="Rapportera projektet som klart när det är genomfört.",
        )
        await call(ServiceActivities.notify, notification)

    def _show(self) -> None:
        workflow.set_current_details(project_details(self.status()))

    @workflow.signal
    def report_done(self, done: ProjectDone) -> None:
        """Checked as the decision service checks it, since a signal may bypass the service."""
        if self._done is not None:
            workflow.logger.warning("Projekt %s är redan klart", self._project.project_id)
        elif done.spent < 0 or len(done.summary.strip()) < 3:
            workflow.logger.warning("Ogiltig slutrapport ignorerad: %s", done)
        else:
            self._done = done

    @workflow.query
    def status(self) -> ProjectStatus:
        return ProjectStatus(
            round_id=self._project.round_id,
            project_id=self._project.project_id,
            approved_cost=self._project.approved_cost,
            due_at=self._project.due_at,
            status="in_progress" if self._done is None else "done",
            overdue=self._reminder.sent and self._done is None,
        )


async def run_projects(
    round_id: str,
    approved: dict[int, int],
    due_at: datetime,
    on_done: Callable[[ProjectOutcome], None],
) -> None:
    """Start every approved project (``approved``: id to cost) at once, then follow them all
    until each is reported done."""
    handles = await asyncio.gather(
        *(
            workflow.start_child_workflow(
                ProjectWorkflow.run,
                ProjectInput(
                    round_id=round_id, project_id=project_id, approved_cost=cost, due_at=due_at
                ),
                id=f"{round_id}.project-{project_id}",
                static_summary=f"Projekt {project_id} i {round_id} ({format_sek(cost)})",
            )
            for project_id, cost in approved.items()
        )
    )

    async def follow(
        handle: workflow.ChildWorkflowHandle[ProjectWorkflow, ProjectOutcome],
    ) -> None:
        on_done(await handle)

    await asyncio.gather(*(follow(handle) for handle in handles))
