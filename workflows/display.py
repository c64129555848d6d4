"""Swedish text for the Temporal UI, which is the operations console.

Staff read the round's summary, details and current details there: what phase it is in, what
it waits for, from whom and until when. Times are stored in UTC and shown in Swedish time.
Pure functions, so the workflow can call them deterministically.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from workflows.config import MILESTONE_LABELS, RoundConfig, Timeline
from workflows.messages.announcements import AnnouncementSummary
from workflows.messages.round import RoundPhase
from workflows.messages.status import RoundStatus
from workflows.pots import Pot

STOCKHOLM = ZoneInfo("Europe/Stockholm")

PHASE_NAMES = {
    RoundPhase.PREPARING: "Förberedelse",
    RoundPhase.INTAKE: "Förslagsinsamling",
    RoundPhase.ASSESSMENT: "Bedömning",
    RoundPhase.BALLOT_APPROVAL: "Beslut om röstsedel",
    RoundPhase.VOTING: "Röstning",
    RoundPhase.TALLYING: "Rösträkning",
    RoundPhase.COUNCIL_DECISION: "Beslut i fullmäktige",
    RoundPhase.IMPLEMENTATION: "Genomförande",
    RoundPhase.EVALUATION: "Uppföljning",
    RoundPhase.COMPLETED: "Avslutad",
    RoundPhase.CANCELLED: "Avbruten",
}


def stockholm_time(when: datetime) -> str:
    return when.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M") + " (svensk tid)"


def format_sek(amount: int) -> str:
    return f"{amount:,}".replace(",", " ") + " kr"


BALLOT_NAMES = {
    "approval": "godkännanderöstning",
    "knapsack": "budgetröstning (knapsack)",
    "cumulative": "poängröstning",
    "ranked": "rangordning",
}
RULE_NAMES = {
    "greedy": "flest röster (greedy)",
    "greedy-no-skip": "flest röster utan överhopp (greedy-no-skip)",
    "greedy-threshold": "flest röster över en lägsta nivå (greedy-threshold)",
    "greedy-exclusive": "flest röster, vissa förslag utesluter varandra (greedy-exclusive)",
    "mes": "lika andelar (Method of Equal Shares)",
    "equalshares/add1": "lika andelar med add1 (equalshares/add1)",
}


def _ballot_line(config: RoundConfig | Pot) -> str:
    ballot = config.ballot
    limit = f", högst {ballot.max_choices} val" if ballot.max_choices else ""
    if ballot.total_points:
        limit = f", {ballot.total_points} poäng att fördela"
    return f"{BALLOT_NAMES[ballot.type]}{limit}"


def round_summary(config: RoundConfig) -> str:
    """One line for the workflow list."""
    return f"{config.kommun}: {config.title} ({format_sek(config.budget)})"


def _timeline_lines(timeline: Timeline) -> list[str]:
    return [
        f"| {MILESTONE_LABELS[name]} | {stockholm_time(when)} |"
        for name, when in timeline
        if when is not None
    ]


def round_details(config: RoundConfig) -> str:
    """The round's fixed facts, shown on the workflow page."""
    return "\n".join(
        [
            f"## {config.title}",
            "",
            f"- Kommun: {config.kommun} ({config.round_year})",
            f"- Budget: {format_sek(config.budget)}",
            f"- Högsta kostnad per förslag: {format_sek(config.proposal_cost_limit)}",
            f"- Röstsedel: {_ballot_line(config)}",
            f"- Räkneregel: {RULE_NAMES[config.counting_rule]}",
            f"- Godkänner röstsedeln: {', '.join(config.approvers) or 'ansvarig tjänsteperson'}",
            f"- Ägare (får eskaleringar): {config.owner or 'inte angiven'}",
            "",
            "| Tidslinje | När |",
            "|---|---|",
            *_timeline_lines(config.timeline),
            *_pot_lines(config),
        ]
    )


EVENT_NAMES = {
    "voting_opened": "röstningen öppnar",
    "voting_reminder": "påminnelse före röstningen stänger",
    "results_published": "resultatet",
    "council_decided": "fullmäktiges beslut",
}


def messages_line(summary: AnnouncementSummary) -> str:
    event = EVENT_NAMES.get(summary.event, summary.event)
    line = (
        f"- Utskick: senast {event} till {summary.recipients} mottagare; hela omgången "
        f"{summary.sent} skickade, {summary.waiting} i kö, {summary.skipped} hoppade över, "
        f"{summary.failed} misslyckade"
    )
    if summary.uncertain:  # operations settle them (docs/api.md, notify)
        line += f"; {summary.uncertain} osäkra, utan svar från e-postservern"
    return line


def _pot_lines(config: RoundConfig) -> list[str]:
    """A round with pots: each with its budget, area, ballot and rule."""
    if not config.pots:
        return []
    rows = [
        f"| {pot.name} (`{pot.id}`) | {format_sek(pot.budget)} | {pot.area or 'hela kommunen'} "
        f"| {_ballot_line(pot)} | {RULE_NAMES[pot.counting_rule]} |"
        for pot in config.all_pots
    ]
    return [
        "",
        "| Pott | Budget | Kommundel | Röstsedel | Räkneregel |",
        "|---|---|---|---|---|",
        *rows,
    ]


# The workflow learns the number of ballots when voting closes (ballots never pass through it);
# before that the console says so instead of showing 0 while people vote.
BEFORE_COUNT = (
    RoundPhase.PREPARING,
    RoundPhase.INTAKE,
    RoundPhase.ASSESSMENT,
    RoundPhase.BALLOT_APPROVAL,
    RoundPhase.VOTING,
)


def _ballots(status: RoundStatus) -> str:
    if status.phase in BEFORE_COUNT:
        return "röstsedlar räknas när röstningen stänger"
    return f"{status.counts.ballots} röstsedlar"


def current_details(status: RoundStatus) -> str:
    """What the round is doing now; refreshed at every change."""
    counts = status.counts
    deadline = stockholm_time(status.phase_deadline) if status.phase_deadline else "ingen tidsgräns"
    lines = [
        f"**Fas:** {PHASE_NAMES[status.phase]} (`{status.phase}`)",
        "",
        f"- Väntar på: {status.waiting_for}",
        f"- Från: {status.responsible}",
        f"- Till: {deadline}",
        f"- Läget: {counts.proposals} förslag, {counts.feasible} genomförbara, "
        f"{_ballots(status)}, {counts.selected} valda, "
        f"{counts.projects_done} genomförda och {counts.projects_cancelled} avbrutna projekt",
    ]
    if status.pots:
        lines.append(
            "- Potter: "
            + "; ".join(
                f"{pot.pot} {format_sek(pot.budget)}: {pot.ballots} röstsedlar, "
                f"{pot.selected} valda"
                for pot in status.pots
            )
        )
    if status.deadline_changes:
        change = status.deadline_changes[-1]
        lines.append(
            f"- Ändrad tidsgräns: {PHASE_NAMES[change.phase]} till "
            f"{stockholm_time(change.deadline)}, begärt av {change.requested_by}: {change.reason}"
        )
    if status.cancellation:
        cancelled = status.cancellation
        lines.append(f"- Avbruten av {cancelled.cancelled_by}: {cancelled.reason}")
    if status.messages:
        lines.append(messages_line(status.messages))
    if status.last_rejection:
        lines.append(f"- Avvisat: {status.last_rejection}")
    return "\n".join(lines)
