"""Who proposed, as counts per group: the proposers' areas and age bands, small groups hidden.
Published like voting's statistics; read by the workflow for the evaluation's participation."""

from fastapi import APIRouter, Request
from pydantic import BaseModel

from services.common.deps import RoundIdPath, SessionDep
from services.common.rounds import load_round
from services.common.small_cells import GroupCounts
from services.intake.models import IntakeRound
from services.intake.proposers import proposer_groups
from services.intake.settings import IntakeSettings

router = APIRouter(prefix="/rounds/{round_id}", tags=["förslag"])


class ProposerStatistics(BaseModel):
    round_id: str
    min_cell: int
    by_area: GroupCounts
    by_age_band: GroupCounts


@router.get(
    "/proposer-statistics",
    response_model=ProposerStatistics,
    summary="Förslagsställarna per område och åldersgrupp",
    description="Antal förslag per förslagsställarens område (omgångens områden och `unknown`) "
    "och åldersgrupp den dag förslaget lämnades (företag och föreningar under `unknown`). En "
    "grupp med färre än `min_cell` förslagsställare visas som `null`, och fler döljs när det "
    "behövs för att den inte ska gå att räkna ut. Dolda förslag räknas inte.",
)
def proposer_statistics(
    round_id: RoundIdPath, session: SessionDep, request: Request
) -> ProposerStatistics:
    round_ = load_round(session, IntakeRound, round_id)
    settings: IntakeSettings = request.app.state.settings
    groups = proposer_groups(session, round_, settings.statistics_min_cell)
    return ProposerStatistics(round_id=round_id, min_cell=settings.statistics_min_cell, **groups)
