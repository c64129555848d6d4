"""Each pot's ballot for the voting service (``PUT /rounds/{id}/pots``), built in the activity
that defines the round's ballot: the projects go to the pot their proposal names, which intake
knows, so proposals never pass through the workflow to be sorted."""

from typing import Any

from workflows.messages.pots import PotBallotSpec
from workflows.messages.services import BallotDefinition


def _eligibility(ballot: BallotDefinition, pot: PotBallotSpec) -> dict[str, Any]:
    rules = ballot.eligibility
    return {
        "min_age": pot.min_age,
        "kommun": rules.kommun,
        "areas": [pot.area] if pot.area is not None else list(rules.areas),
        "companies": rules.companies,
    }


def pot_bodies(ballot: BallotDefinition, pot_of: dict[int, str | None]) -> list[dict[str, Any]]:
    """One body per pot with projects; a project whose proposal names no pot the round has
    goes to the kommun-wide pot (the first without an area)."""
    known = {pot.id for pot in ballot.pots}
    fallback = next((pot.id for pot in ballot.pots if pot.area is None), ballot.pots[0].id)
    projects: dict[str, list[dict[str, int]]] = {pot.id: [] for pot in ballot.pots}
    for project in ballot.projects:
        named = pot_of.get(project.project_id)
        projects[named if named in known and named else fallback].append(project.model_dump())
    bodies = []
    for pot in ballot.pots:
        if not projects[pot.id]:
            continue  # no feasible proposal: the pot has nothing to vote on
        kind = pot.ballot
        # As for a round: a pair with a project not on the pot's ballot cannot both be funded.
        on_ballot = {project["project_id"] for project in projects[pot.id]}
        pairs = [pair for pair in pot.exclusive_pairs if set(pair) <= on_ballot]
        bodies.append(
            {
                "pot": pot.id,
                "name": pot.name,
                "area": pot.area,
                "area_source": pot.area_source,
                "budget": pot.budget,
                "ballot_type": kind.type,
                "max_choices": kind.max_choices,
                "min_spend_percent": kind.min_spend_percent,
                "total_points": kind.total_points,
                "max_points_per_project": kind.max_points_per_project,
                "rule": pot.rule,
                "min_project_score_threshold": pot.min_project_score_threshold,
                **({"exclusive_pairs": pairs} if pairs else {}),
                "eligibility": _eligibility(ballot, pot),
                "projects": projects[pot.id],
            }
        )
    return bodies
