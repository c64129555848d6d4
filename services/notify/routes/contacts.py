"""A person's own contact data and consent: give, read, withdraw and erase (one call each)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from sqlalchemy import delete
from sqlmodel import Session, select

from services.common.auth import Principal, require_roles
from services.common.deps import SessionDep, SettingsDep
from services.common.errors import Problem
from services.common.principal import PERSON_ROLES, STAFF_NOTICE_ROLES
from services.common.pseudonym import pseudonymize
from services.common.types import utc_now
from services.notify.events import CONSENT_TEXT, CONSENT_VERSION, Event
from services.notify.identity import key_of, mailbox_identity, seal
from services.notify.models import Contact, Follow
from services.notify.recipients import announce
from services.notify.schemas import ConsentText, ContactIn, ContactOut, FollowIn
from services.notify.settings import NotifySettings

router = APIRouter(tags=["kontaktuppgifter"])
PersonDep = Annotated[Principal, Depends(require_roles(*PERSON_ROLES))]


def _out(session: Session, contact: Contact) -> ContactOut:
    follows = session.exec(select(Follow).where(Follow.contact_key == contact.key)).all()
    return ContactOut(
        **contact.model_dump(exclude={"key", "mailbox_identity"}),
        follows=[f"{f.round_id}/{f.proposal_id}" for f in follows],
    )


def _own(session: Session, secret: str, person: Principal) -> Contact:
    contact = session.get(Contact, key_of(secret, person, utc_now().date()))
    if contact is None:
        raise Problem(404, "Du har inte lämnat några kontaktuppgifter.", code="no-contact")
    return contact


@router.get("/consent-text", response_model=ConsentText, summary="Samtyckestexten")
def consent_text() -> ConsentText:
    return ConsentText(version=CONSENT_VERSION, text=CONSENT_TEXT)


@router.get("/contacts/me", response_model=ContactOut, summary="Mina kontaktuppgifter")
def my_contact(person: PersonDep, session: SessionDep, settings: SettingsDep) -> ContactOut:
    return _out(session, _own(session, settings.pseudonym_secret, person))


@router.put(
    "/contacts/me",
    response_model=ContactOut,
    summary="Lämna eller ändra kontaktuppgifter med samtycke",
    description="Samtycket gäller texten i `GET /consent-text` med samma version. Utan "
    "e-postadress och utan digital brevlåda går det inte att nå dig (422).",
)
def give_contact(
    body: ContactIn, person: PersonDep, session: SessionDep, settings: SettingsDep
) -> ContactOut:
    if body.consent_version != CONSENT_VERSION:
        raise Problem(
            409,
            "Samtyckestexten har ändrats sedan sidan visades. Läs den nya och godkänn igen.",
            code="consent-text-changed",
            extra={"consent_version": CONSENT_VERSION},
        )
    if body.official_notices and not person.roles & STAFF_NOTICE_ROLES:
        raise Problem(
            403,
            "Påminnelser i tjänsten går bara till kommunens tjänstepersoner.",
            code="not-an-official",
        )
    now = utc_now()
    sealed = None  # only the identity's pseudonym is kept, and the mailbox's number sealed
    if body.mailbox:
        assert isinstance(settings, NotifySettings)
        reached_by = mailbox_identity(person, now.date(), settings.mailbox_organisations)
        sealed = seal(settings.pseudonym_secret, reached_by)
    key = key_of(settings.pseudonym_secret, person, now.date())
    contact = session.get(Contact, key) or Contact(key=key, consent_version="", consented_at=now)
    values = body.model_dump(exclude={"consent", "consent_version"})
    for field, value in values.items():
        setattr(contact, field, value)
    contact.mailbox_identity = sealed
    contact.kommun = str(person.claims.get("kommun") or contact.kommun)
    staff = person.roles & STAFF_NOTICE_ROLES
    contact.staff_name = (person.name.strip() or None) if staff else None
    contact.consent_version, contact.consented_at = CONSENT_VERSION, now
    session.add(contact)
    session.commit()
    session.refresh(contact)
    return _out(session, contact)


@router.delete(
    "/contacts/me",
    status_code=204,
    summary="Återkalla samtycket och radera mina kontaktuppgifter",
    description="Ett anrop: adressen, namnet, brevlådans nummer och vilka förslag du följer "
    "raderas. Meddelanden som redan köats hoppas över när de står på tur (skäl "
    "`consent-withdrawn`).",
)
def erase_contact(person: PersonDep, session: SessionDep, settings: SettingsDep) -> Response:
    key = key_of(settings.pseudonym_secret, person, utc_now().date())
    session.execute(delete(Follow).where(Follow.contact_key == key))  # type: ignore[arg-type]
    session.execute(delete(Contact).where(Contact.key == key))  # type: ignore[arg-type]
    session.commit()
    return Response(status_code=204)


@router.post(
    "/contacts/me/follows",
    status_code=201,
    response_model=ContactOut,
    summary="Följ mitt förslag",
    description="Efter att du lämnat ett förslag: du får ett kvitto nu och brev när det slås "
    "ihop eller bedöms.",
)
def follow(
    body: FollowIn, person: PersonDep, session: SessionDep, settings: SettingsDep
) -> ContactOut:
    contact = _own(session, settings.pseudonym_secret, person)
    if session.get(Follow, (contact.key, body.round_id, body.proposal_id)) is None:
        # Intake's key for this person in this round: its notice of a new question names
        # the proposer by it, and only the proposer's follow carries the same key.
        proposer_key = pseudonymize(settings.pseudonym_secret, person.subject, body.round_id)
        follow = Follow(contact_key=contact.key, proposer_key=proposer_key, **body.model_dump())
        session.add(follow)
        session.flush()
        params = {"proposal_id": body.proposal_id}
        announce(
            session,
            body.round_id,
            Event.PROPOSAL_RECEIVED,
            contact.kommun,
            str(body.proposal_id),
            params,
            only=[contact.key],
        )
    session.commit()
    return _out(session, contact)
