"""Intake's part of erasing a round's personal data: the proposers' and the writers' names
and pseudonyms.

Intake's part of the round ends when intake has closed and the threads on the proposals have
closed too (when voting closes, or when the round ends before that), or when the round was
cancelled and archived. Until then the pseudonyms are in use: they tell who is the proposer and
may answer as such, and who has already reported an entry. So no erasure while anyone can
still write in a thread. The proposals and the threads' texts stay (the round's public record,
moderated like proposals); who wrote them does not: a resident's, company's or proposer's
entry is then shown under its role alone, as one written without consent to show the name.
"""

from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from services.common.archive import find_archive
from services.common.errors import Problem
from services.common.personal_data import erased_value, personal_data_router
from services.intake.comment_models import CommentNotice, CommentReport, ProposalComment
from services.intake.models import IntakeRound, Proposal
from services.intake.round_state import ROUND_KOMMUN


def intake_ended_at(session: Session, round_id: str) -> datetime | None:
    round_ = session.get(IntakeRound, round_id)
    if round_ is None:
        raise Problem(404, f"Omgången '{round_id}' finns inte.", code="round-not-found")
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    archive = find_archive(engine, round_id)
    if archive is not None:  # cancelled: nothing can be written any more
        return archive.archived_at
    if round_.closed_at is None:
        return None
    if round_.discussion_closed_at is None:
        raise Problem(
            409,
            "Frågorna och svaren om förslagen är öppna till röstningen stänger; vem som skrivit "
            "och vem som lämnat förslagen behövs tills dess.",
            code="discussion-open",
        )
    return max(round_.closed_at, round_.discussion_closed_at)


def erase_proposers(session: Session, round_id: str) -> dict[str, int]:
    changed = 0
    for proposal in session.exec(select(Proposal).where(Proposal.round_id == round_id)):
        erased = erased_value(proposal.id)
        if proposal.owner_key == erased:
            continue
        proposal.proposer_name = None
        proposal.publish_name = False
        proposal.proposer_key = erased
        proposal.owner_key = erased
        proposal.proposer_area = None
        proposal.proposer_age_band = None
        session.add(proposal)
        changed += 1
    return {"proposal": changed, **_erase_discussants(session, round_id)}


def _erase_discussants(session: Session, round_id: str) -> dict[str, int]:
    """Who wrote, reported and was told: the threads stay, the people behind them go
    (names of residents and companies too; officials and politicians spoke in office)."""
    comments = 0
    for comment in session.exec(
        select(ProposalComment).where(ProposalComment.round_id == round_id)
    ):
        erased = erased_value(comment.id)
        if comment.author_key == erased:
            continue
        comment.author_key = erased
        if comment.author_role in ("resident", "company", "proposer"):
            comment.author_name = None
        session.add(comment)
        comments += 1
    reports = 0
    in_round = select(ProposalComment.id).where(ProposalComment.round_id == round_id)
    for report in session.exec(
        select(CommentReport).where(col(CommentReport.comment_id).in_(in_round))
    ):
        session.delete(report)
        reports += 1
    for notice in session.exec(select(CommentNotice).where(CommentNotice.round_id == round_id)):
        notice.recipient_key = erased_value(notice.id)
        session.add(notice)
    return {"proposal_comment": comments, "comment_report": reports}


router = personal_data_router(intake_ended_at, erase_proposers, ROUND_KOMMUN)
