"""The greedy rule on hand-counted examples: skips, ties, zero votes and the ballots hash."""

import hashlib

from services.voting.counting import (
    REASON_DOES_NOT_FIT,
    REASON_SELECTED,
    ballots_hash,
    count_votes,
    greedy,
)


def test_greedy_skips_a_project_that_does_not_fit_and_funds_cheaper_ones_below_it() -> None:
    # votes: 1 → 9, 2 → 7, 3 → 5, 4 → 1; budget 100: 1 (70) fits, 2 (40) does not, 3 and 4 do.
    result = greedy(100, [(1, 70), (2, 40), (3, 20), (4, 10)], {1: 9, 2: 7, 3: 5, 4: 1})
    assert result.selected == (1, 3, 4)
    assert result.total_cost == 100
    assert [(o.project_id, o.votes, o.selected, o.reason) for o in result.projects] == [
        (1, 9, True, REASON_SELECTED),
        (2, 7, False, REASON_DOES_NOT_FIT),
        (3, 5, True, REASON_SELECTED),
        (4, 1, True, REASON_SELECTED),
    ]


def test_equal_votes_go_to_the_cheaper_project_first() -> None:
    # 1 and 2 tie on 5 votes; 2 is cheaper, so it is funded and 1 no longer fits.
    result = greedy(60, [(1, 50), (2, 30)], {1: 5, 2: 5})
    assert [o.project_id for o in result.projects] == [2, 1]
    assert result.selected == (2,)


def test_equal_votes_and_cost_go_to_the_lower_id_whatever_the_input_order() -> None:
    for projects in ([(7, 40), (3, 40)], [(3, 40), (7, 40)]):
        result = greedy(50, projects, {3: 2, 7: 2})
        assert result.selected == (3,)
        assert [o.reason for o in result.projects] == [REASON_SELECTED, REASON_DOES_NOT_FIT]


def test_projects_without_votes_are_listed_with_zero_and_still_fill_the_budget() -> None:
    result = greedy(100, [(1, 80), (2, 30), (3, 20)], {1: 4})
    assert [(o.project_id, o.votes, o.selected) for o in result.projects] == [
        (1, 4, True),
        (3, 0, True),
        (2, 0, False),
    ]
    assert result.total_cost == 100


def test_project_dearer_than_the_whole_budget_is_never_selected() -> None:
    result = greedy(10, [(1, 11)], {1: 100})
    assert result.selected == ()
    assert result.total_cost == 0
    assert result.projects[0].reason == REASON_DOES_NOT_FIT


def test_a_project_named_twice_on_one_ballot_counts_once() -> None:
    assert count_votes([[1, 2], [2, 2], [3]]) == {1: 1, 2: 2, 3: 1}


def test_ballots_hash_ignores_storage_order_but_not_content() -> None:
    expected = hashlib.sha256(b"[[1,3],[2]]").hexdigest()
    assert ballots_hash([[3, 1], [2]]) == expected
    assert ballots_hash([[2], [1, 3]]) == expected
    assert ballots_hash([[2], [1]]) != expected
    assert ballots_hash([]) == hashlib.sha256(b"[]").hexdigest()
