"""The round's report in three formats: JSON for software, CSV for the evaluator's own
analysis, HTML with charts for people. Anyone may read it, as the figures are public."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import HTMLResponse

from services.common.deps import RoundIdPath, SessionDep
from services.common.downloads import csv_download
from services.decision.report.data import RoundReport, build_report
from services.decision.report.page import report_html
from services.decision.report.tables import participation_csv, report_csv
from services.decision.routes import get_round

router = APIRouter(prefix="/rounds/{round_id}", tags=["slutrapport"])


@router.get("/report.json", response_model=RoundReport, summary="Slutrapporten som JSON")
def report_json(round_id: RoundIdPath, session: SessionDep) -> RoundReport:
    return build_report(session, get_round(session, round_id))


@router.get("/report.csv", summary="Slutrapportens tabeller som CSV")
def report_table(
    round_id: RoundIdPath,
    session: SessionDep,
    table: Annotated[
        Literal["projects", "participation"],
        Query(description="projects: en rad per projekt; participation: en rad per grupp"),
    ] = "projects",
) -> Response:
    report = build_report(session, get_round(session, round_id))
    if table == "participation":
        text, name = participation_csv(report), f"{round_id}-deltagande.csv"
    else:
        text, name = report_csv(report), f"{round_id}-rapport.csv"
    return csv_download(text, name)


@router.get("/report.html", response_class=HTMLResponse, summary="Slutrapporten som webbsida")
def report_page(round_id: RoundIdPath, session: SessionDep) -> HTMLResponse:
    return HTMLResponse(report_html(build_report(session, get_round(session, round_id))))
