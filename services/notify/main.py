"""The notify service app (`uvicorn --factory services.notify.main:create_app`, 8106)."""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import FastAPI

from services.common.app import create_service_app
from services.notify import personal_data
from services.notify.models import NotifyModel
from services.notify.routes import announcements, contacts, unsubscribe
from services.notify.sender import Sender
from services.notify.settings import NotifySettings
from services.notify.voting_client import VotingParticipation

log = logging.getLogger(__name__)


def create_app(settings: NotifySettings | None = None) -> FastAPI:
    """Build the app; tests pass their own database and replace ``app.state.not_voted``."""
    settings = settings or NotifySettings()

    @contextmanager
    def sending(app: FastAPI) -> Iterator[None]:
        """The sender thread, for as long as the app runs (``MB_NOTIFY_SENDER``)."""
        sender = Sender(app.state.engine, settings)
        if not settings.notify_sender or not sender.enabled:
            log.info("sending is off here (MB_NOTIFY_SENDER, or no MB_SMTP_HOST/MB_MAILBOX_URL)")
            yield
            return
        stop = threading.Event()
        thread = threading.Thread(target=sender.run, args=(stop,), name="notify-sender")
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join(timeout=30)

    app = create_service_app(
        name="notify",
        title="Medborgarbudget – notiser",
        settings=settings,
        metadata=NotifyModel.metadata,
        routers=[
            contacts.router,
            unsubscribe.router,
            announcements.router,
            personal_data.router,
        ],
        background=sending,
    )
    app.state.not_voted = VotingParticipation(settings)
    return app
