"""A round with pots as open data, pot by pot: each pot's result as CSV (one row per project)
beside its JSON (``GET /rounds/{id}/pots/{pot}/results``), and each pot's counted ballots in
pabulib's format, as ``/results`` and ``/export.pb`` give them for the round's one ballot.

Published only once the result is, like the round's."""

import csv
import io
from typing import Any

from fastapi import APIRouter, Response

from services.common.deps import RoundIdPath, SessionDep
from services.common.downloads import csv_download
from services.voting.models import Tally
from services.voting.routes import get_definition
from services.voting.routes.pots import PotPath, pot_ballot_key
from services.voting.routes.results import pb_response, published_tally

router = APIRouter(prefix="/rounds/{round_id}/pots", tags=["resultat"])
CSV_ANSWER: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {}}}}
COLUMNS = ("pot", "project_id", "cost", "votes", "selected", "reason_code", "reason")


def results_csv(pot: str, tally: Tally) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for project in tally.projects:
        writer.writerow(
            [
                pot,
                project["project_id"],
                project["cost"],
                project["votes"],
                "1" if project["selected"] else "0",
                project.get("reason_code") or "",
                project.get("reason") or "",
            ]
        )
    return out.getvalue()


@router.get(
    "/{pot}/results.csv",
    response_class=Response,
    summary="Ladda ner pottens resultat som öppna data (CSV)",
    responses=CSV_ANSWER,
)
def pot_results_csv(round_id: RoundIdPath, pot: PotPath, session: SessionDep) -> Response:
    stored = published_tally(session, pot_ballot_key(session, round_id, pot))
    return csv_download(results_csv(pot, stored), f"{round_id}-{pot}.csv")


@router.get(
    "/{pot}/export.pb",
    response_class=Response,
    summary="Ladda ner pottens röster som öppna data (pabulib .pb)",
    responses=CSV_ANSWER,
)
def pot_export_pb(round_id: RoundIdPath, pot: PotPath, session: SessionDep) -> Response:
    """The pot's counted ballots, voters numbered in canonical order, nothing about who."""
    key = pot_ballot_key(session, round_id, pot)
    stored = published_tally(session, key)
    round_ = get_definition(session, round_id)
    area = next((p.get("area") for p in round_.pots if p["pot"] == pot), None)
    extra = {"unit": pot, **({"district": str(area)} if area else {})}
    return pb_response(
        session, get_definition(session, key), stored, round_id, f"{round_id}-{pot}", **extra
    )
