"""Uncertain e-mails (``services/notify/uncertain.py``): listed by Message-ID for staff to look
up in the mail server's log, and settled one by one."""

import logging
from typing import Annotated

from fastapi import APIRouter, Path
from sqlalchemy import func, select
from sqlmodel import col

from services.common.deps import PageDep, RoundIdPath, SessionDep, SettingsDep
from services.common.errors import Problem
from services.common.types import MAX_ID
from services.notify.channels import message_id
from services.notify.events import Event
from services.notify.models import Announcement, Delivery
from services.notify.routes.deps import Settler, UncertainBefore, Watcher
from services.notify.schemas import SettlementIn, SettlementOut, UncertainDelivery, UncertainPage
from services.notify.settings import NotifySettings
from services.notify.uncertain import Outcome, is_uncertain, settle

log = logging.getLogger(__name__)
DeliveryIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="Utskickets id (Message-ID)")]
router = APIRouter(prefix="/rounds/{round_id}/uncertain-deliveries", tags=["utskick"])


@router.get(
    "",
    response_model=UncertainPage,
    summary="Osäkra e-postmeddelanden: skickade, men utan svar från e-postservern",
    description="Meddelanden vars avsändare stannade mellan 'skickat' och serverns svar. "
    "Slå upp Message-ID i e-postserverns logg och avgör varje meddelande.",
)
def list_uncertain(
    round_id: RoundIdPath,
    _watcher: Watcher,
    session: SessionDep,
    settings: SettingsDep,
    before: UncertainBefore,
    page: PageDep,
) -> UncertainPage:
    assert isinstance(settings, NotifySettings)
    of_round = (
        select(Delivery, col(Announcement.event))
        .join(Announcement, col(Announcement.id) == col(Delivery.announcement_id))
        .where(col(Announcement.round_id) == round_id, is_uncertain(before))
    )
    total = session.execute(select(func.count()).select_from(of_round.subquery())).scalar_one()
    rows = session.execute(
        of_round.order_by(col(Delivery.id)).limit(page.limit).offset(page.offset)
    ).all()
    items = [
        UncertainDelivery(
            id=delivery.id,
            message_id=message_id(settings, delivery.id),
            announcement_id=delivery.announcement_id,
            event=Event(event),
            sent_at=delivery.sent_at,
            reason=delivery.reason,
        )
        for delivery, event in rows
    ]
    return UncertainPage(round_id=round_id, total=total, items=items)


@router.post(
    "/{delivery_id}",
    response_model=SettlementOut,
    summary="Avgör ett osäkert meddelande",
    description="`delivered`: det finns i e-postserverns logg och räknas som levererat. "
    "`lost`: det finns inte där och skickas en gång till. 404 om omgången inte har det, 409 "
    "om det inte (längre) är osäkert.",
)
def settle_uncertain(
    round_id: RoundIdPath,
    delivery_id: DeliveryIdPath,
    body: SettlementIn,
    settler: Settler,
    session: SessionDep,
    before: UncertainBefore,
) -> SettlementOut:
    found = session.execute(
        select(col(Delivery.status))
        .join(Announcement, col(Announcement.id) == col(Delivery.announcement_id))
        .where(col(Delivery.id) == delivery_id, col(Announcement.round_id) == round_id)
    ).first()
    if found is None:
        raise Problem(404, "Omgången har inget sådant utskick.", code="no-such-delivery")
    outcome = Outcome(body.outcome)
    if not settle(session, delivery_id, outcome, before):
        raise Problem(
            409,
            "Meddelandet är inte osäkert (längre): servern svarade, eller någon har redan "
            "avgjort det.",
            code="not-uncertain",
        )
    session.commit()
    log.info("uncertain message %s settled as %s by %s", delivery_id, outcome, settler.name)
    status = "sent" if outcome == Outcome.DELIVERED else "queued"
    return SettlementOut(id=delivery_id, outcome=outcome.value, status=status)
