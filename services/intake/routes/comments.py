"""Questions and comments on a proposal, and the answers to them: public threads, written by
signed-in residents, companies, officials and politicians until voting closes."""

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlmodel import SQLModel, col, select

from services.common.auth import Principal
from services.common.db import fetch_page
from services.common.deps import PageDep, ProposalIdPath, SessionDep, SettingsDep
from services.common.errors import Problem
from services.common.kommun_access import require_roles_in_kommun
from services.common.pages import PageOf
from services.common.principal import DISCUSSANTS
from services.common.pseudonym import pseudonymize
from services.common.rounds import load_round
from services.common.types import utc_now
from services.intake.comment_models import (
    CommentCreate,
    CommentNotice,
    CommentPublic,
    CommentThread,
    ProposalComment,
    comment_public,
)
from services.intake.comment_store import (
    ANSWERERS,
    author_name,
    author_role,
    check_parent,
    ensure_discussion_open,
    load_comment,
    proposer_pseudonym,
)
from services.intake.models import IntakeRound
from services.intake.proposal_store import ensure_visible, load_proposal
from services.intake.round_state import ROUND_KOMMUN

router = APIRouter(prefix="/rounds/{round_id}/proposals/{proposal_id}", tags=["frågor och svar"])
WriterDep = Annotated[Principal, Depends(require_roles_in_kommun(ROUND_KOMMUN, *DISCUSSANTS))]


@router.post(
    "/comments",
    status_code=201,
    response_model=CommentPublic,
    summary="Ställ en fråga, kommentera eller svara",
    description="Utan `parent_id` en fråga eller kommentar; med `parent_id` ett svar, av "
    "förslagsställaren, en tjänsteperson eller en politiker. Går till röstningens slut (409 "
    "`discussion-closed` efter). En ny fråga lämnar ett meddelande till förslagsställaren.",
)
def post_comment(
    round_id: str,
    proposal_id: ProposalIdPath,
    body: CommentCreate,
    writer: WriterDep,
    session: SessionDep,
    settings: SettingsDep,
) -> CommentPublic:
    round_ = load_round(session, IntakeRound, round_id, lock=True)
    ensure_discussion_open(round_)
    proposal = load_proposal(session, round_id, proposal_id)
    ensure_visible(proposal)
    if proposal.withdrawn_at is not None:
        raise Problem(409, f"Förslag {proposal_id} är återtaget.", code="proposal-withdrawn")
    author_key = pseudonymize(settings.pseudonym_secret, writer.subject, round_id)
    role = author_role(writer, proposal, settings.pseudonym_secret)
    kind: str = body.kind
    if body.parent_id is not None:
        check_parent(load_comment(session, round_id, body.parent_id), proposal_id, role)
        kind = "answer"
    name, party = author_name(writer, role, proposal, body.publish_name)
    comment = ProposalComment(
        round_id=round_id,
        proposal_id=proposal_id,
        parent_id=body.parent_id,
        kind=kind,
        text=body.text,
        author_role=role,
        author_name=name,
        author_party=party,
        author_key=author_key,
        created_at=utc_now(),
    )
    session.add(comment)
    session.flush()
    if kind == "question" and role != "proposer":
        assert comment.id is not None
        notice = CommentNotice(
            round_id=round_id,
            proposal_id=proposal_id,
            comment_id=comment.id,
            recipient_key=proposer_pseudonym(proposal),
            created_at=comment.created_at,
        )
        session.add(notice)
    session.commit()
    session.refresh(comment)
    return comment_public(comment)


@router.get(
    "/comments",
    response_model=PageOf[CommentThread],
    summary="Läs frågorna och svaren om ett förslag",
    description="Trådarna äldst först, en sida i taget, var och en med sina svar. Ett dolt "
    "inlägg visas utan text, med skälet.",
)
def list_comments(
    round_id: str, proposal_id: ProposalIdPath, session: SessionDep, page: PageDep
) -> PageOf[CommentThread]:
    load_round(session, IntakeRound, round_id)
    ensure_visible(load_proposal(session, round_id, proposal_id))
    where = (col(ProposalComment.proposal_id) == proposal_id) & col(ProposalComment.parent_id).is_(
        None
    )
    roots, total = fetch_page(session, ProposalComment, where, col(ProposalComment.id), page)
    ids = [root.id for root in roots]
    answers = session.exec(
        select(ProposalComment)
        .where(col(ProposalComment.parent_id).in_(ids))
        .order_by(col(ProposalComment.id))
    ).all()
    threads = [
        CommentThread.model_validate(
            {
                **comment_public(root).model_dump(),
                "answers": [comment_public(a) for a in answers if a.parent_id == root.id],
            }
        )
        for root in roots
    ]
    return PageOf.of(threads, total, page)


class MayAnswer(SQLModel):
    may_answer: bool


@router.get(
    "/may-answer",
    response_model=MayAnswer,
    summary="Får jag svara på frågorna om förslaget?",
    description="Om den inloggade får svara: förslagsställaren, kommunens tjänstepersoner och "
    "politiker, medan trådarna är öppna och förslaget står kvar; sidan visar svarsformulären "
    "bara då. En tjänsteperson eller politiker i en annan kommun får 403.",
)
def may_answer(
    round_id: str,
    proposal_id: ProposalIdPath,
    writer: WriterDep,
    session: SessionDep,
    settings: SettingsDep,
) -> MayAnswer:
    round_ = load_round(session, IntakeRound, round_id)
    proposal = load_proposal(session, round_id, proposal_id)
    ensure_visible(proposal)
    if round_.discussion_closed_at is not None or proposal.withdrawn_at is not None:
        return MayAnswer(may_answer=False)
    role = author_role(writer, proposal, settings.pseudonym_secret)
    return MayAnswer(may_answer=role in ANSWERERS)
