"""The round config's counting rule and its options: checked up front, carried to the ballot."""

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from services.voting.models import BallotDefinitionCreate
from tests.workflows.helpers import year_long_timeline
from workflows.activities.service_client import request_body
from workflows.config import RoundConfig
from workflows.messages.services import FeasibleProject
from workflows.phases.requests import ballot_definition

START = datetime(2027, 1, 10, 9, tzinfo=UTC)
FEASIBLE = [FeasibleProject(proposal_id=i, cost=100_000) for i in (7, 8, 9)]


def config(**changes: Any) -> RoundConfig:
    fields = {
        "kommun": "Åre",
        "title": "Medborgarbudget 2027",
        "budget": 500_000,
        "timeline": year_long_timeline(START).model_dump(),
        **changes,
    }
    return RoundConfig.model_validate(fields)


def test_old_configs_without_the_options_still_decode() -> None:
    round_config = config(counting_rule="mes")
    assert round_config.min_project_score_threshold is None
    assert round_config.exclusive_pairs == []


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"counting_rule": "greedy-threshold"}, "behöver min_project_score_threshold"),
        ({"min_project_score_threshold": 10}, "gäller bara regeln greedy-threshold"),
        (
            {"counting_rule": "greedy-threshold", "min_project_score_threshold": -1},
            "greater_than_equal",
        ),
        ({"exclusive_pairs": [[7, 8]]}, "gäller bara regeln greedy-exclusive"),
        ({"counting_rule": "greedy-exclusive", "exclusive_pairs": [[7, 7]]}, "två olika förslag"),
        ({"counting_rule": "greedy-exclusive", "exclusive_pairs": [[7, 0]]}, "greater_than"),
        ({"counting_rule": "greedy-exclusive", "exclusive_pairs": [[7]]}, "exclusive_pairs"),
        (
            {"counting_rule": "greedy-exclusive", "exclusive_pairs": [[7, 8], [8, 7]]},
            "finns redan",
        ),
    ],
)
def test_options_that_do_not_fit_the_rule_are_refused(
    changes: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(ValidationError, match=fragment):
        config(**changes)


def test_a_threshold_rule_carries_its_threshold_to_the_voting_service() -> None:
    round_config = config(counting_rule="greedy-threshold", min_project_score_threshold=0)
    body = request_body(ballot_definition("are-2027", round_config, FEASIBLE))
    assert (body["rule"], body["min_project_score_threshold"]) == ("greedy-threshold", 0)
    assert body["exclusive_pairs"] == []
    accepted = BallotDefinitionCreate.model_validate(body).model_dump(mode="json")
    assert {name: accepted[name] for name in body} == body


def test_exclusive_pairs_reach_the_ballot_when_both_projects_are_on_it() -> None:
    pairs = [[7, 8], [9, 42]]  # 42 was not found feasible: that pair is moot
    round_config = config(counting_rule="greedy-exclusive", exclusive_pairs=pairs)
    body = request_body(ballot_definition("are-2027", round_config, FEASIBLE))
    assert (body["rule"], body["exclusive_pairs"]) == ("greedy-exclusive", [[7, 8]])
    assert body["min_project_score_threshold"] is None
    accepted = BallotDefinitionCreate.model_validate(body).model_dump(mode="json")
    assert {name: accepted[name] for name in body} == body
