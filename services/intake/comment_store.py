"""Who writes in a proposal's thread and under which name, and loading one entry."""

from sqlmodel import Session

from services.common.auth import Principal, Role
from services.common.errors import Problem
from services.common.pseudonym import pseudonymize
from services.common.types import utc_now
from services.intake.comment_models import AuthorRole, ProposalComment
from services.intake.models import IntakeRound, Proposal
from services.intake.rules import login_number

ANSWERERS: frozenset[str] = frozenset({"proposer", "official", "politician"})


def ensure_discussion_open(round_: IntakeRound) -> None:
    if round_.discussion_closed_at is not None:
        raise Problem(
            409,
            "Röstningen är avslutad: frågor och svar om förslagen går att läsa men inte längre "
            "skriva.",
            code="discussion-closed",
        )


def is_proposer(principal: Principal, proposal: Proposal, secret: str) -> bool:
    """The person or company the proposal names: the login that submitted it on the web, or
    any login that shows the proposal's identity number (a resident who phoned a proposal in
    and signs in with BankID). The official who entered a proposal by phone, mail or at a
    meeting is never its proposer: they keep the right to change it on the proposer's behalf
    (``ensure_may_change``), and speak in the thread as an official."""
    round_id = proposal.round_id
    if proposal.channel == "web" and proposal.owner_key == pseudonymize(
        secret, principal.subject, round_id
    ):
        return True
    number = login_number(principal, proposal.proposer_kind, utc_now().date())
    return number is not None and proposal.proposer_key == pseudonymize(secret, number, round_id)


def proposer_pseudonym(proposal: Proposal) -> str:
    """Whom a question's notice is for, keyed as the proposer's own login would be: the web
    login that submitted the proposal, or, for one an official entered, the person or company
    it names (their identity number's pseudonym, which their BankID login shows)."""
    return proposal.owner_key if proposal.channel == "web" else proposal.proposer_key


def author_role(principal: Principal, proposal: Proposal, secret: str) -> AuthorRole:
    """The role an entry is shown under; the proposer's own login wins over any other role."""
    if is_proposer(principal, proposal, secret):
        return "proposer"
    if Role.POLITICIAN in principal.roles:
        return "politician"
    if Role.OFFICIAL in principal.roles:
        return "official"
    return "company" if Role.COMPANY in principal.roles else "resident"


def author_name(
    principal: Principal, role: AuthorRole, proposal: Proposal, publish: bool
) -> tuple[str | None, str | None]:
    """(name, party) as shown: politicians and officials speak in office, under their name
    (and party); residents and companies only if they agree; the proposer as on the proposal."""
    name = principal.name.strip() or None
    if role == "politician":
        party = principal.claims.get("party")
        return name or "okänd", party.strip()[:100] if isinstance(party, str) else None
    if role == "official":
        return name or "okänd", None
    if role == "proposer":
        return (proposal.proposer_name if proposal.publish_name else None), None
    return (name[:200] if publish and name else None), None


def load_comment(session: Session, round_id: str, comment_id: int) -> ProposalComment:
    comment = session.get(ProposalComment, comment_id)
    if comment is None or comment.round_id != round_id:
        raise Problem(
            404,
            f"Inlägg {comment_id} finns inte i omgången '{round_id}'.",
            code="comment-not-found",
        )
    return comment


def check_parent(parent: ProposalComment, proposal_id: int, role: AuthorRole) -> None:
    """An answer goes under a visible question or comment of the same proposal, written by the
    proposer, an official or a politician."""
    if parent.proposal_id != proposal_id:
        raise Problem(
            404,
            f"Inlägg {parent.id} hör inte till förslag {proposal_id}.",
            code="comment-not-found",
        )
    if parent.parent_id is not None:
        raise Problem(
            422,
            "Svara på frågan eller kommentaren, inte på ett svar.",
            code="answer-to-answer",
        )
    if parent.hidden_at is not None:
        raise Problem(
            409,
            f"Inlägg {parent.id} är dolt av kommunen och kan inte besvaras.",
            code="comment-hidden",
        )
    if role not in ANSWERERS:
        raise Problem(
            403,
            "Frågor besvaras av förslagsställaren, kommunens tjänstepersoner och politiker. "
            "Skriv din egen fråga eller kommentar i stället.",
            code="not-answerer",
        )
