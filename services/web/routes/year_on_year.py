"""The kommun's rounds side by side (participation, money to local companies, projects done
on time, the survey), served here from the decision service like the final report."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.web.deps import backend

router = APIRouter(include_in_schema=False)


@router.get("/omgangar/{round_id}/ar-for-ar", response_class=HTMLResponse)
async def year_on_year(request: Request, round_id: str) -> HTMLResponse:
    page = await backend(request).text("decision", f"/rounds/{round_id}/year-on-year.html")
    return HTMLResponse(page)
