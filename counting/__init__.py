"""The counting engine: greedy variants and the Method of Equal Shares, exact and fast.

Pure functions of a frozen ``Profile`` (no database, no clock), so the same ballots always give
the same result and pabutools, the reference implementation, can check every rule. Start at
``rules.count``; ``pabulib`` reads and writes elections in the open ``.pb`` format.
"""

from counting.profile import Profile, build_profile
from counting.rules import RULES, Options, Result, RuleName, count

__all__ = [
    "RULES",
    "Options",
    "Profile",
    "Result",
    "RuleName",
    "build_profile",
    "count",
]
