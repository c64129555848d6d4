"""Project follow-up for everyone: status, money spent and milestones of approved projects."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.web.deps import backend
from services.web.i18n import N_
from services.web.rendering import render
from services.web.routes.ballot import _proposal_titles
from services.web.routes.home import round_context

router = APIRouter(include_in_schema=False)
PROJECT_STATUS = {"in_progress": N_("Pågår"), "done": N_("Klart"), "cancelled": N_("Avbrutet")}


@router.get("/omgangar/{round_id}/projekt", response_class=HTMLResponse)
async def projects_page(request: Request, round_id: str) -> HTMLResponse:
    context = await round_context(request, round_id)
    projects = await backend(request).get_or_none("decision", f"/rounds/{round_id}/projects")
    context |= {
        "projects": projects or [],
        "titles": await _proposal_titles(request, round_id),
        "project_status": PROJECT_STATUS,
    }
    return render(request, "projects.html", context)


@router.get("/omgangar/{round_id}/projekt/{project_id}", response_class=HTMLResponse)
async def project_page(request: Request, round_id: str, project_id: int) -> HTMLResponse:
    context = await round_context(request, round_id)
    client = backend(request)
    project = await client.get("decision", f"/rounds/{round_id}/projects/{project_id}")
    proposal = await client.get_or_none("intake", f"/rounds/{round_id}/proposals/{project_id}")
    context |= {"project": project, "proposal": proposal, "project_status": PROJECT_STATUS}
    return render(request, "project.html", context)
