"""What a resident needs from a round's phase: one sentence saying what happens now and by
when, the timeline as steps with the current one marked, and the one thing to do."""

from dataclasses import dataclass
from typing import Any

from services.web.formats import local_time
from services.web.i18n import N_, gettext

# The timeline's milestones in order, each with the phase that leads up to it.
MILESTONES = [
    ("intake_closes_at", N_("Sista dag för förslag"), ("INTAKE",)),
    ("assessment_due_at", N_("Bedömningen klar"), ("ASSESSMENT",)),
    ("voting_opens_at", N_("Röstningen öppnar"), ("BALLOT_APPROVAL",)),
    ("voting_closes_at", N_("Röstningen stänger"), ("VOTING",)),
    ("council_decision_due_at", N_("Beslut i fullmäktige"), ("TALLYING", "COUNCIL_DECISION")),
    ("implementation_due_at", N_("Projekten genomförda"), ("IMPLEMENTATION",)),
    ("evaluation_at", N_("Uppföljning"), ("EVALUATION",)),
]
# Per phase: the sentence with its milestone's time (%(when)s), which milestone, and the
# sentence for when the time is not known.
SENTENCES: dict[str, tuple[str, str | None, str]] = {
    "PREPARING": (
        N_("Omgången förbereds. Förslag tas emot från %(when)s."),
        "intake_opens_at",
        N_("Omgången förbereds."),
    ),
    "INTAKE": (
        N_("Lämna ditt förslag senast %(when)s."),
        "intake_closes_at",
        N_("Lämna ditt förslag."),
    ),
    "ASSESSMENT": (
        N_("Kommunen bedömer förslagen. Röstningen öppnar %(when)s."),
        "voting_opens_at",
        N_("Kommunen bedömer förslagen."),
    ),
    "BALLOT_APPROVAL": (
        N_("Kommunen gör i ordning röstsedeln. Röstningen öppnar %(when)s."),
        "voting_opens_at",
        N_("Kommunen gör i ordning röstsedeln."),
    ),
    "VOTING": (N_("Rösta senast %(when)s."), "voting_closes_at", N_("Röstningen är öppen.")),
    "TALLYING": ("", None, N_("Röstningen är stängd och rösterna räknas. Resultatet visas här.")),
    "COUNCIL_DECISION": (
        N_("Resultatet är klart. Fullmäktige beslutar senast %(when)s vilka projekt som blir av."),
        "council_decision_due_at",
        N_("Resultatet är klart. Kommunfullmäktige beslutar vilka projekt som genomförs."),
    ),
    "IMPLEMENTATION": (
        N_("Projekten genomförs och ska vara klara %(when)s."),
        "implementation_due_at",
        N_("Projekten genomförs."),
    ),
    "EVALUATION": ("", None, N_("Projekten är klara. Kommunen följer upp vad de gav.")),
    "COMPLETED": ("", None, N_("Omgången är avslutad. Läs resultatet och slutrapporten.")),
    "CANCELLED": ("", None, N_("Omgången är avbruten.")),
}
PHASE_ORDER = [
    "PREPARING",
    "INTAKE",
    "ASSESSMENT",
    "BALLOT_APPROVAL",
    "VOTING",
    "TALLYING",
    "COUNCIL_DECISION",
    "IMPLEMENTATION",
    "EVALUATION",
    "COMPLETED",
]
RESULTS_FROM = "COUNCIL_DECISION"
REPORT_FROM = "IMPLEMENTATION"


@dataclass(frozen=True)
class Step:
    label: str
    when: str
    state: str  # "done", "current" or "upcoming"
    key: str = ""  # the timeline's field


def sentence(status: dict[str, Any] | None) -> str:
    """The phase in one translated sentence for residents; empty when the phase is unknown."""
    when = next_deadline(status)
    text, _key, without_time = SENTENCES.get((status or {}).get("phase", ""), ("", None, ""))
    if text and when:
        return gettext(text, when=local_time(when))
    return gettext(without_time) if without_time else ""


def steps(status: dict[str, Any] | None) -> list[Step]:
    """The timeline's milestones, those passed marked done and the next one current."""
    timeline = (status or {}).get("timeline") or {}
    phase = (status or {}).get("phase", "")
    position = PHASE_ORDER.index(phase) if phase in PHASE_ORDER else -1
    found = []
    for key, label, phases in MILESTONES:
        if not timeline.get(key):
            continue
        leading = min(PHASE_ORDER.index(p) for p in phases)
        last = max(PHASE_ORDER.index(p) for p in phases)
        if phase == "CANCELLED" or position < leading:
            state = "upcoming"
        elif position <= last:
            state = "current"
        else:
            state = "done"
        found.append(Step(label, timeline[key], state, key))
    return found


def reached(status: dict[str, Any] | None, phase: str) -> bool:
    """Whether the round has come as far as ``phase`` (never, once cancelled)."""
    current = (status or {}).get("phase", "")
    return current in PHASE_ORDER and PHASE_ORDER.index(current) >= PHASE_ORDER.index(phase)


def next_deadline(status: dict[str, Any] | None) -> str | None:
    """The time the current phase works towards (its milestone, else the phase's deadline)."""
    if not status:
        return None
    _text, key, _without = SENTENCES.get(status.get("phase", ""), ("", None, ""))
    if key is None:
        return None
    return (status.get("timeline") or {}).get(key) or status.get("phase_deadline")
