"""A project's plan and state inside its workflow: milestones, money spent, status, and which
reminders and escalations are due.

Pure and deterministic (the workflow passes the time in), so it runs the same on replay.
Signals go through the ``set_plan``/``report_progress``/``finish``/``cancel`` methods, which
check them as the decision service does (a signal from the Temporal UI skips the service) and
answer with a problem in Swedish, or ``None`` when the change was made.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from services.common.dates import check_moment
from workflows.display import format_sek, stockholm_time
from workflows.messages.projects import (
    Milestone,
    MilestonePlan,
    ProgressReport,
    ProjectCancellation,
    ProjectDone,
    ProjectInput,
    ProjectStatus,
)
from workflows.messages.services import ProjectRecord

MAX_MILESTONES = 30
OWNER = "projektägaren"
ESCALATION_TO = "ansvarig tjänsteperson för omgången och projektägaren"


@dataclass(frozen=True)
class Alert:
    key: str
    kind: Literal["reminder", "escalation"]
    at: datetime
    subject: str
    message: str


class ProjectPlan:
    def __init__(self, project: ProjectInput, started_at: datetime | None = None) -> None:
        self.project = project
        # When each deadline became known: a reminder "before" it that would have come
        # earlier is left out (a date set four days ahead gets no seven-day reminder).
        self._known_since: dict[str, datetime] = {}
        self._started_at = started_at
        self.status: Literal["in_progress", "done", "cancelled"] = "in_progress"
        self.done_at: datetime | None = None
        self.owner = ""
        self.milestones: list[Milestone] = []
        self.spent = 0
        self.summary = ""
        self.reported_by = ""
        self.cancellation_reason = ""
        self.last_rejection: str | None = None
        self._alerted: set[str] = set()

    @property
    def is_open(self) -> bool:
        return self.status == "in_progress"

    def _closed(self) -> str | None:
        if self.is_open:
            return None
        state = "rapporterats som klart" if self.status == "done" else "avbrutits"
        return f"Projekt {self.project.project_id} har redan {state}."

    def learn_dates(self, now: datetime) -> None:
        """Notes when the open deadlines became known (called after every change)."""
        for what, at in self._deadlines():
            self._known_since.setdefault(f"{what}@{at.isoformat()}", now)

    def set_plan(self, plan: MilestonePlan) -> str | None:
        """Replaces the milestones; one already done keeps its done date if its title stays."""
        if problem := self._closed():
            return problem
        if not plan.owner.strip():
            return "Planen behöver en projektägare som får påminnelserna."
        if not 1 <= len(plan.milestones) <= MAX_MILESTONES:
            return f"Planen ska ha 1-{MAX_MILESTONES} delmål."
        done = {m.title.lower(): m.done_at for m in self.milestones}
        milestones = []
        for entry in plan.milestones:
            title = entry.title.strip()
            try:
                planned_at = datetime.fromisoformat(entry.planned_at)
            except ValueError:
                planned_at = None
            if len(title) < 3 or planned_at is None or planned_at.tzinfo is None:
                return (
                    f"Delmålet '{title}' behöver ett namn (minst tre tecken) och ett datum med "
                    f"tid och tidszon, t.ex. 2027-10-01T12:00:00+02:00 (fick '{entry.planned_at}')."
                )
            try:  # a far date would overflow the reminders counted from it
                check_moment(planned_at)
            except ValueError as err:
                return f"Delmålet '{title}': {err}"
            milestones.append(
                Milestone(title=title, planned_at=planned_at, done_at=done.get(title.lower()))
            )
        if len({m.title.lower() for m in milestones}) != len(milestones):
            return "Två delmål har samma namn."
        self.owner, self.milestones = plan.owner.strip(), milestones
        return None

    def report_progress(self, report: ProgressReport, now: datetime) -> str | None:
        if problem := self._closed():
            return problem
        count = len(self.milestones)
        unknown = [n for n in report.completed_milestones if not 1 <= n <= count]
        if unknown:
            listed = ", ".join(map(str, unknown))
            return f"Projektet har {count} delmål; delmål {listed} finns inte."
        if report.spent is not None and report.spent < 0:
            return "Använt belopp kan inte vara negativt."
        if not report.completed_milestones and report.spent is None:
            return "Rapporten innehåller varken klara delmål eller använt belopp."
        for number in report.completed_milestones:
            milestone = self.milestones[number - 1]
            milestone.done_at = milestone.done_at or now
        if report.spent is not None:
            self.spent = report.spent
        return None

    def finish(self, done: ProjectDone, now: datetime) -> str | None:
        """``now`` (the workflow's time) is when it was done, measured against ``due_at``."""
        if problem := self._closed():
            return problem
        if done.spent < 0 or len(done.summary.strip()) < 3:
            return "Slutrapporten behöver en sammanfattning och ett belopp som inte är negativt."
        self.status, self.summary, self.done_at = "done", done.summary.strip(), now
        self.spent, self.reported_by = done.spent, done.reported_by
        return None

    def cancel(self, cancellation: ProjectCancellation) -> str | None:
        if problem := self._closed():
            return problem
        if len(cancellation.reason.strip()) < 10:
            return "Ett avbrott måste motiveras (minst tio tecken)."
        self.status, self.cancellation_reason = "cancelled", cancellation.reason.strip()
        self.reported_by = cancellation.cancelled_by
        return None

    def _deadlines(self) -> list[tuple[str, datetime]]:
        """What is still to be done and when: open milestones, then the project itself."""
        open_milestones = [
            (f"delmål {number} ({m.title})", m.planned_at)
            for number, m in enumerate(self.milestones, start=1)
            if m.done_at is None
        ]
        return [*open_milestones, ("hela projektet", self.project.due_at)]

    def _alerts(self) -> list[Alert]:
        """The reminders and escalations the open deadlines call for and that are not sent.
        A key holds the deadline's date, so a milestone moved to a later date is reminded
        again, and one left unchanged never twice."""
        alerts = []
        pid = self.project.project_id
        for what, at in self._deadlines() if self.is_open else []:
            key = f"{what}@{at.isoformat()}"
            late_at = at + self.project.escalate_after
            before = self.project.remind_before
            since = self._known_since.get(key, self._started_at)
            if before and (since is None or at - before > since):
                alerts.append(
                    Alert(
                        f"{key}:before",
                        "reminder",
                        at - before,
                        f"Projekt {pid}: {what} ska vara klart {stockholm_time(at)}",
                        "En påminnelse i god tid. Rapportera det som klart när det är genomfört, "
                        "eller flytta datumet i planen.",
                    )
                )
            alerts.append(
                Alert(
                    f"{key}:reminder",
                    "reminder",
                    at,
                    f"Projekt {pid}: {what} ska vara klart nu",
                    f"Planerat till {stockholm_time(at)}. Rapportera det som klart när det är "
                    "genomfört, eller flytta datumet i planen.",
                )
            )
            alerts.append(
                Alert(
                    f"{key}:escalation",
                    "escalation",
                    late_at,
                    f"Projekt {pid} är försenat: {what}",
                    f"Skulle ha varit klart {stockholm_time(at)} och är fortfarande inte "
                    "rapporterat som klart.",
                )
            )
        return [alert for alert in alerts if alert.key not in self._alerted]

    def next_alert_at(self) -> datetime | None:
        return min((alert.at for alert in self._alerts()), default=None)

    def take_due_alerts(self, now: datetime) -> list[Alert]:
        """The alerts whose time has come, in time order; each is handed out only once."""
        due = sorted((a for a in self._alerts() if a.at <= now), key=lambda a: a.at)
        self._alerted.update(alert.key for alert in due)
        return due

    @property
    def overdue(self) -> bool:
        """An open deadline has passed: its reminder has gone out and it is still not done."""
        return self.is_open and any(
            f"{what}@{at.isoformat()}:reminder" in self._alerted for what, at in self._deadlines()
        )

    @property
    def progress(self) -> int:
        if self.status == "done":
            return 100
        if not self.milestones:
            return 0
        done = sum(1 for m in self.milestones if m.done_at is not None)
        return 100 * done // len(self.milestones)

    def status_now(self) -> ProjectStatus:
        return ProjectStatus(
            **self.project.model_dump(exclude={"escalate_after", "remind_before", "escalate_to"}),
            status=self.status,
            overdue=self.overdue,
            owner=self.owner,
            milestones=self.milestones,
            spent=self.spent,
            progress=self.progress,
            summary=self.summary,
            cancellation_reason=self.cancellation_reason,
            done_at=self.done_at,
            last_rejection=self.last_rejection,
        )

    def record(self, revision: int) -> ProjectRecord:
        status = self.status_now()
        return ProjectRecord(**status.model_dump(exclude={"last_rejection"}), revision=revision)


STATE_NAMES = {"in_progress": "pågår", "done": "klart", "cancelled": "avbrutet"}


def project_details(status: ProjectStatus) -> str:
    """The project's page in the Temporal UI, in Swedish."""
    lines = [
        f"**Projekt {status.project_id}** i omgång `{status.round_id}`: "
        f"{STATE_NAMES[status.status]} ({status.progress} %)",
        "",
        f"- Beviljat: {format_sek(status.approved_cost)}, använt: {format_sek(status.spent)}",
        f"- Klart senast: {stockholm_time(status.due_at)}",
        f"- Projektägare: {status.owner or 'inte angiven (signal `set_milestones`)'}",
    ]
    lines += [
        f"- Delmål {n}: {m.title}, {stockholm_time(m.planned_at)}"
        + (f", klart {stockholm_time(m.done_at)}" if m.done_at else "")
        for n, m in enumerate(status.milestones, start=1)
    ]
    if status.status == "in_progress":
        lines.append(
            "- Väntar på: framsteg (`report_progress`), slutrapport (`report_done`) "
            "eller avbrott (`cancel_project`)"
        )
    if status.cancellation_reason:
        lines.append(f"- Avbrutet: {status.cancellation_reason}")
    if status.overdue:
        lines.append("- **Försenat:** ett delmål eller slutdatumet har passerats")
    if status.done_at is not None:
        late = status.due_at is not None and status.done_at > status.due_at
        lines.append(
            f"- Klart: {stockholm_time(status.done_at)}" + (", efter slutdatumet" if late else "")
        )
    if status.last_rejection:
        lines.append(f"- Avvisat: {status.last_rejection}")
    return "\n".join(lines)
