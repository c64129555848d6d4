"""Reading and writing elections in pabulib's ``.pb`` format (pabulib.org).

Three ``;``-separated sections: ``META`` (``key;value`` rows), ``PROJECTS`` (``project_id;cost;
votes;...``) and ``VOTES`` (``voter_id;vote[;points]``). Read with a real CSV reader: fields may
be quoted, lines may end in CRLF.

Import decisions, so a replay counts what the city counted:
- ``approval`` and ``choose-1`` ballots are approval ballots, ``cumulative`` keeps its points,
  ``ordinal`` becomes ranked with Borda points up to META ``max_length`` (else the longest
  ballot);
- ballot limits in META (``min_length``, ``max_length``, ``min_sum_points``,
  ``max_sum_points``; one choice for ``choose-1``) are enforced: a ballot that breaks them is
  set aside and counted in ``Election.rejected``, never counted as a vote;
- project ids are text (``BO.OM.97/24``) unless every id is a plain whole number, then they
  are numbers, as in a round: a round's export then fingerprints exactly as the round did;
- money may have decimals (``1331751.11``): amounts become whole numbers of the smallest unit
  used in the file and ``Profile.unit`` records the scale, so nothing is rounded.

Export writes the same format with opaque voter numbers and no other voter data.
"""

import csv
import io
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from counting.profile import BallotType, Profile, ProjectId, build_profile

BALLOT_TYPES: dict[str, BallotType] = {
    "approval": "approval",
    "choose-1": "approval",
    "cumulative": "cumulative",
    "ordinal": "ranked",
}
VOTE_TYPES: dict[BallotType, str] = {
    "approval": "approval",
    "knapsack": "approval",
    "cumulative": "cumulative",
    "ranked": "ordinal",
}


@dataclass(frozen=True)
class Election:
    """A parsed ``.pb`` file: the profile to count and what the file says about it."""

    profile: Profile
    meta: dict[str, str]
    projects: list[dict[str, str]]
    rejected: int
    # The file's voter_id of each counted ballot, in order: one city's files share them.
    voter_ids: list[str] = field(default_factory=list)

    @property
    def rule(self) -> str | None:
        """The rule the city used, if the file records it."""
        rule = self.meta.get("rule", "").strip()
        return rule if rule and rule != "unknown" else None

    def selected(self) -> set[ProjectId] | None:
        """Projects funded from the budget (``selected`` = 1; 2 and 3 were extra money)."""
        if not self.projects or "selected" not in self.projects[0]:
            return None
        return {
            project_id
            for project_id, row in zip(self.profile.project_ids, self.projects, strict=True)
            if row["selected"] == "1"
        }


def read_pb(path: Path) -> Election:
    with path.open(encoding="utf-8", newline="") as handle:
        return parse_pb(handle.read())


def parse_pb(text: str) -> Election:
    sections = _sections(text)
    meta = {row[0].strip(): row[1].strip() for row in sections.get("meta", [])[1:] if row}
    projects = _records(sections.get("projects", []))
    votes = _records(sections.get("votes", []))
    vote_type = meta.get("vote_type", "approval")
    if vote_type not in BALLOT_TYPES:
        raise ValueError(f"vote_type {vote_type!r} is not supported")
    ballot_type = BALLOT_TYPES[vote_type]
    amounts = [Decimal(meta["budget"]), *(Decimal(row["cost"]) for row in projects)]
    places = max(max(0, -int(a.normalize().as_tuple().exponent)) for a in amounts)
    unit = 10**places
    choices, points, rejected, voter_ids = _ballots(votes, meta, ballot_type)
    limit = meta.get("max_length")
    ids: list[str] = [row["project_id"] for row in projects]
    numbers = all(i.isascii() and i.isdigit() and str(int(i)) == i for i in ids)
    key: dict[str, ProjectId] = {i: int(i) if numbers else i for i in ids}
    profile = build_profile(
        int(amounts[0] * unit),
        [(key[i], int(Decimal(row["cost"]) * unit)) for i, row in zip(ids, projects, strict=True)],
        [[key.get(p, p) for p in ballot] for ballot in choices],
        ballot_type,
        points=points if ballot_type == "cumulative" else None,
        max_length=int(limit) if limit and ballot_type == "ranked" else None,
        unit=unit,
    )
    return Election(profile, meta, projects, rejected, voter_ids)


