"""Which pot a proposal is for, in a round with pots: it names one the round has, a district
pot's proposal concerns that district, and its cost keeps within the pot's cap.

A proposal that names no pot goes to the kommun-wide pot, if the round has one; a proposal for
a district pot that names no area concerns that pot's area.
"""

from typing import Any

from services.common.money import format_sek
from services.intake.models import IntakeRound, ProposalContent


def _listed(pots: list[dict[str, Any]]) -> str:
    return ", ".join(f"{pot['id']} ({pot['name']})" for pot in pots)


def kommun_wide(round_: IntakeRound, content: ProposalContent) -> bool:
    """Whether the proposal is for a pot of the whole kommun (none of a round without pots)."""
    return any(p["id"] == content.pot and p.get("area") is None for p in round_.pots)


def pot_errors(round_: IntakeRound, content: ProposalContent) -> dict[str, str]:
    """The pot's rules; fills in the defaults above. Errors name the field."""
    if not round_.pots:
        if content.pot is not None:
            return {"pot": "Omgången har inga potter: lämna fältet tomt."}
        return {}
    if content.pot is None:
        whole = [pot for pot in round_.pots if pot.get("area") is None]
        if not whole:
            return {"pot": f"Välj vilken pott förslaget gäller: {_listed(round_.pots)}."}
        content.pot = whole[0]["id"]
    pot = next((p for p in round_.pots if p["id"] == content.pot), None)
    if pot is None:
        return {
            "pot": f"Potten '{content.pot}' finns inte i omgången. Välj bland: "
            f"{_listed(round_.pots)}."
        }
    errors: dict[str, str] = {}
    area = pot.get("area")
    if area is not None:
        if content.area is None:
            content.area = area
        elif content.area != area:
            errors["area"] = (
                f"Potten {pot['name']} gäller kommundelen {area}; ett förslag i den ska gälla "
                f"{area}, inte {content.area}. Välj den pott som gäller {content.area}, "
                "eller hela kommunens pott."
            )
    if content.cost_estimate > pot["max_proposal_cost"]:
        errors["cost_estimate"] = (
            f"Kostnaden får vara högst {format_sek(pot['max_proposal_cost'])} i potten "
            f"{pot['name']}."
        )
    return errors
