"""The council's decision in a round with pots, checked pot by pot.

Each pot is its own money: the projects the council grants in a pot must fit the pot's
budget, and a pot whose granted projects differ from its vote needs its own justification.
The decision service checks this before it signals the workflow, and the workflow checks the
same on every decision (a signal from the Temporal UI skips the service), so it lives here,
pure and deterministic.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from services.common.money import format_sek

# (problem code, pot id, message in Swedish)
PotProblem = tuple[str, str, str]


def pot_decision_problem(
    pots: Sequence[Mapping[str, Any]],
    projects: Sequence[Mapping[str, Any]],
    approved: Sequence[int],
    justifications: Mapping[str, str],
) -> PotProblem | None:
    """The first pot the decision breaks and how, or ``None`` when every pot holds.

    ``pots`` are the result's pots (``pot``, ``name``, ``budget``, ``selected``), ``projects``
    its projects (``project_id``, ``cost``, ``pot``); unknown projects are checked before.
    """
    ids = [str(pot["pot"]) for pot in pots]
    stray = sorted(set(justifications) - set(ids))
    if stray:
        return (
            "unknown-pot",
            stray[0],
            f"Potten {stray[0]} finns inte i omgången; potterna är {', '.join(ids)}.",
        )
    pot_of = {int(p["project_id"]): str(p.get("pot")) for p in projects}
    cost_of = {int(p["project_id"]): int(p["cost"]) for p in projects}
    for pot in pots:
        pot_id, name = str(pot["pot"]), str(pot.get("name") or pot["pot"])
        granted = {pid for pid in approved if pot_of.get(pid) == pot_id}
        total = sum(cost_of[pid] for pid in granted)
        if total > int(pot["budget"]):
            return (
                "over-budget",
                pot_id,
                f"Potten {name}: de beviljade projekten kostar {format_sek(total)} men pottens "
                f"budget är {format_sek(int(pot['budget']))}.",
            )
        vote = {int(pid) for pid in pot["selected"]}
        if granted != vote and not justifications.get(pot_id, "").strip():
            return (
                "justification-required",
                pot_id,
                f"Potten {name}: beslutet avviker från pottens omröstning och måste "
                "motiveras för potten.",
            )
    return None
