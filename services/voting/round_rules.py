"""A round's ballot rules as casting needs them, read from the database once they are frozen.

Casting is the hot path: thousands of ballots a second in a city round. The rules cannot change
once voting opens (``PUT /ballot`` answers 409), so a frozen definition is cached per process and
casting reads no database row before its write. The cached status may lag behind a close; the
ballot writer checks the status again under lock in the transaction that stores the ballot.

One thing may still change while voting is open: its end, moved later (``PUT /ballot/closing``,
when the workflow's deadline is extended). An open round's rules are therefore read again every
few seconds (``REFRESH_SECONDS``), by one request while the others go on with the rules they
have, so every process takes a new closing time within seconds of it being set.
"""

import logging
import time
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from services.common.errors import Problem
from services.voting.models import BallotStatus, BallotType, Eligibility
from services.voting.routes import ballot_projects, get_definition


@dataclass(frozen=True)
class RoundRules:
    round_id: str
    status: BallotStatus
    ballot_type: BallotType
    budget: int
    max_choices: int | None
    min_spend_percent: int | None
    total_points: int | None
    max_points_per_project: int | None
    closes_at: datetime
    eligibility: Eligibility
    costs: dict[int, int]
    # A round with pots takes its ballots in its pots (services.voting.pot_ballots).
    has_pots: bool = False
    declared_area: bool = False
    # The round the ballot belongs to: a pot's ballot's round, else the ballot's own key. A
    # voter's participation marker is the round's, whichever of its pots they voted in.
    parent_id: str | None = None

    @property
    def participation_round(self) -> str:
        return self.parent_id or self.round_id

    def require_open(self, now: datetime) -> None:
        if self.status == "ready":
            raise Problem(409, "Röstningen har inte öppnat än.", code="voting-not-open")
        if self.status == "closed" or now >= self.closes_at:
            raise voting_closed()


def voting_closed() -> Problem:
    return Problem(409, "Röstningen är stängd. Rösten registrerades inte.", code="voting-not-open")


def load_rules(engine: Engine, round_id: str) -> RoundRules:
    """The round's rules from the database; 404 if it has no ballot."""
    with Session(engine) as session:
        definition = get_definition(session, round_id)
        return RoundRules(
            round_id=round_id,
            status=definition.status,  # type: ignore[arg-type]  # checked by the database
            ballot_type=definition.ballot_type,
            budget=definition.budget,
            max_choices=definition.max_choices,
            min_spend_percent=definition.min_spend_percent,
            total_points=definition.total_points,
            max_points_per_project=definition.max_points_per_project,
            closes_at=definition.closes_at,
            eligibility=Eligibility.model_validate(definition.eligibility),
            costs={p.project_id: p.cost for p in ballot_projects(session, round_id)},
            has_pots=bool(definition.pots),
            declared_area=bool(definition.declared_area),
            parent_id=definition.parent_id,
        )


log = logging.getLogger(__name__)
# How old an open round's cached rules may get before a cast reads them again.
REFRESH_SECONDS = 5.0


class RulesCache:
    """Frozen rules per round; a ballot still being prepared is read afresh every time, an open
    one again after ``refresh_seconds``."""

    def __init__(self, engine: Engine, refresh_seconds: float = REFRESH_SECONDS) -> None:
        self._engine = engine
        self._refresh = refresh_seconds
        self._frozen: dict[str, tuple[RoundRules, float]] = {}

    async def get(self, round_id: str) -> RoundRules:
        entry = self._frozen.get(round_id)
        if entry is not None:
            rules, read_again_at = entry
            if rules.status != "open" or time.monotonic() < read_again_at:
                return rules
            # One request reads them again; the others meanwhile keep the rules they have.
            self._frozen[round_id] = (rules, time.monotonic() + self._refresh)
            try:
                rules = await run_in_threadpool(load_rules, self._engine, round_id)
            except Exception:  # the database away for a moment: the rules in hand still hold
                log.warning("could not read the rules of %s again", round_id, exc_info=True)
                return rules
        else:
            rules = await run_in_threadpool(load_rules, self._engine, round_id)
        if rules.status != "ready":
            self._frozen[round_id] = (rules, time.monotonic() + self._refresh)
        return rules

    def mark_closed(self, round_id: str) -> None:
        """The writer found the round closed: later casts are refused without a trip."""
        entry = self._frozen.get(round_id)
        if entry is not None:
            self._frozen[round_id] = (replace(entry[0], status="closed"), entry[1])
