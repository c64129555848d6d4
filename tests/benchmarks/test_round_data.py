"""The scale benchmark's simulated people write rows the current models accept, once per round
and only when the round has reached the step (benchmarks/round_data.py)."""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Table, func, insert, select
from sqlalchemy.engine import Engine

from benchmarks import round_data
from services.common.db import make_engine
from services.common.migrations import upgrade


@pytest.fixture
def engine_for(tmp_path: Path) -> Iterator[Callable[[str], Engine]]:
    engines: list[Engine] = []

    def make(service: str) -> Engine:
        engine = make_engine(f"sqlite:///{tmp_path / service}.db")
        upgrade(service, engine)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()


def _count(engine: Engine, table: Table) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def test_one_proposal_per_open_round(engine_for: Callable[[str], Engine]) -> None:
    engine = engine_for("intake")
    now = datetime.now(UTC)
    round_row = {
        "title": "Bench",
        "kommun": "Bench",
        "max_proposal_cost": 100_000,
        "intake_closes_at": now + timedelta(hours=1),
        "criteria": [],
        "categories": [],
        "areas": [],
        "proposer_kinds": [],
    }
    with engine.begin() as connection:
        connection.execute(insert(round_data.INTAKE_ROUNDS), [{**round_row, "id": "bench-ab-3"}])
    assert round_data.insert_proposals(engine) == ["bench-ab-3"]
    assert round_data.insert_proposals(engine) == []
    with engine.connect() as connection:
        assert connection.execute(select(round_data.PROPOSALS.c.id)).scalar_one() == 4


def test_assessment_then_one_ballot_per_open_round(
    engine_for: Callable[[str], Engine],
) -> None:
    assessment = engine_for("assessment")
    now = datetime.now(UTC)
    with assessment.begin() as connection:
        connection.execute(
            insert(round_data.ASSESSMENTS.metadata.tables["assessment_round"]),
            [{"id": "bench-ab-0", "due_at": now, "criteria": []}],
        )
        connection.execute(
            insert(round_data.REGISTERED), [{"round_id": "bench-ab-0", "proposal_id": 1}]
        )
    assert round_data.insert_assessments(assessment) == ["bench-ab-0"]
    assert round_data.insert_assessments(assessment) == []

    voting = engine_for("voting")
    definition = {
        "round_id": "bench-ab-0",
        "budget": 100_000,
        "ballot_type": "approval",
        "max_choices": 1,
        "rule": "greedy",
        "opens_at": now,
        "closes_at": now + timedelta(hours=1),
        "status": "ready",
        "eligibility": {},
        "updated_at": now,
    }
    with voting.begin() as connection:
        connection.execute(insert(round_data.DEFINITIONS), [definition])
        connection.execute(
            insert(round_data.PROJECTS), [{"round_id": "bench-ab-0", "project_id": 1, "cost": 1}]
        )
    assert round_data.insert_ballots(voting) == 0, "not before voting opens"
    with voting.begin() as connection:
        connection.execute(round_data.DEFINITIONS.update().values(status="open"))
    assert round_data.insert_ballots(voting) == 1
    assert round_data.insert_ballots(voting) == 0
    assert _count(voting, round_data.BALLOTS) == 1
