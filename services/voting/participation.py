"""Who took part, in coarse groups only: the area, age band and channel of a round's ballots.

When a ballot is cast it keeps the voter's area (as the identity provider, the population
register or the official gives it) and an age band on the last voting day; never the birth
date, and never the identity. The figures published after voting closes are counts of one
dimension at a time (no cross tables), with small-cell suppression so that no one can be
singled out:

- a group with fewer than ``min_cell`` voters (but more than none) is shown as ``null``;
- if that leaves a single hidden group, or hidden groups with fewer than ``min_cell`` voters
  together, the next smallest groups are hidden too, since the published total would
  otherwise give the hidden count away; groups with no voters are hidden last, and only when
  nothing else is left.

A group with no voters is shown as 0: it tells that nobody of that group voted, about no one.
Ballots per day are published whole: they are not broken down by any attribute of the voters.
"""

from collections import Counter
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from services.common.age_bands import AGE_BANDS, age_band
from services.voting.eligibility import STOCKHOLM, Voter, last_voting_day
from services.voting.models import AREA_LENGTH, Ballot

UNKNOWN = "unknown"
CHANNELS = ("online", "paper")
VOTER_KINDS = ("resident", "company")


def coarse_attributes(voter: Voter, closes_at: datetime) -> tuple[str | None, str | None]:
    """What a ballot keeps about its voter: area and age band (a company has no age)."""
    area = (voter.area or "").strip()[:AREA_LENGTH] or None
    born = voter.birthdate if voter.kind == "person" else None
    return area, age_band(born, last_voting_day(closes_at))


def _of(round_id: str | list[str]) -> Any:
    """Ballots of a round, or of a round's ballot keys (a round with pots: every pot's)."""
    keys = [round_id] if isinstance(round_id, str) else round_id
    return col(Ballot.round_id).in_(keys)


def _grouped(session: Session, round_id: str | list[str], column: object) -> Counter[str | None]:
    rows = session.exec(
        select(column, func.count()).where(_of(round_id)).group_by(column)  # type: ignore[call-overload]
    )
    return Counter({value: count for value, count in rows.all()})


def areas(session: Session, round_id: str | list[str], known: list[str]) -> dict[str, int]:
    """Ballots per area, the areas compared without case; named as the round's rules name
    them (listed with 0 if nobody voted there), else as first stored."""
    names = {area.strip().casefold(): area for area in known}
    counts: Counter[str] = Counter({name: 0 for name in names.values()})
    stored = sorted(_grouped(session, round_id, Ballot.area).items(), key=lambda i: i[0] or "")
    for area, count in stored:
        if area is None:
            counts[UNKNOWN] += count
            continue
        name = names.setdefault(area.strip().casefold(), area)
        counts[name] += count
    return dict(sorted(counts.items(), key=lambda item: (item[0] == UNKNOWN, item[0])))


def age_bands(session: Session, round_id: str | list[str]) -> dict[str, int]:
    stored = _grouped(session, round_id, Ballot.age_band)
    counts = {name: stored.get(name, 0) for _, name in AGE_BANDS}
    return counts | {UNKNOWN: stored.get(None, 0)}


def voter_kind(voter: Voter) -> str:
    """Companies apart from residents, named as intake names its proposers."""
    return "company" if voter.kind == "company" else "resident"


def voter_kinds(session: Session, round_id: str | list[str]) -> dict[str, int]:
    stored = _grouped(session, round_id, Ballot.voter_kind)
    counts = {kind: stored.get(kind, 0) for kind in VOTER_KINDS}
    return counts | {UNKNOWN: stored.get(None, 0)}


def channels(session: Session, round_id: str | list[str]) -> dict[str, int]:
    stored = _grouped(session, round_id, Ballot.channel)
    return {channel: stored.get(channel, 0) for channel in CHANNELS}


def ballots_per_day(session: Session, round_id: str | list[str]) -> dict[str, int]:
    """Ballots by the Swedish day of their last cast (a replaced ballot counts on its new day)."""
    rows = session.exec(select(Ballot.cast_at).where(_of(round_id)))
    days = Counter(cast_at.astimezone(STOCKHOLM).date().isoformat() for cast_at in rows)
    return dict(sorted(days.items()))
