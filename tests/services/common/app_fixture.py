"""A tiny service built with the common plumbing, to test the plumbing on its own."""

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI
from pydantic import BaseModel, Field
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import registry
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel, col, func, select

from services.common.app import create_service_app
from services.common.auth import Principal, Role, require_roles
from services.common.deps import PageDep, SessionDep, SystemDep
from services.common.errors import Problem
from services.common.idempotency_store import idempotency_records
from services.common.settings import ServiceSettings


class ProbeModel(SQLModel, registry=registry()):
    pass


class Note(ProbeModel, table=True):
    id: int | None = SQLField(default=None, primary_key=True)
    text: str = SQLField(unique=True)


class NoteCreate(BaseModel):
    text: str = Field(min_length=1, max_length=20)


router = APIRouter()


@router.post("/notes", status_code=201)
def add_note(body: NoteCreate, _who: SystemDep, session: SessionDep) -> dict[str, object]:
    note = Note(text=body.text)
    session.add(note)
    session.commit()
    session.refresh(note)
    return {"id": note.id, "text": note.text}


@router.post("/notes/then-crash", status_code=201)
def add_note_then_crash(body: NoteCreate, _who: SystemDep, session: SessionDep) -> None:
    """Commits, then dies before answering: as a process killed between the two."""
    session.add(Note(text=body.text))
    session.commit()
    raise RuntimeError("killed after commit")


@router.post("/notes/overtaken", status_code=201)
def add_note_overtaken(body: NoteCreate, _who: SystemDep, session: SessionDep) -> None:
    """A slow request whose key a retry took over before it committed."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    with engine.begin() as other:
        other.execute(update(idempotency_records).values(claim_token="a-retry"))
    session.add(Note(text=body.text))
    session.commit()


@router.get("/notes")
def list_notes(session: SessionDep, page: PageDep) -> dict[str, object]:
    total = session.exec(select(func.count()).select_from(Note)).one()
    notes = session.exec(select(Note).order_by(col(Note.id)).offset(page.offset).limit(page.limit))
    return {"items": [n.text for n in notes], "total": total}


@router.post("/boom")
def boom(_who: SystemDep) -> None:
    raise RuntimeError("unexpected")


@router.post("/refuse")
def refuse(_who: SystemDep) -> None:
    raise Problem(409, "Nej.", code="refused")


@router.get("/officials-only")
def officials_only(
    who: Annotated[Principal, Depends(require_roles(Role.OFFICIAL))],
) -> dict[str, str]:
    return {"name": who.name}


def make_app(database_url: str) -> FastAPI:
    return create_service_app(
        name="probe",
        title="Probe",
        settings=ServiceSettings(database_url=database_url),
        metadata=ProbeModel.metadata,
        routers=[router],
    )
