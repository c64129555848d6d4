"""The pots a proposer may propose in, for the proposal form of a round with pots: the whole
kommun's pot, and each district's pot, or only the proposer's own district's when the sign-in
tells their area (intake refuses a district pot's proposal about another district)."""

from typing import Any

from services.web.i18n import gettext
from services.web.session import User


def pot_options(round_: dict[str, Any], user: User) -> list[tuple[str, str]]:
    """(pot id, label naming the district and the pot's cap per proposal) for the select."""
    areas = {area["id"]: area["name"] for area in round_.get("areas") or []}
    own_area = user.principal.claims.get("area")
    choices = []
    for pot in round_.get("pots") or []:
        area = pot.get("area")
        if area is not None and own_area and area != own_area:
            continue
        cap = f"{pot['max_proposal_cost']:,}".replace(",", "\u00a0") + "\u00a0kr"
        if area is None:
            label = gettext("%(pot)s (hela kommunen), högst %(cap)s", pot=pot["name"], cap=cap)
        else:
            where = areas.get(area, area)
            label = gettext(
                "%(pot)s (kommundelen %(area)s), högst %(cap)s",
                pot=pot["name"],
                area=where,
                cap=cap,
            )
        choices.append((str(pot["id"]), label))
    return choices
