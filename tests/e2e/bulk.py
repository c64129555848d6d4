"""Warsaw-size data put straight into the services' databases, as fast as the database takes it.

The point of the history-size test is that bulk data never flows through the workflow, so it
may skip the HTTP front doors that the other end-to-end tests exercise one request at a time.
Rows are what those front doors would have written.
"""

import random
import secrets
from datetime import UTC, datetime
from typing import Any

import numpy
from sqlalchemy import Table, insert, select
from sqlalchemy.engine import Engine

from services.assessment.models import Assessment, ProposalToAssess
from services.intake.models import Proposal
from services.voting.models import Ballot

BATCH = 10_000
PROPOSALS: Table = Proposal.__table__  # type: ignore[attr-defined]
REGISTERED: Table = ProposalToAssess.__table__  # type: ignore[attr-defined]
ASSESSMENTS: Table = Assessment.__table__  # type: ignore[attr-defined]
BALLOTS: Table = Ballot.__table__  # type: ignore[attr-defined]


def _insert(engine: Engine, table: Table, rows: list[dict[str, Any]]) -> None:
    with engine.begin() as connection:
        for start in range(0, len(rows), BATCH):
            connection.execute(insert(table), rows[start : start + BATCH])


def proposals(engine: Engine, round_id: str, count: int, rng: random.Random) -> None:
    now = datetime.now(UTC)
    rows = []
    for number in range(count):
        title = f"Förslag {number}: upprustning av mötesplats"
        rows.append(
            {
                "round_id": round_id,
                "title": title,
                "description": "Ett förslag för att stärka det lokala näringslivet.",
                "location": "Centrum",
                "cost_estimate": rng.randrange(50_000, 500_000),
                "local_business_benefit": "",
                "publish_name": False,
                "proposer_kind": "resident",
                "proposer_key": secrets.token_hex(32),
                "owner_key": secrets.token_hex(32),
                "channel": "web",
                "search_text": title.lower(),
                "created_at": now,
                "updated_at": now,
                "sent_to_assessment": False,
            }
        )
    _insert(engine, PROPOSALS, rows)


def assessments(engine: Engine, round_id: str) -> int:
    """Every registered proposal assessed feasible at a cost; returns how many."""
    table = REGISTERED
    with engine.connect() as connection:
        ids = connection.execute(select(table.c.proposal_id).where(table.c.round_id == round_id))
        proposal_ids = [row[0] for row in ids]
    now = datetime.now(UTC)
    rows = [
        {
            "round_id": round_id,
            "proposal_id": proposal_id,
            "feasible": True,
            "cost": 50_000 + (proposal_id * 7919) % 450_000,
            "cost_items": [],
            "criteria": [],
            "public_reason": "",
            "assessed_by": "Bedömare",
            "assessed_by_key": "k" * 64,
            "assessed_at": now,
        }
        for proposal_id in proposal_ids
    ]
    _insert(engine, ASSESSMENTS, rows)
    return len(rows)


def ballot_rows(
    round_id: str, project_ids: list[int], count: int, max_choices: int, seed: int
) -> list[dict[str, Any]]:
    """Approval ballots; a few projects are far more popular, as in real rounds."""
    weights = 1.0 / numpy.arange(1, len(project_ids) + 1)
    picks = numpy.random.default_rng(seed).choice(
        numpy.array(project_ids), size=(count, max_choices), p=weights / weights.sum()
    )
    now = datetime.now(UTC)
    return [
        {
            "round_id": round_id,
            "voter_key": f"{number:064d}",
            "choices": sorted({int(p) for p in row}),
            "points": None,
            "channel": "online",
            "receipt": f"kvitto-{number:012d}",
            "revision": 1,
            "cast_at": now,
        }
        for number, row in enumerate(picks)
    ]


def ballots(engine: Engine, rows: list[dict[str, Any]]) -> None:
    _insert(engine, BALLOTS, rows)
