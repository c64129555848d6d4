"""Counting an election with a named rule: the engine's one entry point.

Rules (names as in pabulib's META ``rule`` where cities use them):

| rule | what it does |
|---|---|
| ``greedy`` | by votes, fund each project that still fits, skip the rest |
| ``greedy-no-skip`` | as greedy, but stop at the first project that does not fit |
| ``greedy-threshold`` | as greedy, over projects with at least ``threshold`` votes (points) |
| ``greedy-exclusive`` | as greedy, never funding both projects of an ``exclusive`` pair |
| ``mes`` | Method of Equal Shares: ``utilities`` cost (default) or cardinality, ``completion`` |
|  | none, greedy, add1 or add1+greedy (default); see ``completion`` |
| ``equalshares/add1`` | pabulib's name for ``mes`` with cost utilities and the add1 completion |

Votes are approvals, points, or Borda points for ranked ballots (see ``profile``). Ties follow
``ties``. The result lists every project in the tie order with its reason (``explain``) and
carries a certificate (``certificate``).
"""

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from counting import completion, greedy_rules
from counting.certificate import ENGINE_VERSION, Certificate, ballots_sha256
from counting.explain import Reason
from counting.mes import equal_shares
from counting.mes_setup import Setup, Utilities
from counting.profile import IntArray, Profile, ProjectId
from counting.ties import default_seed, tie_ranks

RuleName = Literal[
    "greedy", "greedy-no-skip", "greedy-threshold", "greedy-exclusive", "mes", "equalshares/add1"
]
RULES: tuple[RuleName, ...] = (
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "greedy-exclusive",
    "mes",
    "equalshares/add1",
)
Completion = Literal["none", "greedy", "add1", "add1+greedy"]
RULE_REVISION = 1  # raised whenever a rule's outcome for the same ballots could change


def rule_version(rule: RuleName) -> str:
    return f"{rule}/{RULE_REVISION}"


def rule_for(name: str | None) -> RuleName | None:
    """Our rule for a rule name (pabulib's included); ``greedy`` for none, None if unknown."""
    if name is None:
        return "greedy"
    if name.startswith("equalshares/add1"):
        return "equalshares/add1"
    return next((known for known in RULES if known == name), None)


@dataclass(frozen=True)
class Options:
    """Settings a rule reads; the certificate records only those its rule uses."""

    threshold: int = 0
    exclusive: tuple[tuple[ProjectId, ProjectId], ...] = ()
    utilities: Utilities = "cost"
    completion: Completion = "add1+greedy"

    def used_by(self, rule: RuleName) -> dict[str, Any]:
        if rule == "greedy-threshold":
            return {"threshold": self.threshold}
        if rule == "greedy-exclusive":
            return {"exclusive": [list(pair) for pair in self.exclusive]}
        if rule == "mes":
            return {"utilities": self.utilities, "completion": self.completion}
        if rule == "equalshares/add1":
            return {"utilities": "cost", "completion": "add1"}
        return {}


@dataclass(frozen=True)
class ProjectOutcome:
    project_id: ProjectId
    cost: int
    votes: int
    selected: bool
    reason: str
    reason_code: str


@dataclass(frozen=True)
class Result:
    """``selected`` in the order funded; ``projects`` in the tie order; money in the profile's
    smallest unit. ``voter_share`` is MES's final per-voter share (a fraction, as text)."""

    rule: RuleName
    budget: int
    selected: tuple[ProjectId, ...]
    total_cost: int
    projects: tuple[ProjectOutcome, ...]
    certificate: Certificate
    voter_share: str | None = field(default=None)


def count(
    profile: Profile, rule: RuleName, options: Options | None = None, seed: str | None = None
) -> Result:
    """Count ``profile`` with ``rule``; ``seed`` defaults to one taken from the ballots."""
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; known rules: {', '.join(RULES)}")
    options = options or Options()
    fingerprint = ballots_sha256(profile)
    seed = seed if seed is not None else default_seed(fingerprint)
    ranks = tie_ranks(profile, seed)
    chosen: list[int] = []
    reasons: dict[int, Reason] = {}
    share: Fraction | None = None
    if rule.startswith("greedy"):
        if rule == "greedy-threshold":
            reasons.update(greedy_rules.threshold_reasons(profile, options.threshold))
        excluded = greedy_rules.exclusive_map(profile, options.exclusive)
        skip = rule != "greedy-no-skip"
        greedy_rules.greedy_fill(profile, ranks, chosen, reasons, skip=skip, excluded=excluded)
    else:
        mes_options = options if rule == "mes" else Options(completion="add1")
        share = _mes(profile, ranks, mes_options, chosen, reasons)
    certificate = Certificate(
        ballots_sha256=fingerprint,
        ballot_count=profile.voter_count,
        rule=rule,
        options=options.used_by(rule),
        engine_version=ENGINE_VERSION,
        tie_break_seed=seed,
    )
    return _result(profile, rule, ranks.tolist(), chosen, reasons, certificate, share)


def _mes(
    profile: Profile,
    ranks: IntArray,
    options: Options,
    chosen: list[int],
    reasons: dict[int, Reason],
) -> Fraction | None:
    if profile.voter_count == 0:
        share = None
    else:
        setup = Setup(profile, options.utilities)
        if options.completion.startswith("add1"):
            funded, found, share = completion.add1(setup, ranks)
        else:
            share = Fraction(profile.budget, profile.voter_count)
            run = equal_shares(setup, ranks, share, track=False)
            funded, found = run.funded, run.reasons
        chosen.extend(funded)
        reasons.update(found)
    if options.completion in ("greedy", "add1+greedy"):
        greedy_rules.greedy_fill(profile, ranks, chosen, reasons, stage="selected-completion")
    return share


def _result(
    profile: Profile,
    rule: RuleName,
    ranks: list[int],
    chosen: list[int],
    reasons: dict[int, Reason],
    certificate: Certificate,
    share: Fraction | None,
) -> Result:
    outcomes = []
    for p in sorted(range(len(profile.costs)), key=ranks.__getitem__):
        reason = reasons.get(p, Reason("no-votes"))
        outcomes.append(
            ProjectOutcome(
                project_id=profile.project_ids[p],
                cost=profile.costs[p],
                votes=int(profile.scores[p]),
                selected=reason.selected,
                reason=reason.text(),
                reason_code=reason.code,
            )
        )
    return Result(
        rule=rule,
        budget=profile.budget,
        selected=tuple(profile.project_ids[p] for p in chosen),
        total_cost=sum(profile.costs[p] for p in chosen),
        projects=tuple(outcomes),
        certificate=certificate,
        voter_share=None if share is None else str(share),
    )
