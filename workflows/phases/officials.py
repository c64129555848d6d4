"""Who approved: an approval or decision signalled to the round counts only once the decision
service has verified its token (signature, role, kommun, expiry). Anyone who reaches the
Temporal UI can type a name; only the official holds their sign-in token."""

from typing import Literal

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.services import ServiceActivities as Services
    from workflows.messages.services import OfficialCheck

from workflows.phases.context import RoundContext
from workflows.waiting.timing import call_or_refusal

OfficialRole = Literal["official", "council_secretary"]

MISSING = (
    "saknar inloggning (token) och räknas inte. Skicka den från beslutstjänstens sida, eller "
    "klistra in din inloggning därifrån i fältet token."
)


async def verified_name(
    ctx: RoundContext,
    token: str,
    role: OfficialRole,
    what: str,
) -> str | None:
    """The name the token's holder is recorded under, or ``None`` with the reason shown in
    the round's current details. ``what`` names the message, e.g. 'Godkännandet från Anna'."""
    if not token.strip():
        ctx.progress.reject(f"{what} {MISSING}")
        return None
    name, problem = await checked_name(ctx, token, role)
    if name is None:
        ctx.progress.reject(f"{what} räknas inte: {problem}")
    return name


async def checked_name(
    ctx: RoundContext, token: str, role: OfficialRole
) -> tuple[str | None, str | None]:
    """The token holder's recorded name, or ``None`` with the decision service's reason."""
    check = OfficialCheck(round_id=ctx.id, token=token.strip(), role=role)
    official, problem = await call_or_refusal(Services.decision_verify_official, check)
    return (None, problem) if official is None else (official.name, None)
