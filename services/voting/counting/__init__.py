"""The counting engine: greedy variants and the Method of Equal Shares, exact and fast.

Pure functions of a frozen ``Profile`` (no database, no clock), so the same ballots always give
the same result and pabutools, the reference implementation, can check every rule. Start at
``rules.count``; ``pabulib`` reads and writes elections in the open ``.pb`` format.
"""

from services.voting.counting.legacy import (
    REASON_DOES_NOT_FIT,
    REASON_SELECTED,
    RULE,
    RULE_VERSION,
    GreedyResult,
    Outcome,
    ballots_hash,
    count_votes,
    greedy,
)
from services.voting.counting.profile import Profile, build_profile
from services.voting.counting.rules import RULES, Options, Result, RuleName, count

__all__ = [
    "REASON_DOES_NOT_FIT",
    "REASON_SELECTED",
    "RULE",
    "RULES",
    "RULE_VERSION",
    "GreedyResult",
    "Options",
    "Outcome",
    "Profile",
    "Result",
    "RuleName",
    "ballots_hash",
    "build_profile",
    "count",
    "count_votes",
    "greedy",
]
