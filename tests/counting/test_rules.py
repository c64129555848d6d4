"""Every rule on elections small enough to count by hand: variants, ties, reasons, certificate."""

import hashlib
import json

import pytest

from counting.certificate import ENGINE_VERSION
from counting.profile import ProjectId, build_profile
from counting.rules import Options, Result, RuleName, count, rule_version
from counting.ties import lottery_number

# Budget 100. Votes: 1 → 4, 2 → 3, 3 → 2, 4 → 1. Costs: 1: 60, 2: 50, 3: 30, 4: 10.
PROJECTS: list[tuple[ProjectId, int]] = [(1, 60), (2, 50), (3, 30), (4, 10)]
BALLOTS: list[list[ProjectId]] = [[1, 2], [1, 3], [1, 2, 4], [1, 2, 3]]
SEED = "fixed"


def _count(
    rule: RuleName,
    options: Options | None = None,
    ballots: list[list[ProjectId]] = BALLOTS,
    projects: list[tuple[ProjectId, int]] = PROJECTS,
) -> Result:
    return count(build_profile(100, projects, ballots), rule, options, SEED)


def test_greedy_skips_what_does_not_fit_and_says_so() -> None:
    result = _count("greedy")
    assert result.selected == (1, 3, 4)
    assert result.total_cost == 100
    assert [(o.project_id, o.votes, o.reason_code, o.reason) for o in result.projects] == [
        (1, 4, "selected", "vald"),
        (2, 3, "does-not-fit", "ryms inte i budgeten"),
        (3, 2, "selected", "vald"),
        (4, 1, "selected", "vald"),
    ]


def test_greedy_no_skip_stops_at_the_first_project_that_does_not_fit() -> None:
    result = _count("greedy-no-skip")
    assert result.selected == (1,)
    reasons = {o.project_id: o.reason for o in result.projects}
    assert reasons[2] == "ryms inte i budgeten"
    assert (
        reasons[3]
        == reasons[4]
        == ("räkningen stannade vid förslag 2, det första som inte rymdes i budgeten")
    )


def test_greedy_threshold_sets_aside_projects_with_too_few_votes() -> None:
    result = _count("greedy-threshold", Options(threshold=3))
    assert result.selected == (1,)
    below = [o for o in result.projects if o.reason_code == "below-threshold"]
    assert [o.project_id for o in below] == [3, 4]
    assert below[0].reason == "fick färre än 3 röster, den lägsta gränsen för att kunna väljas"
    assert result.certificate.options == {"threshold": 3}


def test_greedy_exclusive_funds_only_the_more_voted_project_of_a_pair() -> None:
    result = _count("greedy-exclusive", Options(exclusive=((3, 1),)))
    assert result.selected == (1, 4)
    outcome = next(o for o in result.projects if o.project_id == 3)
    assert outcome.reason_code == "excluded"
    assert "förslag 1" in outcome.reason


def test_greedy_exclusive_rejects_an_unknown_project() -> None:
    with pytest.raises(ValueError, match="unknown project"):
        _count("greedy-exclusive", Options(exclusive=((3, 99),)))


def test_equal_votes_go_to_the_cheaper_project_then_to_the_seeded_lottery() -> None:
    projects = [(1, 40), (2, 30), (3, 40)]
    profile = build_profile(100, projects, [[1, 2, 3]])

    def first_drawn(seed: str) -> int:
        return min((1, 3), key=lambda p: lottery_number(seed, p))

    other = next(s for s in map(str, range(100)) if first_drawn(s) != first_drawn(SEED))
    for seed in (SEED, other):
        result = count(profile, "greedy", None, seed)
        assert result.projects[0].project_id == 2  # the cheaper one wins among equal votes
        assert result.selected == (2, first_drawn(seed))
        assert result.certificate.tie_break_seed == seed


