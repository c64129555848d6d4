"""Many consenting contacts at once, straight into the notify database (the mail benchmark and
the crash test): what 100,000 people giving an address over the years leave behind."""

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from services.common.pseudonym import contact_key
from services.common.settings import DEV_PSEUDONYM_SECRET
from services.common.types import utc_now
from services.notify.events import CONSENT_VERSION
from services.notify.models import Contact

BATCH = 5_000


def address(n: int) -> str:
    return f"person{n:06d}@example.se"


def add_contacts(engine: Engine, count: int, kommun: str = "Åre") -> None:
    now = utc_now()
    for start in range(0, count, BATCH):
        rows = [
            {
                "key": contact_key(DEV_PSEUDONYM_SECRET, f"person-{n}"),
                "kommun": kommun,
                "name": None,
                "email": address(n),
                "mailbox": False,
                "mailbox_identity": None,
                "language": "sv",
                "invitations": True,
                "official_notices": False,
                "consent_version": CONSENT_VERSION,
                "consented_at": now,
            }
            for n in range(start, min(count, start + BATCH))
        ]
        with engine.begin() as connection:
            connection.execute(insert(Contact), rows)
