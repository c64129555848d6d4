"""Reading and writing ``.pb`` files: the quirks of real files, ballot limits, round trips."""

import pytest

from counting.certificate import ballots_sha256
from counting.pabulib import parse_pb, write_pb
from counting.profile import BallotType, build_profile
from tests.counting.elections import election, names

CUMULATIVE = "\r\n".join(
    [
        "META",
        "key;value",
        'description;"A ""quoted"" name; with a semicolon"',
        "budget;1000.50",
        "vote_type;cumulative",
        "max_sum_points;5",
        "min_length;1",
        "PROJECTS",
        "project_id;cost;votes;score;name",
        "A/1;400.25;2;6;Lekplats",
        "B/2;600;1;1;Bänkar",
        "VOTES",
        "voter_id;vote;points",
        "v1;A/1,B/2;4,1",
        "v2;A/1;2",
        "v3;B/2;6",
        "v4;;",
        "",
    ]
)


def test_a_file_with_quotes_crlf_decimals_and_text_ids_is_read_exactly() -> None:
    found = parse_pb(CUMULATIVE)
    profile = found.profile
    assert found.meta["description"] == 'A "quoted" name; with a semicolon'
    assert profile.unit == 100
    assert profile.budget == 100_050
    assert profile.project_ids == ("A/1", "B/2")
    assert profile.costs == (40_025, 60_000)
    assert profile.scores.tolist() == [6, 1]
    # v3 gives 6 points of 5 and v4 chooses nothing (min_length 1): both set aside.
    assert found.rejected == 2
    assert profile.voter_count == 2
    assert found.selected() is None


def test_choose_one_ballots_with_two_choices_are_set_aside() -> None:
    text = "META\nkey;value\nbudget;10\nvote_type;choose-1\nPROJECTS\nproject_id;cost\n1;5\n2;5\n"
    found = parse_pb(text + "VOTES\nvoter_id;vote\n1;1\n2;1,2\n3;2\n")
    assert found.rejected == 1
    assert found.profile.project_ids == (1, 2)  # plain whole numbers are read as numbers
    assert found.profile.scores.tolist() == [1, 1]


def test_unsupported_vote_types_are_refused() -> None:
    with pytest.raises(ValueError, match="scoring"):
        parse_pb("META\nkey;value\nbudget;1\nvote_type;scoring\nPROJECTS\nproject_id;cost\n")


@pytest.mark.parametrize("name", names())
def test_votes_per_project_equal_the_files_own_votes_and_score_columns(name: str) -> None:
    found = election(name)
    column = "score" if found.profile.ballot_type != "approval" else "votes"
    assert found.rejected == (11 if name == "Worldwide_Mechanical_Turk_Utilities_3.pb" else 0)
    if found.rejected:
        return  # eleven ballots give 99 of the 100 points the file requires
    expected = [int(row[column]) for row in found.projects]
    assert found.profile.scores.tolist() == expected
    supporters = [int(row["votes"]) for row in found.projects]
    assert found.profile.supporters.tolist() == supporters


@pytest.mark.parametrize(
    ("kind", "points"), [("approval", None), ("ranked", None), ("cumulative", [[2, 1], [3]])]
)
def test_written_files_read_back_to_the_same_ballots(
    kind: BallotType, points: list[list[int]] | None
) -> None:
    profile = build_profile(
        90, [(1, 30), (2, 60)], [[2, 1], [1]], kind, points=points, max_length=2
    )
    meta = {"rule": "greedy", "max_length": "2"}
    text = write_pb(profile, meta, selected={2}, names={1: "Lekplats; ny"})
    back = parse_pb(text)
    assert ballots_sha256(back.profile) == ballots_sha256(profile)
    assert back.profile.scores.tolist() == profile.scores.tolist()
    assert back.selected() == {2}
    assert back.projects[0]["name"] == "Lekplats; ny"
    assert back.meta["num_votes"] == "2"


def test_amounts_with_decimals_are_written_back_in_currency_units() -> None:
    text = write_pb(parse_pb(CUMULATIVE).profile, {})
    assert "budget;1000.5\n" in text
    assert "A/1;400.25;" in text
