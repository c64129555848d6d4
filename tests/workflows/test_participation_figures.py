"""The evaluation's participation: proposals by where their proposers live and their age
bands when intake publishes them (small groups hidden there); the proposals' own areas and no
age bands for an intake from before."""

from workflows.messages.evaluation import ProposalFigures
from workflows.messages.round import RoundCounts
from workflows.phases.requests import participation

COUNTS = RoundCounts(proposals=9, feasible=4, ballots=120)
PROPOSALS = ProposalFigures(per_day={"2027-02-01": 9}, by_area={"are-by": 9}, by_channel={"web": 9})


def test_proposers_areas_and_age_bands_go_into_the_participation() -> None:
    who = PROPOSALS.model_copy(
        update={
            "by_proposer_area": {"are-by": 5, "jarpen": None, "unknown": None},
            "by_proposer_age_band": {"25-34": 7, "65+": None, "unknown": None},
        }
    )
    figures = participation(COUNTS, who, None)
    assert figures.by_area.proposals == {"are-by": 5, "jarpen": None, "unknown": None}
    assert figures.by_age_band.proposals == {"25-34": 7, "65+": None, "unknown": None}


def test_without_them_the_proposals_own_areas_and_no_age_bands() -> None:
    figures = participation(COUNTS, PROPOSALS, None)
    assert figures.by_area.proposals == {"are-by": 9}
    assert figures.by_age_band.proposals is None
