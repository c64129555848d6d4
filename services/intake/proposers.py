"""Who proposed, in coarse groups only: the proposer's area (as they declare it, or as their
verified identity gives it) and age band on the day of the proposal. Never the birth date,
never the identity; the figures are published as counts per group with small-cell
suppression (services/common/small_cells.py), one dimension at a time."""

from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

from services.common.age_bands import AGE_BANDS, age_band
from services.common.auth import Principal
from services.common.identity_numbers import IdentityNumberError, personnummer_and_birth_date
from services.common.small_cells import GroupCounts, suppress_small_cells
from services.intake.models import IntakeRound, Proposal
from services.intake.schemas import PERSON_KINDS

UNKNOWN = "unknown"


def _area_id(round_: IntakeRound, given: str) -> str | None:
    """The round's area a declared id or an identity's area name stands for (case aside)."""
    wanted = " ".join(given.split()).casefold()
    for area in round_.areas:
        if wanted in (str(area["id"]).casefold(), " ".join(str(area["name"]).split()).casefold()):
            return str(area["id"])
    return None


def proposer_area(
    round_: IntakeRound, declared: str | None, proposer: Principal, own: bool
) -> tuple[str | None, dict[str, str]]:
    """The declared area (one of the round's, else an error for the field), or the area the
    proposer's own verified identity names (``area`` claim), or unknown."""
    if declared is not None:
        area = _area_id(round_, declared)
        if area is None:
            return None, {"proposer_area": "Välj ett av omgångens områden där du bor."}
        return area, {}
    claimed = proposer.claims.get("area") if own else None
    return (_area_id(round_, claimed) if isinstance(claimed, str) else None), {}


def proposer_age_band(kind: str, number: str, today: date) -> str | None:
    """A person's band on the day of the proposal, from the personnummer given (checked and
    normalised already); a company or association has none."""
    if kind not in PERSON_KINDS:
        return None
    try:
        return age_band(personnummer_and_birth_date(number, today)[1], today)
    except IdentityNumberError:
        return None


def _counts(session: Session, round_id: str, column: Any, names: list[str]) -> dict[str, int]:
    rows = session.exec(
        select(column, func.count())
        .where(Proposal.round_id == round_id, col(Proposal.hidden_at).is_(None))
        .group_by(column)
    ).all()
    stored = {value: count for value, count in rows}
    counts = {name: stored.pop(name, 0) for name in names}
    return counts | {UNKNOWN: sum(stored.values())}


def proposer_groups(session: Session, round_: IntakeRound, min_cell: int) -> dict[str, GroupCounts]:
    """Proposals per proposer area and per age band (the round's areas and every band listed,
    0 where nobody proposed), small groups hidden."""
    areas = [str(area["id"]) for area in round_.areas]
    bands = [name for _, name in AGE_BANDS]
    return {
        "by_area": suppress_small_cells(
            _counts(session, round_.id, Proposal.proposer_area, areas), min_cell
        ),
        "by_age_band": suppress_small_cells(
            _counts(session, round_.id, Proposal.proposer_age_band, bands), min_cell
        ),
    }
