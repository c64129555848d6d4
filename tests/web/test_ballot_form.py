"""The running figures beside a ballot, computed on the server for every ballot type."""

from starlette.datastructures import FormData

from services.web.ballot_form import check_limits, read_draft, tally

PROJECTS = [{"project_id": 1, "cost": 120_000}, {"project_id": 2, "cost": 60_000},
            {"project_id": 3, "cost": 90_000}]  # fmt: skip


def _ballot(kind: str, **limits: int) -> dict[str, object]:
    return {"ballot_type": kind, "budget": 200_000, "projects": PROJECTS, **limits}


def test_knapsack_shows_what_is_left_and_refuses_an_overspent_ballot() -> None:
    ballot = _ballot("knapsack")
    draft = read_draft(FormData([("choice", "1"), ("choice", "2")]), ballot)
    figures = tally(ballot, draft)
    assert (figures.spent, figures.remaining) == (180_000, 20_000)
    check_limits(ballot, draft, figures)
    assert draft.errors == {}
    over = read_draft(FormData([("choice", "1"), ("choice", "2"), ("choice", "3")]), ballot)
    check_limits(ballot, over, tally(ballot, over))
    assert "mer än budgeten" in over.errors["choices"]
    assert over.body("knapsack") == {"choices": [1, 2, 3]}


def test_unknown_projects_are_ignored_and_an_empty_ballot_is_refused() -> None:
    ballot = _ballot("approval", max_choices=1)
    draft = read_draft(FormData([("choice", "99"), ("choice", "x")]), ballot)
    check_limits(ballot, draft, tally(ballot, draft))
    assert draft.choices == [] and "Välj minst ett" in draft.errors["choices"]
    two = read_draft(FormData([("choice", "1"), ("choice", "2")]), ballot)
    check_limits(ballot, two, tally(ballot, two))
    assert "högst 1" in two.errors["choices"]


def test_cumulative_counts_points_left() -> None:
    ballot = _ballot("cumulative", total_points=10)
    draft = read_draft(FormData([("points-1", "6"), ("points-2", "5"), ("points-3", "")]), ballot)
    figures = tally(ballot, draft)
    assert figures.points_left == -1
    check_limits(ballot, draft, figures)
    assert "bara 10" in draft.errors["choices"]
    bad = read_draft(FormData([("points-1", "-2")]), ballot)
    assert "heltal" in bad.errors["points-1"]
    ok = read_draft(FormData([("points-1", "4"), ("points-2", "0")]), ballot)
    assert ok.body("cumulative") == {"choices": [1], "points": [4]}


def test_ranked_orders_by_place_and_refuses_a_shared_place() -> None:
    ballot = _ballot("ranked", max_choices=3)
    draft = read_draft(FormData([("rank-1", "2"), ("rank-3", "1")]), ballot)
    assert draft.body("ranked") == {"choices": [3, 1]}
    shared = read_draft(FormData([("rank-1", "1"), ("rank-2", "1")]), ballot)
    assert "redan vald" in shared.errors["rank-2"]
