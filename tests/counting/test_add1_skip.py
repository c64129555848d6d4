"""``add1`` skips reruns whose outcome cannot change: it must end where stepping every krona
(the plain definition, which pabutools follows) ends: the same projects in the same order, and
the same final share. (Prices differ: they are those of the last share actually rerun.)

pabutools is too slow for most of these files (Toulouse 2019: 23 s, Budapest VIII: never
finishes), so the reference here is our own exact MES rerun at every step.
"""

import pytest

from counting.completion import add1
from counting.mes_setup import Setup
from counting.ties import tie_ranks
from tests.counting.elections import election

# Small files where add1 takes 70 to 840 steps; stepping each takes at most a few seconds.
FILES = [
    "France_Toulouse_2019.pb",
    "Netherlands_Assen_2024.pb",
    "Poland_Katowice_2020_Bogucice.pb",
    "Poland_Krakow_2020_Bronowice.pb",
    "Poland_Swiecie_2023.pb",
    "Switzerland_Zurich_D10.pb",
    "US_Stanford_Dataset_PB_Dieppe_2015_vote_rankings.pb",
]


CARDINALITY = [
    "France_Toulouse_2019.pb",
    "Poland_Krakow_2020_Bronowice.pb",
    "Switzerland_Zurich_D10.pb",
]
CASES = [(name, "cost") for name in FILES] + [(name, "cardinality") for name in CARDINALITY]


@pytest.mark.parametrize(("name", "utilities"), CASES)
def test_skipping_ends_where_stepping_every_unit_ends(name: str, utilities: str) -> None:
    profile = election(name).profile
    setup = Setup(profile, utilities)  # type: ignore[arg-type]
    ranks = tie_ranks(profile, "skip")
    skipped, _, share = add1(setup, ranks)
    stepped, _, stepped_share = add1(setup, ranks, skip=False)
    assert skipped == stepped  # same projects, same order
    assert share == stepped_share
