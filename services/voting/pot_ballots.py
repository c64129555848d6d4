"""A round's pots: one ballot per pot, beside the round's own ballot.

A pot's ballot is an ordinary ballot definition whose key is ``<round id>~<pot id>`` (a round
id never holds ``~``), so casting, the group commit, the rules cache and counting work on it
unchanged, and the unique ``(round_id, voter_key)`` index holds one ballot per person per pot.
The round's own ballot lists its pots; opening, closing, moving the closing and archiving the
round act on every pot's ballot in the same transaction, and the round's tally counts each pot
with its own rule and sums them up.
"""

import hashlib
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator
from sqlalchemy import update
from sqlmodel import Session, SQLModel, col, delete, func, select

from services.common.errors import Problem
from services.common.strict import StrictRequest
from services.common.types import utc_now
from services.voting.models import (
    AREA_LENGTH,
    POT_PATTERN,
    Ballot,
    BallotDefinition,
    BallotDefinitionCreate,
    BallotProject,
    BallotProjectEntry,
    BallotType,
    Eligibility,
    ParticipationMarker,
    Tally,
)

SEPARATOR = "~"
MAX_POTS = 100


def pot_key(round_id: str, pot: str) -> str:
    return f"{round_id}{SEPARATOR}{pot}"


class PotBallot(StrictRequest):
    """One pot's ballot: its money, projects, ballot type, rule and who may vote in it."""

    pot: str = Field(pattern=POT_PATTERN, description="Pottens id, t.ex. 'bogucice'")
    name: str = Field(min_length=1, max_length=100)
    area: str | None = Field(default=None, min_length=1, max_length=AREA_LENGTH)
    area_source: Literal["register", "declared"] = Field(
        default="register",
        description="Kommundelen enligt folkbokföringen (om den är på) eller inloggningens",
    )
    budget: int = Field(gt=0)
    ballot_type: BallotType
    max_choices: int | None = None
    min_spend_percent: int | None = None
    total_points: int | None = None
    max_points_per_project: int | None = None
    rule: str = "greedy"
    min_project_score_threshold: int | None = None
    exclusive_pairs: list[list[int]] = Field(default=[], max_length=1000)
    eligibility: Eligibility = Eligibility()
    projects: list[BallotProjectEntry] = Field(min_length=1)


class PotsDefinition(StrictRequest):
    pots: list[PotBallot] = Field(min_length=1, max_length=MAX_POTS)

    @model_validator(mode="after")
    def _unique(self) -> "PotsDefinition":
        ids = [pot.pot for pot in self.pots]
        if len(set(ids)) != len(ids):
            raise ValueError("varje pott får bara finnas en gång")
        return self


class PotSummary(SQLModel):
    pot: str
    name: str
    area: str | None
    budget: int
    ballot_type: str
    rule: str
    status: str
    project_count: int
    ballot_count: int


def pot_definition(round_: BallotDefinition, pot: PotBallot) -> BallotDefinitionCreate:
    """The pot's ballot as a whole definition, checked by the same rules as a round's."""
    fields = pot.model_dump(exclude={"pot", "name", "area", "area_source"})
    shared = {
        "kommun": round_.kommun,
        "opens_at": round_.opens_at,
        "closes_at": round_.closes_at,
        "currency": round_.currency,
    }
    try:
        return BallotDefinitionCreate.model_validate(fields | shared)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise Problem(
            422,
            f"Potten {pot.pot}: {where + ': ' if where else ''}{first['msg']}",
            code="validation",
        ) from exc


def store_pots(session: Session, round_: BallotDefinition, body: PotsDefinition) -> None:
    """Replace the round's pots (the caller checked the round's ballot is still ready)."""
    old = pot_keys(round_)
    if old:
        session.exec(delete(BallotProject).where(col(BallotProject.round_id).in_(old)))
        session.exec(delete(BallotDefinition).where(col(BallotDefinition.round_id).in_(old)))
        session.flush()
    for pot in body.pots:
        definition = pot_definition(round_, pot)
        key = pot_key(round_.round_id, pot.pot)
        row = BallotDefinition.model_validate(
            definition.model_dump(exclude={"projects"})
            | {"round_id": key, "parent_id": round_.round_id, "pot": pot.pot}
            | {"declared_area": pot.area_source == "declared"}
        )
        session.add(row)
        session.flush()
        session.add_all(
            BallotProject(round_id=key, project_id=p.project_id, cost=p.cost)
            for p in definition.projects
        )
    round_.pots = [pot.model_dump(mode="json") for pot in body.pots]
    round_.updated_at = utc_now()
    session.add(round_)


