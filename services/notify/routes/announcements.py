"""The workflow's one request per event, and the progress of sending it."""

import httpx
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.common.errors import Problem
from services.common.strict import StrictRequest
from services.notify.events import AUDIENCE, Audience, Event
from services.notify.progress import (
    round_announcements,
    round_totals,
)
from services.notify.recipients import announce
from services.notify.rendering import missing_values
from services.notify.routes.deps import UncertainBefore, Watcher
from services.notify.schemas import AnnouncementIn, AnnouncementOut, DeliveryCounts

router = APIRouter(prefix="/rounds/{round_id}", tags=["utskick"])


def _check_values(body: AnnouncementIn) -> None:
    if AUDIENCE[body.event] == Audience.PROPOSER:
        raise Problem(
            422,
            "Meddelanden om nya frågor hämtar tjänsten själv från förslagstjänsten.",
            code="not-an-announcement",
        )
    missing = missing_values(body.event, {"round_title": "", **body.params})
    if missing:
        raise Problem(
            422,
            f"Meddelandet om {body.event.value} behöver värdena: {', '.join(missing)}.",
            code="announcement-values-missing",
            extra={"missing": missing},
        )


class RoundAnnouncements(BaseModel):
    round_id: str
    totals: DeliveryCounts
    announcements: list[AnnouncementOut]


@router.post(
    "/announcements",
    response_model=AnnouncementOut,
    status_code=201,
    summary="Köa ett utskick (arbetsflödet, en gång per händelse)",
    description="Mottagarna väljs här efter händelsens målgrupp och köas en rad per person; "
    "tjänsten skickar dem i omgångar. Samma händelse (event, ref) igen ger det första "
    "utskicket tillbaka (200) och köar inget nytt.",
)
def create_announcement(
    round_id: RoundIdPath,
    body: AnnouncementIn,
    _system: SystemDep,
    request: Request,
    response: Response,
    session: SessionDep,
    before: UncertainBefore,
) -> AnnouncementOut:
    _check_values(body)
    not_voted = request.app.state.not_voted if body.event == Event.VOTING_REMINDER else None
    try:
        announcement, created = announce(
            session,
            round_id,
            body.event,
            body.kommun,
            body.ref,
            dict(body.params),
            not_voted=not_voted,
            to=body.to,
        )
    except httpx.HTTPError as exc:  # the workflow's activity retries a 503
        raise Problem(
            503,
            "Röstningstjänsten svarar inte; påminnelsen köas när den svarar igen.",
            code="voting-unavailable",
            headers={"Retry-After": "30"},
        ) from exc
    session.commit()
    if not created:
        response.status_code = 200
    assert announcement.id is not None
    announcements = round_announcements(session, round_id, before)  # counted once, with it
    [answer] = [item for item in announcements if item.id == announcement.id]
    answer.round_totals = round_totals(announcements)
    return answer


class AnnouncementBatch(StrictRequest):
    """Many events of one round at once: the assessment's outcomes, a page at a time."""

    announcements: list[AnnouncementIn] = Field(min_length=1, max_length=500)


class BatchAnswer(BaseModel):
    announced: int
    recipients: int


@router.post(
    "/announcement-batches",
    response_model=BatchAnswer,
    summary="Köa många utskick på en gång (arbetsflödet: bedömningens utfall, en sida i taget)",
    description="Som `POST /rounds/{round_id}/announcements` för var och en, i en transaktion; "
    "bara händelser till ett förslags följare (inte påminnelsen). Ett som redan finns köar "
    "inget nytt.",
)
def create_announcements(
    round_id: RoundIdPath, body: AnnouncementBatch, _system: SystemDep, session: SessionDep
) -> BatchAnswer:
    recipients = 0
    for item in body.announcements:
        if AUDIENCE[item.event] != Audience.FOLLOWERS:
            raise Problem(
                422,
                f"{item.event.value} går till många; skicka den ensam till /announcements.",
                code="not-a-follower-event",
            )
        _check_values(item)
        announcement, _ = announce(
            session, round_id, item.event, item.kommun, item.ref, dict(item.params)
        )
        recipients += announcement.recipients
    session.commit()
    return BatchAnswer(announced=len(body.announcements), recipients=recipients)


@router.get(
    "/announcements",
    response_model=RoundAnnouncements,
    summary="Omgångens utskick och hur långt de kommit",
)
def list_announcements(
    round_id: RoundIdPath, _watcher: Watcher, session: SessionDep, before: UncertainBefore
) -> RoundAnnouncements:
    announcements = round_announcements(session, round_id, before)
    totals = round_totals(announcements)
    return RoundAnnouncements(round_id=round_id, totals=totals, announcements=announcements)
