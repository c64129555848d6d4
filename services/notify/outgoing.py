"""What a recipient gets, if anything: whether they may be reached now, and their message with
its links (the event's page, a signed unsubscribe link, Mina notiser)."""

from datetime import timedelta

from services.common.types import utc_now
from services.notify.channels import Outgoing
from services.notify.events import AUDIENCE, Audience, Event
from services.notify.models import Announcement, Contact, Delivery
from services.notify.rendering import page_url, render
from services.notify.settings import NotifySettings
from services.notify.unsubscribe import Topic, make_token

TOPIC: dict[Audience, Topic] = {
    Audience.RESIDENTS: "invitations",
    Audience.OFFICIALS: "official_notices",
    Audience.FOLLOWERS: "all",
    Audience.PROPOSER: "all",
}


def skip_reason(
    settings: NotifySettings, audience: Audience, contact: Contact | None
) -> str | None:
    """Why this recipient is not to get the message now, as a stable code; None: send."""
    if contact is None:
        return "consent-withdrawn"
    if audience == Audience.RESIDENTS and not contact.invitations:
        return "consent-withdrawn"
    if audience == Audience.OFFICIALS and not contact.official_notices:
        return "consent-withdrawn"
    if contact.email and settings.smtp_host:
        return None
    if contact.mailbox and contact.mailbox_identity and settings.mailbox_url:
        return None
    return "no-channel"


def outgoing_message(
    settings: NotifySettings, delivery: Delivery, announcement: Announcement, contact: Contact
) -> Outgoing:
    event = Event(announcement.event)
    values = {"kommun": announcement.kommun, "round_title": "", **announcement.params}
    expires = utc_now() + timedelta(days=settings.unsubscribe_days)
    topic = TOPIC[AUDIENCE[event]]
    token = make_token(settings.pseudonym_secret, contact.key, topic, expires)
    public = settings.public_url.rstrip("/")
    links = {
        "url": page_url(public, event, announcement.round_id, values),
        "unsubscribe_url": f"{public}/avregistrera?token={token}",
        "settings_url": f"{public}/notiser",
    }
    message = render(event, contact.language, values, contact.name, links)
    assert delivery.id is not None
    return Outgoing(delivery.id, message, links["unsubscribe_url"])
