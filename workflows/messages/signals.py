"""The round's signals: human approvals and the evaluation's conclusions.

Payloads carry the same field names as the JSON the decision service sends (plain dicts, see
docs/api.md). Fields stay plain where a person could get them wrong: the workflow checks them
itself and shows the problem, because a payload that fails to decode is dropped without a trace.
"""

from datetime import date

from pydantic import BaseModel


class BallotApproval(BaseModel):
    """Signal ``approve_ballot``: an official approves the feasible proposals for the vote."""

    approved_by: str
    comment: str = ""


class CouncilDecision(BaseModel):
    """Signal ``record_council_decision``, entered by the council's secretary. The meeting date
    is checked against the bounds of every date by the workflow (workflows/rules.py), so a far
    one is shown as refused instead of the signal being dropped undecoded."""

    approved_project_ids: list[int]
    diarienummer: str
    paragraph: str
    meeting_date: date
    justification: str = ""
    recorded_by: str


class EvaluationReport(BaseModel):
    """Signal ``submit_evaluation``."""

    summary: str
    submitted_by: str
