"""One proposal: loading it, its public views, writing its content, and who may change it."""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from services.common.auth import Principal, Role
from services.common.errors import Problem
from services.common.pseudonym import pseudonymize
from services.intake.models import Proposal, ProposalContent
from services.intake.schemas import ProposalModerated, ProposalPublic

CONTENT_FIELDS = set(ProposalContent.model_fields)


def load_proposal(session: Session, round_id: str, proposal_id: int) -> Proposal:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or proposal.round_id != round_id:
        raise Problem(
            404,
            f"Förslag {proposal_id} finns inte i omgången '{round_id}'.",
            code="proposal-not-found",
        )
    return proposal


def ensure_visible(proposal: Proposal) -> None:
    """A hidden proposal answers 410 with the reason, its page and its thread alike."""
    if proposal.hidden_at is not None:
        raise Problem(
            410,
            f"Förslag {proposal.id} har dolts av kommunen: {proposal.hidden_reason}",
            code="proposal-hidden",
            title="Förslaget är dolt",
        )


def search_text(content: ProposalContent) -> str:
    """What free-text search looks in, case-folded in Python.

    Folding here rather than with SQL ``lower()`` makes search work the same on SQLite (whose
    ``lower()`` leaves Å, Ä and Ö alone) and PostgreSQL.
    """
    return "\n".join([content.title, content.description, content.location]).casefold()


def content_values(content: ProposalContent) -> dict[str, Any]:
    """The content as stored: a name the proposer does not want shown is not kept either,
    since nothing needs it."""
    values = content.model_dump(include=CONTENT_FIELDS)
    if not content.publish_name:
        values["proposer_name"] = None
    return values


def write_content(proposal: Proposal, content: ProposalContent, now: datetime) -> None:
    proposal.sqlmodel_update(content_values(content))
    proposal.search_text = search_text(content)
    proposal.updated_at = now


def ensure_may_change(proposal: Proposal, principal: Principal, pseudonym_secret: str) -> None:
    """The proposer changes their own proposal; one that came by phone, mail or at a meeting is
    changed by an official on the proposer's behalf, as it was entered."""
    own = proposal.owner_key == pseudonymize(pseudonym_secret, principal.subject, proposal.round_id)
    on_behalf = Role.OFFICIAL in principal.roles and proposal.channel != "web"
    if not (own or on_behalf):
        raise Problem(
            403,
            "Bara den som lämnade förslaget kan ändra eller återta det. Förslag som kom in per "
            "telefon, brev eller på möte ändras av en tjänsteperson.",
            code="not-proposer",
        )


def proposal_public(proposal: Proposal) -> ProposalPublic:
    """The public view: the proposer's name only with their consent, never their identity."""
    return ProposalPublic.model_validate(_public_fields(proposal))


def proposal_moderated(proposal: Proposal) -> ProposalModerated:
    return ProposalModerated.model_validate(
        {
            **_public_fields(proposal),
            "hidden_reason": proposal.hidden_reason,
            "hidden_by": proposal.hidden_by,
            "hidden_at": proposal.hidden_at,
        }
    )


def _public_fields(proposal: Proposal) -> dict[str, object]:
    return {
        **proposal.model_dump(include=set(ProposalPublic.model_fields)),
        "proposer_name": proposal.proposer_name if proposal.publish_name else None,
        "status": proposal.status,
    }
