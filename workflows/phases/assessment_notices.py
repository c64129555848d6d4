"""When and what the round tells people while it waits for the assessment.

Three checkpoints: before the due date the assessors who still have proposals are reminded; at
the due date they are told it is overdue; a grace period later the round owner gets an
escalation. After the last one the round only rechecks the progress. The texts name who has how
many proposals left, from the assessment service's progress (names and counts, never proposal
lists), so the history stays small whatever the round's size. Pure functions, so the workflow
can call them deterministically.
"""

from datetime import datetime, timedelta

from workflows.config import ReminderSettings, RoundConfig
from workflows.display import stockholm_time
from workflows.messages.workload import AssessmentProgress
from workflows.waiting.reminders import OWNER, Checkpoint, CheckpointKind, Notice, plan

# Past the last checkpoint the recheck interval doubles after each recheck that finds work left,
# up to RECHECK_CAP, so a months-long overdue assessment adds one recheck a fortnight instead of
# one a day; the service's ``assessment_complete`` hint still moves the round on at once.
RECHECK_CAP = timedelta(days=14)
ASSESSORS = "tjänstepersoner som bedömer förslagen"
__all__ = ["OWNER", "Checkpoint", "CheckpointKind", "Notice"]


def checkpoints(config: RoundConfig, due_at: datetime, now: datetime) -> list[Checkpoint]:
    """The generic checkpoints (workflows/reminders.py) with the assessment's own settings."""
    settings = ReminderSettings(
        before=config.assessment_reminder_before,
        escalate_after=config.assessment_escalation_after,
    )
    return plan(due_at, settings, now)


def next_recheck(interval: timedelta, config: RoundConfig) -> timedelta:
    """The interval after a recheck that found proposals left: doubled, at most the cap (or
    the configured interval, if that is longer)."""
    return min(interval * 2, max(RECHECK_CAP, config.assessment_recheck))


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
