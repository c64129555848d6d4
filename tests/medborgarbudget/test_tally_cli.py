"""``medborgarbudget tally``: counts a .pb file with its own rule, or the one asked for."""

import json
from pathlib import Path

import pytest

from counting.pabulib import write_pb
from counting.profile import build_profile
from medborgarbudget.cli import main


@pytest.fixture
def election_file(tmp_path: Path) -> Path:
    # Budget 100. Votes: 1 → 3 (cost 60), 2 → 2 (50), 3 → 1 (30).
    profile = build_profile(100, [(1, 60), (2, 50), (3, 30)], [[1, 2], [1, 2, 3], [1]])
    path = tmp_path / "val.pb"
    path.write_text(write_pb(profile, {"rule": "greedy-no-skip"}), encoding="utf-8")
    return path


def test_json_names_winners_rule_and_certificate(
    election_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tally", str(election_file), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["rule"] == "greedy-no-skip"  # the file's own rule
    assert answer["selected"] == [1]
    assert answer["certificate"]["rule"] == "greedy-no-skip"
    assert len(answer["certificate"]["ballots_sha256"]) == 64


def test_an_explicit_rule_and_seed_win_over_the_file(
    election_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tally", str(election_file), "--rule", "greedy", "--json", "--seed", "s"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["selected"] == [1, 3]
    assert answer["certificate"]["tie_break_seed"] == "s"


def test_text_output_lists_winners_and_certificate(
    election_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tally", str(election_file)]) == 0
    out = capsys.readouterr().out
    assert "regel greedy-no-skip, budget 100" in out
    assert "  1: 60, 3 röster" in out
    assert "ballots_sha256" in out


def test_unknown_rules_and_unreadable_files_exit_2(
    election_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tally", str(election_file), "--rule", "plurality"]) == 2
    assert "Okänd regel: plurality" in capsys.readouterr().err
    assert main(["tally", str(tmp_path / "saknas.pb")]) == 2
    assert "Kan inte läsa" in capsys.readouterr().err
