"""The round's report in three formats: JSON for software, CSV for the evaluator's own
analysis, HTML with charts for people. Anyone may read it, as the figures are public."""

from fastapi import APIRouter, Response
from fastapi.responses import HTMLResponse

from services.common.deps import RoundIdPath, SessionDep
from services.decision.report.data import RoundReport, build_report
from services.decision.report.page import report_html
from services.decision.report.tables import report_csv
from services.decision.routes import get_round

router = APIRouter(prefix="/rounds/{round_id}", tags=["slutrapport"])


@router.get("/report.json", response_model=RoundReport, summary="Slutrapporten som JSON")
def report_json(round_id: RoundIdPath, session: SessionDep) -> RoundReport:
    return build_report(session, get_round(session, round_id))


@router.get("/report.csv", summary="Projekten i slutrapporten som CSV")
def report_table(round_id: RoundIdPath, session: SessionDep) -> Response:
    report = build_report(session, get_round(session, round_id))
    disposition = f'attachment; filename="{round_id}-rapport.csv"'
    return Response(
        report_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )


@router.get("/report.html", response_class=HTMLResponse, summary="Slutrapporten som webbsida")
def report_page(round_id: RoundIdPath, session: SessionDep) -> HTMLResponse:
    return HTMLResponse(report_html(build_report(session, get_round(session, round_id))))
