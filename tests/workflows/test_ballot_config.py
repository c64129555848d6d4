"""The round config's ballot settings: checked up front, and carried whole to the voting service."""

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


def config(ballot: dict[str, Any], **changes: Any) -> RoundConfig:
    fields = {
        "kommun": "Åre",
        "title": "Medborgarbudget 2027",
        "budget": 500_000,
        "timeline": year_long_timeline(START).model_dump(),
        "ballot": ballot,
        **changes,
    }
    return RoundConfig.model_validate(fields)


@pytest.mark.parametrize(
    ("ballot", "max_choices"),
    [({}, 5), ({"type": "ranked"}, 5), ({"type": "ranked", "max_choices": 3}, 3)],
)
def test_approval_and_ranked_ballots_limit_choices_to_five_by_default(
    ballot: dict[str, Any], max_choices: int
) -> None:
    assert config(ballot).ballot.max_choices == max_choices


def test_knapsack_and_cumulative_ballots_have_no_choice_limit_unless_set() -> None:
    assert config({"type": "knapsack"}).ballot.max_choices is None
    assert config({"type": "cumulative", "total_points": 10}).ballot.max_choices is None


@pytest.mark.parametrize(
    ("ballot", "swedish", "english"),
    [
        ({"type": "cumulative"}, "behöver total_points", "needs total_points"),
        ({"type": "approval", "min_spend_percent": 50}, "bara röstsedeltypen knapsack", "only"),
        ({"type": "ranked", "total_points": 10}, "gäller bara cumulative", "cumulative ballots"),
        ({"type": "approval", "max_choices": None}, "behöver max_choices", "needs max_choices"),
        ({"type": "secret"}, "type", "literal_error"),
        ({"eligibility": {"min_age": -1}}, "min_age", "greater_than_equal"),
    ],
)
def test_inconsistent_ballot_settings_fail_fast_in_swedish_and_english(
    ballot: dict[str, Any], swedish: str, english: str
) -> None:
    with pytest.raises(ValidationError) as error:
        config(ballot)
    assert swedish in str(error.value)
    assert english in str(error.value)


def test_the_ballot_definition_carries_type_limits_eligibility_and_electorate() -> None:
    round_config = config(
        {
            "type": "cumulative",
            "total_points": 10,
            "max_points_per_project": 4,
            "eligibility": {"min_age": 16, "kommun": "2321", "areas": ["Järpen"]},
        },
        follow_up={"eligible_voters": 9_000},
    )
    round_config = round_config.model_copy(update={"counting_rule": "mes", "currency": "EUR"})
    feasible = [FeasibleProject(proposal_id=7, cost=90_000)]
    definition = ballot_definition("are-2027", round_config, feasible)
    body = request_body(definition)
    assert body["ballot_type"] == "cumulative"
    assert body["currency"] == "EUR"
    assert body["rule"] == "mes"
    assert (body["total_points"], body["max_points_per_project"]) == (10, 4)
    assert body["electorate"] == 9_000
    assert body["eligibility"] == {
        "min_age": 16,
        "kommun": "2321",
        "areas": ["Järpen"],
        "companies": False,
    }
    # The voting service accepts the body and keeps every field of it as sent.
    accepted = BallotDefinitionCreate.model_validate(body).model_dump(mode="json")
    assert {name: accepted[name] for name in body} == body


@pytest.mark.parametrize(
    "ballot",
    [{}, {"type": "knapsack", "min_spend_percent": 60}, {"type": "ranked", "max_choices": 2}],
)
def test_every_ballot_type_makes_a_body_the_voting_service_accepts(
    ballot: dict[str, Any],
) -> None:
    definition = ballot_definition(
        "are-2027", config(ballot), [FeasibleProject(proposal_id=1, cost=5)]
    )
    assert BallotDefinitionCreate.model_validate(request_body(definition)).ballot_type == (
        ballot.get("type", "approval")
    )
