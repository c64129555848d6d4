"""The round's rules for a proposal: who may enter it how, and what the round's config asks of it.

Submitting and editing apply the very same rules, so a proposal can never be edited into one
the round would have refused. Each rule names the field and says what to do, in Swedish.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from services.common.auth import Principal, Role
from services.common.errors import Problem
from services.common.identity_numbers import (
    IdentityNumberError,
    parse_organisationsnummer,
    parse_personnummer,
)
from services.common.money import format_sek
from services.intake.models import (
    PROPOSER_KIND_NAMES,
    PROPOSER_KINDS,
    IntakeRound,
    ProposalContent,
)
from services.intake.pot_rules import kommun_wide, pot_errors
from services.intake.schemas import PERSON_KINDS

# The kinds of proposer each role may submit as on the web; officials enter any kind for
# someone else, through the channel the proposal came by.
ROLE_KINDS: dict[Role, frozenset[str]] = {
    Role.RESIDENT: frozenset({"resident", "worker", "association"}),
    Role.COMPANY: frozenset({"company", "association"}),
}
MIN_BENEFIT_LENGTH = 10
# Listing every choice in an error helps, up to a point.
MAX_CHOICES_LISTED = 20


def _kind_names(kinds: Iterable[str]) -> str:
    listed = set(kinds)
    return ", ".join(PROPOSER_KIND_NAMES[kind] for kind in PROPOSER_KINDS if kind in listed)


def check_entry(principal: Principal, kind: str, channel: str) -> None:
    """Proposers enter their own proposals on the web; officials enter other people's that came
    by phone, mail or at a meeting, and the channel is recorded."""
    if channel != "web":
        if Role.OFFICIAL not in principal.roles:
            raise Problem(
                403,
                "Bara tjänstepersoner kan föra in förslag som kommit per telefon, brev eller på "
                "möte. Lämna ditt eget förslag med kanalen 'web'.",
                code="staff-channel",
            )
        return
    own_kinds = frozenset().union(*(ROLE_KINDS.get(role, frozenset()) for role in principal.roles))
    if not own_kinds:
        raise Problem(
            403,
            "Som tjänsteperson för du in förslag åt någon annan: ange hur det kom in "
            "(channel: phone, mail eller meeting).",
            code="staff-channel",
        )
    if kind not in own_kinds:
        raise Problem(
            403,
            f"Med din inloggning kan du lämna förslag som {_kind_names(own_kinds)}, inte som "
            f"{PROPOSER_KIND_NAMES[kind]}.",
            code="proposer-kind-not-allowed",
        )


def own_number_errors(principal: Principal, kind: str, number: str, today: date) -> dict[str, str]:
    """On the web a proposer gives their own number: the one the login shows, when it shows one
    (a person's personnummer as subject, as with BankID; a company's organisationsnummer claim).
    An association's number is the association's own, which a representative's login does not
    show. ``number`` is normalised already (``ProposalCreate``)."""
    shown = login_number(principal, kind, today)
    if shown is None or shown == number:
        return {}
    whose = "personnummer" if kind in PERSON_KINDS else "organisationsnummer"
    return {"identity_number": f"Ange ditt eget {whose}, det som din inloggning visar."}


def login_number(principal: Principal, kind: str, today: date) -> str | None:
    """The identity number of this kind that the login shows, if it shows one."""
    try:
        if kind in PERSON_KINDS:
            return parse_personnummer(principal.subject, today)
        claimed = principal.claims.get("organisationsnummer")
        if kind == "company" and isinstance(claimed, str):
            return parse_organisationsnummer(claimed)
    except IdentityNumberError:  # an opaque subject: no number to hold the proposal to
        return None
    return None


def kind_errors(round_: IntakeRound, kind: str) -> dict[str, str]:
    if kind in round_.proposer_kinds:
        return {}
    allowed = _kind_names(round_.proposer_kinds)
    return {"proposer_kind": f"I den här omgången kan förslag bara lämnas av: {allowed}."}


def requires_local_business_benefit(round_: IntakeRound) -> bool:
    """A criterion flagged ``local_business`` makes the benefit to local business required."""
    return any(criterion.get("local_business") for criterion in round_.criteria)


def content_errors(round_: IntakeRound, content: ProposalContent) -> dict[str, str]:
    # First: a pot fills in the area of a district proposal that names none.
    errors: dict[str, str] = pot_errors(round_, content)
    for field, value, choices, what in (
        ("category", content.category, round_.categories, "kategori"),
        ("area", content.area, round_.areas, "område"),
    ):
        if field == "area" and value is None and kommun_wide(round_, content):
            continue  # a proposal for the whole kommun's pot concerns no one area
        problem = _choice_problem(value, choices, what)
        if problem is not None:
            errors.setdefault(field, problem)
    if content.cost_estimate > round_.max_proposal_cost:
        errors["cost_estimate"] = (
            f"Kostnaden får vara högst {format_sek(round_.max_proposal_cost)} i den här omgången."
        )
    if (
        requires_local_business_benefit(round_)
        and len(content.local_business_benefit) < MIN_BENEFIT_LENGTH
    ):
        errors["local_business_benefit"] = (
            "Beskriv hur förslaget gynnar det lokala näringslivet (minst "
            f"{MIN_BENEFIT_LENGTH} tecken): det är ett kriterium i den här omgången."
        )
    return errors


def _choice_problem(value: str | None, choices: list[dict[str, Any]], what: str) -> str | None:
    ids = [str(choice["id"]) for choice in choices]
    if not ids:
        return None if value is None else f"Omgången delar inte in förslagen efter {what}."
    listed = ", ".join(f"{c['id']} ({c['name']})" for c in choices[:MAX_CHOICES_LISTED])
    if len(choices) > MAX_CHOICES_LISTED:
        listed += " …"
    if value is None:
        return f"Välj {what}: {listed}."
    if value not in ids:
        return f"Okänd {what} '{value}'. Välj bland: {listed}."
    return None
