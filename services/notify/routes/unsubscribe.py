"""The unsubscribe link's target: the web front's page posts the token here."""

from fastapi import APIRouter

from services.common.deps import SessionDep, SettingsDep
from services.common.types import utc_now
from services.notify.models import Contact
from services.notify.schemas import Unsubscribed, UnsubscribeIn
from services.notify.unsubscribe import read_token

router = APIRouter(tags=["kontaktuppgifter"])


@router.post(
    "/unsubscribe",
    response_model=Unsubscribed,
    summary="Avregistrera med länken i ett brev",
    description="Ingen inloggning: den signerade länken är beviset. En förfalskad länk ger 400, "
    "en för gammal 410; inget ändras då.",
)
def unsubscribe(body: UnsubscribeIn, session: SessionDep, settings: SettingsDep) -> Unsubscribed:
    key, topic = read_token(settings.pseudonym_secret, body.token, utc_now())
    contact = session.get(Contact, key)
    if contact is not None:  # erased already: nothing left to stop
        if topic in ("invitations", "all"):
            contact.invitations = False
        if topic in ("official_notices", "all"):
            contact.official_notices = False
        session.add(contact)
        session.commit()
    return Unsubscribed(stopped=topic)
