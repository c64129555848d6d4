"""Voting's part of erasing a round's personal data: the voter keys and receipts, and the
area and age band each ballot counted in (published only as suppressed totals, which the
evaluation report has kept).

Voting's part of the round ends when voting closes. The ballots stay (the result and its
certificate must stay verifiable: the ballots' hash covers choices, not voters); the
pseudonymous voter key and the receipt that tie a ballot to a person are replaced.
"""

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from services.common.personal_data import erased_value, personal_data_router
from services.voting.models import Ballot, ParticipationMarker
from services.voting.pot_ballots import pot_keys
from services.voting.routes import ROUND_KOMMUN, get_definition


def voting_ended_at(session: Session, round_id: str) -> datetime | None:
    definition = get_definition(session, round_id)
    return definition.updated_at if definition.status == "closed" else None


def erase_voters(session: Session, round_id: str) -> dict[str, int]:
    changed = 0
    keys = [round_id, *pot_keys(get_definition(session, round_id))]
    for ballot in session.exec(select(Ballot).where(col(Ballot.round_id).in_(keys))):
        erased = erased_value(ballot.id)
        if ballot.voter_key == erased:
            continue
        ballot.voter_key = erased
        ballot.receipt = erased
        ballot.area = None
        ballot.age_band = None
        ballot.voter_kind = None
        session.add(ballot)
        changed += 1
    markers = session.execute(
        delete(ParticipationMarker).where(col(ParticipationMarker.round_id).in_(keys))
    )
    return {"ballot": changed, "participation_marker": markers.rowcount}  # type: ignore[attr-defined]


router = personal_data_router(voting_ended_at, erase_voters, ROUND_KOMMUN)
