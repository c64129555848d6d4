"""ProjectWorkflow: one approved project from the council's decision until it is done or
formally cancelled.

A child of the round, so each project has its own page in the Temporal UI (id
``<round id>.project-<project id>``) and its own signals, sent by the decision service when an
official reports (or from the UI or CLI): ``set_milestones``, ``report_progress``,
``report_done`` and ``cancel_project``. It reminds the project owner when a milestone's date
comes and escalates when it is still not done after the round's grace period; every change is
recorded in the decision service, where the public sees status and progress.
"""

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.announcements import AnnouncementActivities
    from workflows.activities.services import ServiceActivities
    from workflows.display import format_sek
    from workflows.messages.announcements import Announcement
    from workflows.messages.projects import (
        ImplementationInput,
        MilestonePlan,
        ProgressReport,
        ProjectCancellation,
        ProjectDone,
        ProjectInput,
        ProjectOutcome,
        ProjectStatus,
    )
    from workflows.project_plan import ESCALATION_TO, OWNER, ProjectPlan, project_details

from workflows.kommun import Notifier
from workflows.phases.announcements import ANNOUNCEMENTS_PATCH
from workflows.waiting.timing import SERVICE_RETRY, call, wait_until


@workflow.defn(name="ProjectWorkflow")
class ProjectWorkflow:
    @workflow.init
    def __init__(self, project: ProjectInput) -> None:
        self._project = project
        self._plan = ProjectPlan(project, started_at=workflow.now())
        self._notifier = Notifier(project.round_id)
        self._changed = False
        self._records = 0
        self._recorded = self._plan.status

    @workflow.run
    async def run(self, project: ProjectInput) -> ProjectOutcome:
        """Records, then waits for a change or the next reminder, until the project ends."""
        await self._record()
        while self._plan.is_open:
            next_at = self._plan.next_alert_at()
            if next_at is None:
                await workflow.wait_condition(lambda: self._changed)
            else:
                await wait_until(lambda: self._changed, next_at, "nästa påminnelse")
            self._changed = False
            for alert in self._plan.take_due_alerts(workflow.now()):
                recipients = self._plan.owner or OWNER
                if alert.kind == "escalation":
                    to = self._project.escalate_to or ESCALATION_TO
                    recipients = f"{to} ({recipients})"
                await self._notifier.send(recipients, alert.subject, alert.message, alert.kind)
            await self._record()
        # A report that came while the last record was on its way is recorded too.
        if self._recorded != self._plan.status:
            await self._record()
        plan = self._plan
        if plan.status == "done" and workflow.patched(ANNOUNCEMENTS_PATCH):
            await self._announce_done()
        return ProjectOutcome(
            round_id=project.round_id,
            project_id=project.project_id,
            approved_cost=project.approved_cost,
            spent=plan.spent,
            summary=plan.summary if plan.status == "done" else plan.cancellation_reason,
            reported_by=plan.reported_by,
            completed_at=workflow.now(),
            status="done" if plan.status == "done" else "cancelled",
        )

    async def _announce_done(self) -> None:
        """Residents who asked hear that the project is done (the notify service)."""
        project = self._project
        announcement = Announcement(
            round_id=project.round_id,
            event="project_done",
            ref=str(project.project_id),
            # The kommun and the round's title: the notify service has them from earlier.
            params={"project_id": project.project_id},
        )
        await workflow.execute_activity_method(
            AnnouncementActivities.announce,
            announcement,
            start_to_close_timeout=timedelta(minutes=10),
            retry_policy=SERVICE_RETRY,
        )

    async def _record(self) -> None:
        self._records += 1
        self._recorded = self._plan.status
        self._show()
        await call(ServiceActivities.decision_record_project, self._plan.record(self._records))

    def _show(self) -> None:
        workflow.set_current_details(project_details(self.status()))

    def _apply(self, signal: str, problem: str | None) -> None:
        """A change wakes the loop; a refusal is shown, since the sender may not see logs."""
        if problem is None:
            self._changed = True
            self._plan.learn_dates(workflow.now())
            return
        workflow.logger.warning("Signalen %s ignorerades: %s", signal, problem)
        self._plan.last_rejection = problem
        self._show()

    @workflow.signal
    def set_milestones(self, plan: MilestonePlan) -> None:
        self._apply("set_milestones", self._plan.set_plan(plan))

    @workflow.signal
    def report_progress(self, report: ProgressReport) -> None:
        self._apply("report_progress", self._plan.report_progress(report, workflow.now()))

    @workflow.signal
    def report_done(self, done: ProjectDone) -> None:
        self._apply("report_done", self._plan.finish(done, workflow.now()))

    @workflow.signal
    def cancel_project(self, cancellation: ProjectCancellation) -> None:
        self._apply("cancel_project", self._plan.cancel(cancellation))

    @workflow.signal
    def move_due_date(self, due_at: datetime) -> None:
        """The round's implementation deadline moved (``extend_deadline``)."""
        self._project = self._project.model_copy(update={"due_at": due_at})
        self._plan.project = self._project
        self._changed = True
        self._plan.learn_dates(workflow.now())

    @workflow.query
    def status(self) -> ProjectStatus:
        return self._plan.status_now()


# What each project takes over from the implementation's input.
PROJECT_FIELDS = {"due_at", "escalate_after", "remind_before", "escalate_to"}
ProjectHandle = workflow.ChildWorkflowHandle["ProjectWorkflow", ProjectOutcome]


async def start_projects(plan: ImplementationInput) -> list[ProjectHandle]:
    """Start every approved project (``plan.approved``: id to cost) at once."""
    return await asyncio.gather(
        *(
            workflow.start_child_workflow(
                ProjectWorkflow.run,
                ProjectInput(
                    round_id=plan.round_id,
                    project_id=project_id,
                    approved_cost=cost,
                    **plan.model_dump(include=PROJECT_FIELDS),
                ),
                id=f"{plan.round_id}.project-{project_id}",
                static_summary=f"Projekt {project_id} i {plan.round_id} ({format_sek(cost)})",
            )
            for project_id, cost in plan.approved.items()
        )
    )


async def follow_projects(
    handles: list[ProjectHandle], on_done: Callable[[ProjectOutcome], None]
) -> None:
    """Until each project is done or cancelled, telling ``on_done`` as each ends."""

    async def follow(handle: ProjectHandle) -> None:
        on_done(await handle)

    await asyncio.gather(*(follow(handle) for handle in handles))