def pot_keys(round_: BallotDefinition) -> list[str]:
    return [pot_key(round_.round_id, p["pot"]) for p in round_.pots]


def follow_round(session: Session, round_: BallotDefinition) -> None:
    """The pots take the round's status and closing (an UPDATE: it waits for casts in
    flight, which hold a share lock on their pot's row until they commit)."""
    if not round_.pots:
        return
    session.exec(
        update(BallotDefinition)
        .where(col(BallotDefinition.parent_id) == round_.round_id)
        .values(status=round_.status, closes_at=round_.closes_at, updated_at=utc_now())
    )


def pot_definitions(session: Session, round_: BallotDefinition) -> list[BallotDefinition]:
    """Every pot's ballot definition, in the round's order of its pots, in one query."""
    keys = pot_keys(round_)
    rows = {
        d.round_id: d
        for d in session.exec(
            select(BallotDefinition).where(col(BallotDefinition.round_id).in_(keys))
        )
    }
    return [rows[key] for key in keys]


def pots_ballot_count(session: Session, round_: BallotDefinition) -> int:
    statement = (
        select(func.count()).select_from(Ballot).where(col(Ballot.round_id).in_(pot_keys(round_)))
    )
    return session.exec(statement).one()


def people_who_voted(session: Session, round_id: str) -> int:
    """The people who cast a ballot in any of the round's pots, each once: their
    participation markers are the round's (one per person), their voter keys the pot's."""
    statement = (
        select(func.count())
        .select_from(ParticipationMarker)
        .where(ParticipationMarker.round_id == round_id)
    )
    return session.exec(statement).one()


def summaries(session: Session, round_: BallotDefinition) -> list[PotSummary]:
    keys = pot_keys(round_)
    definitions = pot_definitions(session, round_)
    ballots = dict(
        session.exec(
            select(Ballot.round_id, func.count())
            .where(col(Ballot.round_id).in_(keys))
            .group_by(Ballot.round_id)
        ).all()
    )
    return [
        PotSummary(
            pot=pot["pot"],
            name=pot["name"],
            area=pot["area"],
            budget=pot["budget"],
            ballot_type=pot["ballot_type"],
            rule=pot["rule"],
            status=definition.status,
            project_count=len(pot["projects"]),
            ballot_count=ballots.get(key, 0),
        )
        for pot, key, definition in zip(round_.pots, keys, definitions, strict=True)
    ]


def combined_tally(round_: BallotDefinition, tallies: list[Tally]) -> Tally:
    """The round's result: every pot's, summed; the certificate names each pot's."""
    fingerprint = hashlib.sha256()
    projects: list[dict[str, Any]] = []
    for pot, tally in zip(round_.pots, tallies, strict=True):
        fingerprint.update(f"{pot['pot']}:{tally.ballots_hash}\n".encode())
        projects.extend({**project, "pot": pot["pot"]} for project in tally.projects)
    return Tally(
        round_id=round_.round_id,
        rule=round_.rule,
        rule_version="pots",
        budget=sum(tally.budget for tally in tallies),
        ballot_count=sum(tally.ballot_count for tally in tallies),
        ballots_hash=fingerprint.hexdigest(),
        selected=[pid for tally in tallies for pid in tally.selected],
        total_cost=sum(tally.total_cost for tally in tallies),
        projects=projects,
        certificate={
            "pots": {pot["pot"]: t.certificate for pot, t in zip(round_.pots, tallies, strict=True)}
        },
    )


def pot_results(session: Session, round_: BallotDefinition) -> list[dict[str, Any]]:
    """Each pot's stored result, if counted, for the round's published result."""
    keys = pot_keys(round_)
    stored = {
        t.round_id: t for t in session.exec(select(Tally).where(col(Tally.round_id).in_(keys)))
    }
    results = []
    for pot, key in zip(round_.pots, keys, strict=True):
        tally = stored.get(key)
        if tally is None:
            continue
        results.append(
            {
                "pot": pot["pot"],
                "name": pot["name"],
                "area": pot["area"],
                "budget": tally.budget,
                "rule": tally.rule,
                "ballot_count": tally.ballot_count,
                "ballots_hash": tally.ballots_hash,
                "selected": tally.selected,
                "total_cost": tally.total_cost,
            }
        )
    return results
