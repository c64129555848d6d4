"""Every constraint of the four ballot types, checked on the whole ballot before it is stored.

A ballot is checked and stored as one piece (never built up project by project), and the rules
it is checked against are frozen, so no interleaving of requests can store a ballot that breaks
them: the overspent knapsack ballots other platforms had under concurrent requests cannot occur.

Messages are in Swedish, then English, since voters read them directly.
"""

from collections.abc import Sequence

from services.common.errors import Problem
from services.common.money import format_sek
from services.voting.round_rules import RoundRules


def _refuse(code: str, swedish: str, english: str) -> Problem:
    return Problem(422, f"{swedish} {english}", code=code)


def check_ballot(rules: RoundRules, choices: Sequence[int], points: Sequence[int] | None) -> None:
    """Raise a 422 naming the first rule the ballot breaks; choices are already unique."""
    limit = rules.max_choices
    if limit is not None and len(choices) > limit:
        raise _refuse(
            "too-many-choices",
            f"Du kan välja högst {limit} förslag, du valde {len(choices)}.",
            f"You may choose at most {limit} projects; you chose {len(choices)}.",
        )
    unknown = sorted(set(choices) - rules.costs.keys())
    if unknown:
        listed = ", ".join(str(i) for i in unknown)
        raise _refuse(
            "unknown-project",
            f"Förslagen {listed} finns inte på röstsedeln.",
            f"Projects {listed} are not on the ballot.",
        )
    if rules.ballot_type == "cumulative":
        _check_points(rules, choices, points)
    elif points is not None:
        raise _refuse(
            "points-not-allowed",
            "Poäng delas bara ut på en poängröstsedel; välj bara förslag.",
            "Points belong on cumulative ballots only; just choose projects.",
        )
    if rules.ballot_type == "knapsack":
        _check_spend(rules, sum(rules.costs[c] for c in choices))


def _check_spend(rules: RoundRules, total: int) -> None:
    if total > rules.budget:
        raise _refuse(
            "over-budget",
            f"Förslagen du valt kostar tillsammans {format_sek(total)}, men budgeten är "
            f"{format_sek(rules.budget)}. Välj bort något förslag.",
            f"The projects you chose cost {total:,} kr together; the budget is "
            f"{rules.budget:,} kr. Leave one out.",
        )
    share = rules.min_spend_percent
    if share is not None and total * 100 < share * rules.budget:
        least = -(-share * rules.budget // 100)
        raise _refuse(
            "under-min-spend",
            f"Välj förslag för minst {share} % av budgeten ({format_sek(least)}); dina val "
            f"kostar {format_sek(total)}.",
            f"Choose projects worth at least {share}% of the budget ({least:,} kr); yours cost "
            f"{total:,} kr.",
        )


def _check_points(rules: RoundRules, choices: Sequence[int], points: Sequence[int] | None) -> None:
    if points is None or len(points) != len(choices):
        raise _refuse(
            "points-mismatch",
            "Ge varje förslag du väljer ett antal poäng (points, lika många som choices).",
            "Give every chosen project a number of points (points, as many as choices).",
        )
    if min(points) < 1:
        raise _refuse(
            "points-invalid",
            "Varje valt förslag ska ha minst 1 poäng.",
            "Every chosen project needs at least 1 point.",
        )
    cap = rules.max_points_per_project
    if cap is not None and max(points) > cap:
        raise _refuse(
            "too-many-points-per-project",
            f"Du kan ge ett förslag högst {cap} poäng.",
            f"You may give one project at most {cap} points.",
        )
    total = rules.total_points
    if total is not None and sum(points) > total:
        raise _refuse(
            "too-many-points",
            f"Du har {total} poäng att fördela men delade ut {sum(points)}.",
            f"You have {total} points to spread but gave {sum(points)}.",
        )
