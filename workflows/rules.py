"""Checks the workflow makes itself on its input and on what people send.

A bad council decision is shown and ignored instead of failing the round: the decision service
checks the same before it signals, but a signal sent from the Temporal UI or CLI skips that.
"""

import re
from typing import Any

from services.common.dates import check_day
from services.common.pot_decision import pot_decision_problem
from workflows.config import ROUND_ID_PATTERN, RoundConfig
from workflows.display import format_sek
from workflows.messages.services import TallyResult
from workflows.messages.signals import CouncilDecision


def round_id_problem(workflow_id: str, config: RoundConfig) -> str | None:
    """The round id is the workflow id; services and project ids are built from it."""
    if not re.fullmatch(ROUND_ID_PATTERN, workflow_id):
        return (
            f"Arbetsflödets id '{workflow_id}' duger inte som omgångens id (små bokstäver, "
            "siffror och bindestreck, 3-64 tecken, t.ex. 'are-2027'). "
            "The workflow id must be a valid round id."
        )
    if config.id is not None and config.id != workflow_id:
        return (
            f"Konfigurationens id '{config.id}' skiljer sig från arbetsflödets id "
            f"'{workflow_id}'. The config id must equal the workflow id."
        )
    return None


def council_decision_problem(
    decision: CouncilDecision, tally: TallyResult, per_pot: bool = False
) -> str | None:
    """Why the council decision cannot be recorded, in Swedish, or ``None`` if it can.

    ``per_pot``: the round has pots and the council decides each pot on its own (its budget,
    its vote, its justification), as the decision service checks (services/common)."""
    ids = decision.approved_project_ids
    if not decision.diarienummer.strip() or not decision.paragraph.strip():
        return "Diarienummer och paragraf måste anges."
    try:
        check_day(decision.meeting_date)
    except ValueError as err:
        return f"Sammanträdesdagen: {err}"
    if len(set(ids)) != len(ids):
        return "Samma projekt står flera gånger i beslutet."
    costs = {project.project_id: project.cost for project in tally.projects}
    unknown = sorted(set(ids) - costs.keys())
    if unknown:
        listed = ", ".join(str(i) for i in unknown)
        return f"Projekt {listed} fanns inte med i omröstningen."
    if per_pot:
        pots = pot_results(tally)
        projects = [project.model_dump() for project in tally.projects]
        problem = pot_decision_problem(pots, projects, ids, decision.justifications)
        return None if problem is None else problem[2]
    total = sum(costs[i] for i in ids)
    if total > tally.budget:
        return f"Beslutet kostar {format_sek(total)} men budgeten är {format_sek(tally.budget)}."
    if set(ids) != set(tally.selected) and not decision.justification.strip():
        return "Beslutet avviker från omröstningens resultat och måste motiveras (justification)."
    return None


def pot_results(tally: TallyResult) -> list[dict[str, Any]]:
    """Each pot's result as voting counted it, when every one names its pot, budget and
    selection (the council decides them one by one); else none."""
    pots = (tally.model_extra or {}).get("pots")
    if not isinstance(pots, list) or not pots:
        return []
    needed = {"pot", "budget", "selected"}
    if not all(isinstance(pot, dict) and needed <= pot.keys() for pot in pots):
        return []
    return pots
