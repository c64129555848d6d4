"""When and what the round tells people while it waits for the assessment.

Three checkpoints: before the due date the assessors who still have proposals are reminded; at
the due date they are told it is overdue; a grace period later the round owner gets an
escalation. After the last one the round only rechecks the progress. The texts name who has how
many proposals left, from the assessment service's progress (names and counts, never proposal
lists), so the history stays small whatever the round's size. Pure functions, so the workflow
can call them deterministically.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from workflows.config import RoundConfig
from workflows.display import stockholm_time
from workflows.service_models import AssessmentProgress

# Workflows started before the reminders came only had the overdue reminder: replaying them
# must schedule the same timers.
ASSESSMENT_REMINDERS_PATCH = "assessment-reminders"
ASSESSORS = "tjänstepersoner som bedömer förslagen"
OWNER = "omgångens ägare"
CheckpointKind = Literal["reminder", "overdue", "escalation"]


@dataclass(frozen=True)
class Checkpoint:
    at: datetime
    kind: CheckpointKind


@dataclass(frozen=True)
class Notice:
    recipients: str
    subject: str
    message: str
    kind: Literal["reminder", "escalation"]


def checkpoints(config: RoundConfig, due_at: datetime, now: datetime) -> list[Checkpoint]:
    """The checkpoints in time order. A reminder that would come before the assessment has
    even started is left out; overdue and escalation always come, however late."""
    planned = [
        Checkpoint(due_at, "overdue"),
        Checkpoint(due_at + config.assessment_escalation_after, "escalation"),
    ]
    remind_at = due_at - config.assessment_reminder_before
    if config.assessment_reminder_before > timedelta(0) and remind_at > now:
        planned.insert(0, Checkpoint(remind_at, "reminder"))
    return planned


def legacy_checkpoints(due_at: datetime) -> list[Checkpoint]:
    return [Checkpoint(due_at, "overdue")]


def assessed_summary(progress: AssessmentProgress) -> str:
    return f"{progress.assessed} av {progress.total} förslag är bedömda"


def notice(
    kind: CheckpointKind, progress: AssessmentProgress, config: RoundConfig, due_at: datetime
) -> Notice:
    due = stockholm_time(due_at)
    names = ", ".join(load.name for load in progress.pending_assessors) or ASSESSORS
    lines = [assessed_summary(progress) + "."]
    if progress.pending_assessors:
        left = ", ".join(f"{load.name} {load.pending}" for load in progress.pending_assessors)
        lines.append(f"Kvar att bedöma: {left}.")
    if progress.unassigned:
        lines.append(f"{progress.unassigned} förslag har ingen bedömare.")
    message = " ".join(lines)
    if kind == "reminder":
        subject = f"Påminnelse: bedömningen ska vara klar {due}"
        return Notice(names, subject, message, "reminder")
    if kind == "overdue":
        return Notice(names, "Bedömningen är försenad", message, "reminder")
    owner = config.owner or ", ".join(config.approvers) or OWNER
    return Notice(owner, f"Bedömningen är försenad sedan {due}", message, "escalation")