def test_mes_splits_the_budget_equally_and_explains_what_it_could_not_afford() -> None:
    # Budget 100, two voters with 50 each. Voter a backs 1 (60) and 2 (40); b backs 3 (50).
    # 2 and 3 both cost their backer everything at the same price: the cheaper, 2, goes first.
    profile = build_profile(100, [(1, 60), (2, 40), (3, 50)], [[1, 2], [3]])
    result = count(profile, "mes", Options(completion="none"), SEED)
    assert result.selected == (2, 3)
    assert result.voter_share == "50"
    reasons = {o.project_id: (o.reason_code, o.reason) for o in result.projects}
    assert reasons[2][0] == reasons[3][0] == "selected-mes"
    assert reasons[1] == (
        "not-affordable",
        "de som röstade på förslaget hade inte tillräckligt tillsammans av sina andelar av "
        "budgeten",
    )


def test_mes_reports_when_a_project_stopped_being_affordable() -> None:
    # Three voters, 30 each. 1 (60) is backed by a and b; 2 (45) by a, b and c, and is
    # cheaper per supporter, so it goes first (15 each); then a and b have 15 each: 1 is lost.
    profile = build_profile(90, [(1, 60), (2, 45)], [[1, 2], [1, 2], [2]])
    result = count(profile, "mes", Options(completion="none"), SEED)
    assert result.selected == (2,)
    lost = next(o for o in result.projects if o.project_id == 1)
    assert lost.reason_code == "not-affordable"
    assert lost.reason.endswith("efter att 1 förslag valts")


def test_mes_greedy_completion_funds_what_the_shares_could_not() -> None:
    # Two voters with 50 each: 1 (90) has one backer and cannot be paid for by shares alone.
    profile = build_profile(100, [(1, 90), (2, 10)], [[1], [2]])
    result = count(profile, "mes", Options(completion="greedy"), SEED)
    assert result.selected == (2, 1)
    assert [o.reason_code for o in result.projects] == ["selected-mes", "selected-completion"]


def test_ranked_ballots_are_counted_by_borda_points() -> None:
    # max_length 3: first choice 3 points, second 2, third 1.
    profile = build_profile(100, PROJECTS, [[4, 3, 2], [4, 2], [1]], "ranked", max_length=3)
    assert profile.scores.tolist() == [3, 3, 2, 6]
    assert count(profile, "greedy", None, SEED).selected == (4, 2, 3)


def test_cumulative_ballots_are_counted_by_points() -> None:
    profile = build_profile(100, PROJECTS, [[1, 3], [3]], "cumulative", points=[[1, 4], [2]])
    assert profile.scores.tolist() == [1, 0, 6, 0]
    assert count(profile, "greedy", None, SEED).selected == (3, 1, 4)


def test_certificate_fingerprints_the_canonical_ballots_and_names_the_rule() -> None:
    result = count(build_profile(100, PROJECTS, [[3, 1], [2]]), "mes", None, None)
    expected = hashlib.sha256(b"[[1,3],[2]]").hexdigest()
    assert result.certificate.as_dict() == {
        "ballots_sha256": expected,
        "ballot_count": 2,
        "rule": "mes",
        "options": {"utilities": "cost", "completion": "add1+greedy"},
        "engine_version": ENGINE_VERSION,
        "tie_break_seed": expected[:16],
    }
    assert json.dumps(result.certificate.as_dict())
    assert rule_version("mes") == "mes/1"


def test_the_same_ballots_in_another_order_give_the_same_result() -> None:
    shuffled = [list(reversed(b)) for b in reversed(BALLOTS)]
    assert count(build_profile(100, PROJECTS, shuffled), "mes") == count(
        build_profile(100, PROJECTS, BALLOTS), "mes"
    )


def test_unknown_rules_and_bad_ballots_are_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="unknown rule"):
        _count("plurality")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown project"):
        build_profile(100, PROJECTS, [[9]])
    with pytest.raises(ValueError, match="more than zero"):
        build_profile(100, [(1, 0)], [])
    with pytest.raises(ValueError, match="longer than max_length"):
        build_profile(100, PROJECTS, [[1, 2, 3]], "ranked", max_length=2)


def test_no_ballots_funds_the_cheapest_projects_by_greedy_and_nothing_by_plain_mes() -> None:
    empty = build_profile(100, PROJECTS, [])
    assert count(empty, "greedy").selected == (4, 3, 2)
    assert count(empty, "mes", Options(completion="none")).selected == ()
    assert count(empty, "mes").selected == (4, 3, 2)
