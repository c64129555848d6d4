"""Breaking ties the same way every time, in an order anyone can check.

Every rule ranks projects by one total order, which is also the order results are listed in:
more votes (points) first, then the lower cost, then a lottery. The lottery gives each project
the number ``sha256("<seed>:<project id>")`` and the smaller number goes first; the seed is
published with the result, so anyone can redo the draw. By default the seed is taken from the
fingerprint of the frozen ballots: nobody can choose it, and it is fixed before counting.

The Method of Equal Shares uses the same order when two projects are equally affordable.
"""

import hashlib

import numpy as np

from counting.profile import IntArray, Profile, ProjectId

SEED_LENGTH = 16


def default_seed(ballots_sha256: str) -> str:
    """The lottery seed when none is given: the start of the ballots' fingerprint."""
    return ballots_sha256[:SEED_LENGTH]


def lottery_number(seed: str, project_id: ProjectId) -> str:
    return hashlib.sha256(f"{seed}:{project_id}".encode()).hexdigest()


def tie_ranks(profile: Profile, seed: str) -> IntArray:
    """``ranks[p]`` is project ``p``'s place in the order (0 first): votes, cost, lottery."""
    keys = sorted(
        range(len(profile.costs)),
        key=lambda p: (
            -int(profile.scores[p]),
            profile.costs[p],
            lottery_number(seed, profile.project_ids[p]),
        ),
    )
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[keys] = np.arange(len(keys), dtype=np.int64)
    return ranks
