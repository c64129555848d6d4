"""Receipts: "did my vote count?" answered for anyone holding the code, never with the content.

A receipt is a random code handed out with each ballot; it says nothing about the voter or the
choices. Only the receipt of a voter's counting ballot verifies: casting again replaces the
ballot and its receipt, so an old receipt then answers no, which is what a voter who did not
cast the later ballot needs to learn.
"""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path
from sqlmodel import SQLModel, col, select

from services.common.deps import RoundIdPath, SessionDep
from services.voting.models import Ballot
from services.voting.pot_ballots import pot_keys
from services.voting.receipt_codes import normalised, stored_forms
from services.voting.routes import get_definition

router = APIRouter(prefix="/rounds/{round_id}", tags=["kvitton"])
# New codes (XXXX-XXXX-XXXX) in any case and with spaces; old base64url codes as they were.
ReceiptPath = Annotated[
    str,
    Path(pattern=r"^[A-Za-z0-9_ -]{10,64}$", description="Kvittokoden du fick när du röstade"),
]


class ReceiptCheck(SQLModel):
    round_id: str
    receipt: str
    counted: bool
    cast_at: datetime | None
    voting_closed: bool
    message: str


def _message(counted: bool, voting_closed: bool) -> str:
    if not counted:
        return (
            "Kvittot hör inte till någon röst som räknas: antingen har rösten ersatts av en "
            "senare röst, eller så är koden fel."
        )
    if voting_closed:
        return "Din röst räknas i omgången."
    return "Din röst är registrerad och räknas, om du inte ersätter den före stängningen."


@router.get("/receipts/{receipt}", response_model=ReceiptCheck, summary="Räknas min röst?")
def check_receipt(round_id: RoundIdPath, receipt: ReceiptPath, session: SessionDep) -> ReceiptCheck:
    definition = get_definition(session, round_id)
    voting_closed = definition.status == "closed"
    keys = [round_id, *pot_keys(definition)]  # a round with pots: a receipt of any pot
    cast_at = session.exec(
        select(Ballot.cast_at).where(
            col(Ballot.round_id).in_(keys), col(Ballot.receipt).in_(stored_forms(receipt))
        )
    ).first()
    counted = cast_at is not None
    return ReceiptCheck(
        round_id=round_id,
        receipt=normalised(receipt) or receipt,
        counted=counted,
        cast_at=cast_at,
        voting_closed=voting_closed,
        message=_message(counted, voting_closed),
    )
