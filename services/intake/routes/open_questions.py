"""Questions still waiting for an answer, for the kommun's politicians and officials: what to
answer in a round's threads while they are open. Threads are public; this is the same text
gathered per round."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy import and_, exists
from sqlalchemy.orm import aliased
from sqlmodel import SQLModel, col, func, select

from services.common.auth import Principal, Role
from services.common.deps import PageDep, SessionDep
from services.common.kommun_access import require_roles_in_kommun
from services.common.pages import PageOf
from services.common.rounds import load_round
from services.intake.comment_models import ProposalComment
from services.intake.models import IntakeRound, Proposal
from services.intake.round_state import ROUND_KOMMUN

router = APIRouter(prefix="/rounds/{round_id}", tags=["frågor och svar"])
FollowerDep = Annotated[
    Principal, Depends(require_roles_in_kommun(ROUND_KOMMUN, Role.POLITICIAN, Role.OFFICIAL))
]


class OpenQuestion(SQLModel):
    id: int
    proposal_id: int
    proposal_title: str
    text: str
    created_at: datetime


@router.get(
    "/open-questions",
    response_model=PageOf[OpenQuestion],
    summary="Obesvarade frågor i omgångens trådar",
    description="För kommunens politiker och tjänstepersoner: frågor om förslag som ingen har "
    "svarat på än (ett dolt svar räknas inte), äldst först. Dolda frågor och frågor om dolda "
    "eller återtagna förslag är inte med.",
)
def open_questions(
    round_id: str, _follower: FollowerDep, session: SessionDep, page: PageDep
) -> PageOf[OpenQuestion]:
    load_round(session, IntakeRound, round_id)
    answer = aliased(ProposalComment)
    answered = exists().where(
        and_(col(answer.parent_id) == col(ProposalComment.id), col(answer.hidden_at).is_(None))
    )
    where = and_(
        col(ProposalComment.round_id) == round_id,
        col(ProposalComment.kind) == "question",
        col(ProposalComment.hidden_at).is_(None),
        col(Proposal.hidden_at).is_(None),
        col(Proposal.withdrawn_at).is_(None),
        ~answered,
    )
    joined = col(ProposalComment.proposal_id) == col(Proposal.id)
    total = session.exec(
        select(func.count()).select_from(ProposalComment).join(Proposal, joined).where(where)
    ).one()
    rows = session.exec(
        select(ProposalComment, Proposal.title)
        .join(Proposal, joined)
        .where(where)
        .order_by(col(ProposalComment.id))
        .offset(page.offset)
        .limit(page.limit)
    ).all()
    items = [
        OpenQuestion(
            id=comment.id or 0,
            proposal_id=comment.proposal_id,
            proposal_title=title,
            text=comment.text,
            created_at=comment.created_at,
        )
        for comment, title in rows
    ]
    return PageOf.of(items, total, page)
