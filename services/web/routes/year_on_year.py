"""The kommun's rounds side by side (participation, money to local companies, projects done
on time, the survey) as a page of the site, from the decision service's figures; and the
report's open data as the decision service serves it."""

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from services.web.deps import backend
from services.web.rendering import render
from services.web.routes.home import round_context
from services.web.together import together

router = APIRouter(include_in_schema=False)


@router.get("/omgangar/{round_id}/ar-for-ar", response_class=HTMLResponse)
async def year_on_year(request: Request, round_id: str) -> HTMLResponse:
    """The page in the site's layout and language, from the decision service's figures."""
    context: dict[str, Any]
    context, figures = await together(
        round_context(request, round_id),
        backend(request).get("decision", f"/rounds/{round_id}/open-data/local-business.json"),
    )
    context |= {"kommun": figures["kommun"], "years": figures["years"]}
    return render(request, "year_on_year.html", context)


OPEN_DATA = {
    "local-business.json": "application/json",
    **{
        f"{table}.csv": "text/csv; charset=utf-8"
        for table in ("indicators", "spend", "survey", "years")
    },
}


@router.get("/omgangar/{round_id}/oppna-data/{name}")
async def open_data(request: Request, round_id: str, name: str) -> Response:
    """The report's local-business figures as open data, from the decision service."""
    if name not in OPEN_DATA:
        raise HTTPException(status_code=404)
    text = await backend(request).text("decision", f"/rounds/{round_id}/open-data/{name}")
    return Response(text, media_type=OPEN_DATA[name])
