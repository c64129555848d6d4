"""Greedy against pabutools, the reference implementation, on real pabulib elections.

Our greedy orders by approval count. In pabutools that is ``greedy_utilitarian_welfare`` with
``Cost_Sat``: it ranks by satisfaction gained per unit of cost, and with cost satisfaction a
project approved by v voters gains v * cost, i.e. v per unit. (``Cardinality_Sat`` would rank by
votes per krona instead, a different rule.) pabutools breaks remaining ties by project name, so
it is given our tie-break (lower cost, then lower id) to compare whole outcomes, ties included.
"""

from fractions import Fraction
from pathlib import Path

import pytest
from pabutools.election import (  # type: ignore[import-untyped]
    ApprovalProfile,
    Cost_Sat,
    Instance,
    Project,
    parse_pabulib,
)
from pabutools.rules import greedy_utilitarian_welfare  # type: ignore[import-untyped]
from pabutools.tiebreaking import TieBreakingRule  # type: ignore[import-untyped]

from services.voting.counting import GreedyResult, count_votes, greedy

PABULIB = Path(__file__).resolve().parents[3] / ".." / "shared" / "pabulib"
ELECTIONS = [
    "Poland_Gdynia_2023_Chwarzno-Wiczlino__small.pb",
    "Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb",
    "Poland_Swiecie_2023.pb",
    "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb",
    "US_Stanford_Dataset_PB_Chicago_49th_Ward_2016_vote_approvals.pb",
    "France_Toulouse_2022.pb",  # 199 projects, dozens of ties in votes
]
# Cities that counted with plain greedy and published which projects they funded.
PUBLISHED_GREEDY = [
    "Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb",
    "Poland_Warszawa_2019_Ursynow.pb",
]


def _whole(value: object) -> int:
    number = Fraction(str(value))
    assert number.denominator == 1, f"not whole money: {value}"
    return int(number)


def _load(name: str) -> tuple[Instance, ApprovalProfile]:
    path = PABULIB / name
    if not path.exists():
        pytest.skip(f"pabulib election {path} is not available (expected beside the clone)")
    instance, profile = parse_pabulib(str(path))
    assert isinstance(profile, ApprovalProfile)
    return instance, profile


def _numbered(instance: Instance) -> dict[str, int]:
    """pabulib ids are strings ("2023/CHW/0020"); ours are integers, numbered in name order."""
    return {p.name: number for number, p in enumerate(sorted(instance, key=lambda p: p.name), 1)}


def _our_greedy(instance: Instance, profile: ApprovalProfile, ids: dict[str, int]) -> GreedyResult:
    ballots = [[ids[p.name] for p in ballot] for ballot in profile]
    projects = [(ids[p.name], _whole(p.cost)) for p in instance]
    return greedy(_whole(instance.budget_limit), projects, count_votes(ballots))


@pytest.mark.parametrize("name", ELECTIONS)
def test_greedy_selects_what_pabutools_selects(name: str) -> None:
    instance, profile = _load(name)
    ids = _numbered(instance)
    ours_tie_break = TieBreakingRule(lambda _inst, _prof, p: (p.cost, ids[p.name]))

    expected = greedy_utilitarian_welfare(
        instance, profile, sat_class=Cost_Sat, tie_breaking=ours_tie_break
    )
    result = _our_greedy(instance, profile, ids)

    assert set(result.selected) == {ids[p.name] for p in expected}
    assert result.total_cost == sum(_whole(p.cost) for p in expected)
    by_id: dict[int, Project] = {ids[p.name]: p for p in instance}
    assert {o.project_id: o.votes for o in result.projects} == {
        i: profile.approval_score(p) for i, p in by_id.items()
    }


@pytest.mark.parametrize("name", PUBLISHED_GREEDY)
def test_greedy_reproduces_the_published_outcome(name: str) -> None:
    instance, profile = _load(name)
    ids = _numbered(instance)
    funded = {ids[p.name] for p in instance if str(instance.project_meta[p].get("selected")) == "1"}
    assert set(_our_greedy(instance, profile, ids).selected) == funded
