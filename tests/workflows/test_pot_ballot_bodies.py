"""Each pot's ballot body, as the define-ballot activity sends it to the voting service."""

from datetime import UTC, datetime, timedelta

from workflows.activities.pot_ballots import pot_bodies
from workflows.config import BallotConfig, EligibilityConfig
from workflows.messages.pots import PotBallotSpec
from workflows.messages.services import BallotDefinition, BallotProject

OPENS = datetime(2027, 5, 1, tzinfo=UTC)


def ballot(pots: list[PotBallotSpec]) -> BallotDefinition:
    return BallotDefinition(
        round_id="are-2027",
        kommun="Åre",
        budget=500_000,
        ballot_type="approval",
        max_choices=5,
        eligibility=EligibilityConfig(kommun="Åre", min_age=16),
        projects=[BallotProject(project_id=i, cost=1000 * i) for i in (11, 12, 13, 14)],
        opens_at=OPENS,
        closes_at=OPENS + timedelta(days=14),
        pots=pots,
    )


KOMMUN = PotBallotSpec(
    id="kommun", name="Hela kommunen", budget=300_000, ballot=BallotConfig(), rule="greedy"
)
NORR = PotBallotSpec(
    id="norr",
    name="Norr",
    area="norr",
    area_source="declared",
    budget=150_000,
    ballot=BallotConfig(type="cumulative", total_points=10),
    rule="greedy-threshold",
    min_project_score_threshold=5,
    min_age=12,
)
SODER = NORR.model_copy(update={"id": "soder", "area": "soder", "budget": 50_000})


def test_projects_go_to_the_pot_their_proposal_names_and_others_to_the_kommun_pot() -> None:
    bodies = pot_bodies(ballot([KOMMUN, NORR, SODER]), {11: "norr", 12: None, 13: "vaster"})
    # soder has no project: no ballot for it.
    assert [(b["pot"], [p["project_id"] for p in b["projects"]]) for b in bodies] == [
        ("kommun", [12, 13, 14]),
        ("norr", [11]),
    ]
    norr = bodies[1]
    assert (norr["ballot_type"], norr["total_points"], norr["max_choices"]) == (
        "cumulative",
        10,
        None,
    )
    assert (norr["rule"], norr["min_project_score_threshold"], norr["area_source"]) == (
        "greedy-threshold",
        5,
        "declared",
    )
    assert norr["eligibility"] == {
        "min_age": 12,
        "kommun": "Åre",
        "areas": ["norr"],
        "companies": False,
    }
    assert bodies[0]["eligibility"]["areas"] == []


def test_a_pots_exclusive_pairs_go_with_its_ballot_within_its_projects() -> None:
    """A pair whose proposal did not reach the pot's ballot cannot both be funded: left out."""
    kommun = KOMMUN.model_copy(
        update={"rule": "greedy-exclusive", "exclusive_pairs": [[12, 13], [13, 11]]}
    )
    bodies = pot_bodies(ballot([kommun, NORR]), {11: "norr"})
    assert bodies[0]["exclusive_pairs"] == [[12, 13]]
    assert "exclusive_pairs" not in bodies[1]
