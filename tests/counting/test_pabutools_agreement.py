"""Every rule selects what pabutools selects, project for project, on the shared elections.

pabutools is the reference: exact fractions, slow. It counts the same accepted ballots with
our utilities and our tie order (``oracle``). Which files run which rule, and why:
- greedy, MES (cost and cardinality utilities) and MES + greedy completion: every small and
  medium file (pabutools needs up to ~15 s per medium file and rule);
- ``greedy-threshold``: pabutools has no threshold, so it counts the eligible projects only;
- the ``add1`` completions: pabutools reruns MES once per krona added to each voter's share,
  from seconds to hours per file (Toulouse 2022: over a minute; Budapest VIII: never
  finishes). ``ADD1`` lists the small files where it takes a few seconds; the rest are in
  ``benchmarks/tally.py``, as are the large files for every rule (minutes each in pabutools).
  Random elections compare every completion with pabutools in ``test_properties``.
- ``greedy-no-skip`` and ``greedy-exclusive`` have no pabutools counterpart: the published
  outcomes (``test_real_outcomes``) and hand-counted cases (``test_rules``) cover them.
Together with the other tests this keeps the suite to about two minutes on two cores.
"""

import pytest

from counting.rules import Options, count
from tests.counting.elections import election, index, names
from tests.counting.oracle import Oracle

SEED = "agreement"
FILES = names("small", "medium")
MES_VARIANTS = [("cost", "none"), ("cardinality", "none"), ("cost", "greedy")]
ADD1 = [
    "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb",
    "Netherlands_Amsterdam_643.pb",
    "Netherlands_Assen_2024.pb",
    "Poland_Czestochowa_2020_Grabowka.pb",
    "Poland_Gdynia_2023_Chwarzno-Wiczlino__small.pb",
]
THRESHOLD = [n for n in FILES if index().get(n, {}).get("rule") == "greedy-threshold"]


@pytest.mark.parametrize("name", FILES)
def test_greedy_agrees_with_pabutools(name: str) -> None:
    profile = election(name).profile
    assert set(count(profile, "greedy", None, SEED).selected) == Oracle(profile, SEED).greedy()


@pytest.mark.parametrize("name", THRESHOLD)
def test_greedy_threshold_agrees_with_pabutools_on_the_eligible_projects(name: str) -> None:
    found = election(name)
    threshold = int(found.meta["min_project_score_threshold"])
    eligible = Oracle(found.profile, SEED, keep=lambda p: found.profile.scores[p] >= threshold)
    ours = count(found.profile, "greedy-threshold", Options(threshold=threshold), SEED)
    assert set(ours.selected) == eligible.greedy()


@pytest.mark.parametrize(("utilities", "completion"), MES_VARIANTS)
@pytest.mark.parametrize("name", FILES)
def test_mes_agrees_with_pabutools(name: str, utilities: str, completion: str) -> None:
    profile = election(name).profile
    options = Options(utilities=utilities, completion=completion)  # type: ignore[arg-type]
    ours = count(profile, "mes", options, SEED)
    assert set(ours.selected) == Oracle(profile, SEED).mes(utilities, completion)


@pytest.mark.parametrize("completion", ["add1", "add1+greedy"])
@pytest.mark.parametrize("name", ADD1)
def test_mes_add1_agrees_with_pabutools(name: str, completion: str) -> None:
    profile = election(name).profile
    ours = count(profile, "mes", Options(completion=completion), SEED)  # type: ignore[arg-type]
    assert set(ours.selected) == Oracle(profile, SEED).mes("cost", completion)