def _sections(text: str) -> dict[str, list[list[str]]]:
    sections: dict[str, list[list[str]]] = {}
    current: list[list[str]] = []
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        name = row[0].strip().lower()
        if len(row) == 1 and name in ("meta", "projects", "votes"):
            current = sections.setdefault(name, [])
        else:
            current.append(row)
    return sections


def _records(rows: list[list[str]]) -> list[dict[str, str]]:
    if not rows:
        return []
    header = [name.strip() for name in rows[0]]
    return [dict(zip(header, (value.strip() for value in row), strict=False)) for row in rows[1:]]


def _ballots(
    votes: list[dict[str, str]], meta: Mapping[str, str], ballot_type: BallotType
) -> tuple[list[list[str]], list[list[int]], int, list[str]]:
    limits = {key: int(meta[key]) for key in _LIMITS if meta.get(key, "").strip()}
    if meta.get("vote_type") == "choose-1":
        limits["max_length"] = 1
    choices, points, rejected, voter_ids = [], [], 0, []
    for row in votes:
        chosen = [p.strip() for p in row.get("vote", "").split(",") if p.strip()]
        given = [int(x) for x in row.get("points", "").split(",") if x.strip()]
        if ballot_type != "cumulative":
            given = [1] * len(chosen)
        if not _within(limits, len(chosen), sum(given)):
            rejected += 1
            continue
        choices.append(chosen)
        points.append(given)
        voter_ids.append(row.get("voter_id", "").strip())
    return choices, points, rejected, voter_ids


_LIMITS = ("min_length", "max_length", "min_sum_points", "max_sum_points")


def _within(limits: Mapping[str, int], length: int, total: int) -> bool:
    return limits.get("min_length", 0) <= length <= limits.get("max_length", length) and limits.get(
        "min_sum_points", 0
    ) <= total <= limits.get("max_sum_points", total)


def write_pb(
    profile: Profile,
    meta: Mapping[str, str],
    *,
    selected: Collection[ProjectId] = (),
    names: Mapping[ProjectId, str] | None = None,
) -> str:
    """The election as ``.pb`` text. Voters are numbered 1, 2, ... in canonical ballot order,
    so neither storage order nor any voter key can be read back from the file."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    head = {
        "num_projects": str(len(profile.costs)),
        "num_votes": str(profile.voter_count),
        "budget": money_text(profile.budget, profile.unit),
        "vote_type": VOTE_TYPES[profile.ballot_type],
    }
    writer.writerows([["META"], ["key", "value"], *({**head, **meta}.items())])
    score = "score" if profile.ballot_type != "approval" else "votes"
    header = ["project_id", "cost", "votes", "name", "selected"]
    writer.writerows([["PROJECTS"], header if score == "votes" else [*header, "score"]])
    for p, project_id in enumerate(profile.project_ids):
        row = [project_id, money_text(profile.costs[p], profile.unit), int(profile.supporters[p])]
        row += [(names or {}).get(project_id, ""), int(project_id in selected)]
        writer.writerow(row if score == "votes" else [*row, int(profile.scores[p])])
    cumulative = profile.ballot_type == "cumulative"
    writer.writerows([["VOTES"], ["voter_id", "vote", *(["points"] if cumulative else [])]])
    for number, pairs in enumerate(_canonical_pairs(profile), 1):
        row = [number, ",".join(str(project_id) for project_id, _ in pairs)]
        writer.writerow([*row, ",".join(str(w) for _, w in pairs)] if cumulative else row)
    return out.getvalue()


def _canonical_pairs(profile: Profile) -> Iterator[list[tuple[ProjectId, int]]]:
    ballots = [profile.ballot(v) for v in range(profile.voter_count)]
    if profile.ballot_type != "ranked":
        ballots = [sorted(pairs, key=lambda pair: str(pair[0])) for pairs in ballots]
    return iter(sorted(ballots, key=lambda pairs: [str(p) for p, _ in pairs]))


def money_text(amount: int, unit: int) -> str:
    """An amount of the smallest unit written in currency units, exactly (``1234.5``)."""
    return str(amount) if unit == 1 else str(Decimal(amount) / unit)
