"""The round's final report as a page of the site (the decision service keeps the figures and
its own JSON, CSV and HTML; residents read it here, in the site's layout and language)."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.web import report_view, results_view
from services.web.deps import backend
from services.web.rendering import render
from services.web.routes.follow_up import PROJECT_STATUS
from services.web.routes.home import round_context
from services.web.together import together

router = APIRouter(include_in_schema=False)


@router.get("/omgangar/{round_id}/slutrapport", response_class=HTMLResponse)
async def final_report(request: Request, round_id: str) -> HTMLResponse:
    context: dict[str, Any]
    context, report = await together(
        round_context(request, round_id),
        backend(request).get("decision", f"/rounds/{round_id}/report.json"),
    )
    participation = report.get("participation")
    titles = {line["project_id"]: line.get("title") for line in report.get("projects") or []}
    context |= {
        "report": report,
        "charts": report_view.participation_charts(participation, context["round"]["areas"]),
        "hidden_groups": report_view.hidden_groups(participation),
        "certificate": report_view.certificate_rows(report),
        "rule_sentence": results_view.rule_sentence(report.get("rule") or ""),
        "project_titles": titles,
        "project_status": PROJECT_STATUS | {"not_approved": report_view.NOT_APPROVED},
    }
    return render(request, "final_report.html", context)
