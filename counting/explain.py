"""Why each project was or was not funded: a machine code and a sentence for residents.

The codes are stable (software and tests match on them); the Swedish text may be reworded.
A project left out by the Method of Equal Shares and then not reached by the greedy completion
keeps the completion's reason ("ryms inte i budgeten"): that is the last step that passed it by.
"""

from dataclasses import dataclass

from counting.profile import ProjectId

TEXTS = {
    "selected": "vald",
    "selected-mes": "vald: de som röstade på förslaget hade tillsammans råd att dela kostnaden",
    "selected-completion": "vald när budgeten fylldes på efter röster, eftersom pengar fanns kvar",
    "does-not-fit": "ryms inte i budgeten",
    "stopped": "räkningen stannade vid förslag {other}, det första som inte rymdes i budgeten",
    "below-threshold": "fick färre än {amount} röster, den lägsta gränsen för att kunna väljas",
    "excluded": "kan inte genomföras tillsammans med förslag {other}, som fick fler röster",
    "not-affordable": (
        "de som röstade på förslaget hade inte längre tillräckligt kvar av sina andelar av "
        "budgeten efter att {after} förslag valts"
    ),
    "not-affordable-at-start": (
        "de som röstade på förslaget hade inte tillräckligt tillsammans av sina andelar av budgeten"
    ),
    "no-votes": "fick inga röster",
}
SELECTED_CODES = frozenset({"selected", "selected-mes", "selected-completion"})


@dataclass(frozen=True)
class Reason:
    """``code`` from ``TEXTS``; ``other`` a project id; ``amount`` votes (threshold) or money
    left (does not fit, smallest unit); ``after`` how many projects MES had funded when this one
    became unaffordable."""

    code: str
    other: ProjectId | None = None
    amount: int | None = None
    after: int | None = None

    @property
    def selected(self) -> bool:
        return self.code in SELECTED_CODES

    def text(self) -> str:
        if self.code == "not-affordable" and not self.after:
            return TEXTS["not-affordable-at-start"]
        return TEXTS[self.code].format(other=self.other, amount=self.amount, after=self.after)
