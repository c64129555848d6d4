"""Bodies for staffing a round's assessment: assignments by officials, jäv declarations by
assessors."""

from datetime import datetime

from pydantic import field_validator
from sqlmodel import Field

from services.assessment.models import AssessmentModel
from services.assessment.schemas import MAX_PROPOSALS, ProposalId, unique_proposals
from services.common.strict import StrictRequest
from services.common.validation import strip_blanks


class AssignmentRequest(AssessmentModel, StrictRequest):
    """Which proposals to give to (or take from) one assessor."""

    assessor_subject: str = Field(
        min_length=1,
        max_length=200,
        description="Bedömarens inloggnings-id (sparas bara pseudonymiserat)",
    )
    assessor_name: str = Field(
        min_length=1, max_length=200, description="Bedömarens namn, som visas"
    )
    proposal_ids: list[ProposalId] = Field(min_length=1, max_length=MAX_PROPOSALS)

    strip_text = field_validator("assessor_subject", "assessor_name", mode="before")(strip_blanks)
    check_proposals = field_validator("proposal_ids")(unique_proposals)


class AssessorAssignments(AssessmentModel):
    """Every proposal one assessor now has in the round."""

    assessor_name: str
    proposal_ids: list[int]


class AssignmentPublic(AssessmentModel):
    proposal_id: int
    assessor_name: str
    assigned_at: datetime
    assessed: bool = Field(description="Har förslaget en bedömning?")


class ConflictDeclaration(AssessmentModel, StrictRequest):
    reason: str = Field(
        min_length=3,
        max_length=1000,
        description="Varför du är jävig, t.ex. 'Min bror har lämnat förslaget'",
    )

    strip_text = field_validator("reason", mode="before")(strip_blanks)


class ConflictPublic(AssessmentModel):
    proposal_id: int
    assessor_name: str
    reason: str
    declared_at: datetime
