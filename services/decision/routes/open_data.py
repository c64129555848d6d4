"""Every local-business figure of the report as open data (JSON and CSV), the year-on-year
page, and the kommun's recorded cost of running the round. Anyone may read them."""

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse

from services.common.deps import RoundIdPath, SessionDep
from services.common.downloads import csv_download
from services.decision.models.running_cost import (
    RunningCost,
    RunningCostEntry,
    RunningCostPublic,
)
from services.decision.report.answer import local_business_report
from services.decision.report.local_business import LocalBusinessReport
from services.decision.report.local_business_tables import table_csv
from services.decision.report.years_page import years_html
from services.decision.routes import OfficialDep, display_name, get_round, upsert
from services.decision.settings import DecisionSettings

router = APIRouter(prefix="/rounds/{round_id}", tags=["öppna data"])
TablePath = Annotated[
    Literal["indicators", "spend", "survey", "years"], Path(description="Tabellen")
]


def _figures(request: Request, session: SessionDep, round_id: str) -> LocalBusinessReport:
    settings: DecisionSettings = request.app.state.settings
    return local_business_report(session, get_round(session, round_id), settings.survey_min_cell)


@router.get(
    "/open-data/local-business.json",
    response_model=LocalBusinessReport,
    summary="Lokalt näringsliv: alla siffror",
)
def local_business_json(
    round_id: RoundIdPath, session: SessionDep, request: Request
) -> LocalBusinessReport:
    return _figures(request, session, round_id)


@router.get("/open-data/{table}.csv", summary="Lokalt näringsliv: en tabell som CSV")
def local_business_csv(
    round_id: RoundIdPath, table: TablePath, session: SessionDep, request: Request
) -> Response:
    text = table_csv(table, round_id, _figures(request, session, round_id))
    return csv_download(text, f"{round_id}-{table}.csv")


@router.get("/year-on-year.html", response_class=HTMLResponse, summary="År för år")
def year_on_year(round_id: RoundIdPath, session: SessionDep, request: Request) -> HTMLResponse:
    return HTMLResponse(years_html(_figures(request, session, round_id)))


@router.get("/running-cost", response_model=RunningCostPublic | None, summary="Driftkostnad")
def show_running_cost(round_id: RoundIdPath, session: SessionDep) -> RunningCostPublic | None:
    get_round(session, round_id)
    stored = session.get(RunningCost, round_id)
    return None if stored is None else RunningCostPublic.model_validate(stored)


@router.put("/running-cost", response_model=RunningCostPublic, summary="Ange driftkostnaden")
def record_running_cost(
    round_id: RoundIdPath, body: RunningCostEntry, official: OfficialDep, session: SessionDep
) -> RunningCostPublic:
    """What running the round cost the kommun, outside the projects' money."""
    get_round(session, round_id)
    values = {**body.model_dump(), "round_id": round_id, "recorded_by": display_name(official)}
    row = upsert(session, RunningCost, round_id, values, stamp="updated_at")
    return RunningCostPublic.model_validate(row)
