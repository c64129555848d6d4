"""The round's signals: human approvals and the evaluation's conclusions.

Payloads carry the same field names as the JSON the decision service sends (plain dicts, see
docs/api.md). Fields stay plain where a person could get them wrong: the workflow checks them
itself and shows the problem, because a payload that fails to decode is dropped without a trace.

An approval or decision counts only with ``token``: the official's sign-in token from the
kommun's identity provider, verified by the decision service through an activity (signature,
role, kommun, expiry). A typed name proves nothing; the token's name is the one recorded. The
decision service's own endpoints pass on the bearer token the official signed in with; the web
pages show it ready to paste for the Temporal UI or CLI. Optional in the model so a payload
without one decodes and is shown as refused, not dropped.
"""

from datetime import date

from pydantic import BaseModel, Field


class BallotApproval(BaseModel):
    """Signal ``approve_ballot``: an official approves the feasible proposals for the vote."""

    approved_by: str
    comment: str = ""
    token: str = Field(default="", repr=False)


class CouncilDecision(BaseModel):
    """Signal ``record_council_decision``, entered by the council's secretary. The meeting date
    is checked against the bounds of every date by the workflow (workflows/rules.py), so a far
    one is shown as refused instead of the signal being dropped undecoded."""

    approved_project_ids: list[int]
    diarienummer: str
    paragraph: str
    meeting_date: date
    justification: str = ""
    # In a round with pots: the justification of each pot whose projects differ from its vote.
    justifications: dict[str, str] = {}
    recorded_by: str
    token: str = Field(default="", repr=False)


class EvaluationReport(BaseModel):
    """Signal ``submit_evaluation``."""

    summary: str
    submitted_by: str
