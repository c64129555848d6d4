"""FastAPI dependencies every service uses (the template's ``deps.py`` pattern)."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from pydantic import BaseModel
from sqlmodel import Session

from services.common.auth import Principal, Role, require_roles
from services.common.idempotency_store import attach_claim
from services.common.settings import ServiceSettings
from services.common.types import MAX_ID, ROUND_ID_PATTERN


def get_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as session:
        attach_claim(session)
        yield session


def get_settings(request: Request) -> ServiceSettings:
    settings: ServiceSettings = request.app.state.settings
    return settings


class Page(BaseModel):
    """Pagination parameters shared by every list endpoint."""

    limit: int
    offset: int


def get_page(
    limit: Annotated[int, Query(ge=1, le=500, description="Antal per sida")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID, description="Hoppa över så många")] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[ServiceSettings, Depends(get_settings)]
PageDep = Annotated[Page, Depends(get_page)]
SystemDep = Annotated[Principal, Depends(require_roles(Role.SYSTEM))]
RoundIdPath = Annotated[
    str,
    Path(
        pattern=ROUND_ID_PATTERN,
        description="Omgångens id, samma som arbetsflödets id (t.ex. are-2027)",
    ),
]
ProposalIdPath = Annotated[
    int, Path(ge=1, le=MAX_ID, description="Förslagets id (även projektets id efter beslut)")
]
