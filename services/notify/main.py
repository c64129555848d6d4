"""The notify service app (`uvicorn --factory services.notify.main:create_app`, 8106)."""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI
from sqlalchemy import event

from services.common.app import create_service_app
from services.notify import personal_data
from services.notify.models import NotifyModel
from services.notify.questions import QuestionRelay
from services.notify.routes import announcements, contacts, uncertain, unsubscribe
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
        if not settings.notify_sender or not (settings.smtp_host or settings.mailbox_url):
            log.info("sending is off here (MB_NOTIFY_SENDER, or no MB_SMTP_HOST/MB_MAILBOX_URL)")
            yield
            return
        senders = [Sender(app.state.engine, settings) for _ in range(settings.notify_connections)]
        stop = threading.Event()
        threads = [
            threading.Thread(target=sender.run, args=(stop,), name=f"notify-sender-{n}")
            for n, sender in enumerate(senders)
        ]
        if settings.intake_url:  # new questions for proposers, from intake's outbox
            relay = QuestionRelay(app.state.engine, settings)
            threads.append(
                threading.Thread(target=relay.run, args=(stop,), name="notify-questions")
            )
        for thread in threads:
            thread.start()
        try:
            yield
        finally:
            stop.set()
            for thread in threads:
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
            uncertain.router,
            personal_data.router,
        ],
        background=sending,
    )
    app.state.not_voted = VotingParticipation(settings)
    if app.state.engine.dialect.name == "sqlite":
        event.listen(app.state.engine, "connect", _commit_without_fsync)
        app.state.engine.dispose()  # the connections the migrations opened reconnect with it
    return app


def _commit_without_fsync(connection: Any, _record: Any) -> None:
    """SQLite in WAL mode with synchronous=NORMAL: a commit survives the process dying (the
    crash test kills it) and costs no fsync; a power cut may lose the last few "sent" marks,
    and those messages go again under their own Message-ID. Each message is recorded in its
    own commit, so fsyncing each would cap a SQLite notify service at the disk's fsync rate."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
