"""What every phase of a round works with, built once by the round workflow."""

from dataclasses import dataclass, field
from datetime import datetime

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.config import RoundConfig
    from workflows.messages.mandate import MandateRecord
    from workflows.messages.services import RoundRef
    from workflows.messages.signals import BallotApproval, CouncilDecision, EvaluationReport

from workflows.kommun import Notifier
from workflows.round_progress import RoundProgress
from workflows.waiting.deadlines import Deadlines

TIMED = "ingen, omgången går vidare av sig själv vid tidpunkten"


@dataclass
class Inbox:
    """What people sent the round by signal, kept until the phase that waits for it takes it."""

    approvals: list[tuple[BallotApproval, datetime]] = field(default_factory=list)
    # Set once an approval is verified: later ones are shown as ignored.
    ballot_approved: bool = False
    decisions: list[CouncilDecision] = field(default_factory=list)
    evaluation: EvaluationReport | None = None
    # ``assessment_complete``: a hint to read the assessment's progress now.
    assessment_hint: bool = False
    # The mandate once recorded; ``mandate_awaited`` while PREPARING waits for it.
    mandate: MandateRecord | None = None
    mandate_awaited: bool = False


@dataclass
class RoundContext:
    id: str
    config: RoundConfig
    progress: RoundProgress
    notifier: Notifier
    deadlines: Deadlines
    inbox: Inbox = field(default_factory=Inbox)

    @classmethod
    def start(cls, round_id: str, config: RoundConfig) -> "RoundContext":
        deadlines = Deadlines(config.timeline, config.follow_up.evaluation_period)
        notifier = Notifier(round_id, config.kommun)
        return cls(round_id, config, RoundProgress(round_id, config), notifier, deadlines)

    @property
    def ref(self) -> RoundRef:
        return RoundRef(round_id=self.id)

    def current(self) -> RoundConfig:
        """The config with the timeline as it stands now (deadlines may have moved)."""
        return self.config.model_copy(update={"timeline": self.deadlines.timeline})
