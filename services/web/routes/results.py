"""The vote's result with an explanation per project, and the council's decision."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.web import results_view
from services.web.deps import backend
from services.web.rendering import render
from services.web.routes.ballot import _proposal_titles
from services.web.routes.home import round_context
from services.web.together import together

router = APIRouter(include_in_schema=False)


@router.get("/omgangar/{round_id}/resultat", response_class=HTMLResponse)
async def results_page(request: Request, round_id: str) -> HTMLResponse:
    client = backend(request)
    context, results, statistics, decision = await together(
        round_context(request, round_id),
        client.get_or_none("voting", f"/rounds/{round_id}/results"),
        client.get_or_none("voting", f"/rounds/{round_id}/statistics"),
        client.get_or_none("decision", f"/rounds/{round_id}"),
    )
    titles = await _proposal_titles(request, round_id) if results else {}
    projects, chart = [], None
    if results:
        ordered = sorted(results["projects"], key=lambda p: (not p["selected"], -p["votes"]))
        projects = [p | {"explanation": results_view.reason(p, titles)} for p in ordered]
        chart = results_view.chart(projects, titles, results["budget"])
    context |= {
        "results": results,
        "statistics": statistics,
        "decision": decision,
        "chosen": [p for p in projects if p["selected"]],
        "not_chosen": [p for p in projects if not p["selected"]],
        "chart": chart,
        "rule_sentence": results_view.rule_sentence(results["rule"]) if results else "",
        "titles": titles,
        "pot_names": {pot["pot"]: pot["name"] for pot in (results or {}).get("pots") or []},
    }
    return render(request, "results.html", context)
