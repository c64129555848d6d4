"""New questions on proposals, from intake's outbox to the proposers who gave an address.

Intake leaves a notice for each question asked by someone other than the proposer
(``GET /rounds/{id}/comment-notices``), naming the proposer by its own round pseudonym. A
proposer who follows their proposal here has that same pseudonym on the follow
(``Follow.proposer_key``, from the same login and secret), so notify finds the contact without
intake ever learning an address. The relay reads a round's pending notices a page at a time,
queues one message per notice for the matching follower (an announcement per question, so a
repeat queues nothing), commits, and only then marks the notice delivered in intake: a crash
in between reads the notice again and queues nothing new. The sender sends it like any other.
Only rounds with a proposer following here are asked, every ``MB_NOTIFY_QUESTIONS_SECONDS``,
and by one notify process at a time: the one holding the ``questions`` lease
(``services/notify/lease.py``), renewed before each round, three ticks long, so another process
takes over within three ticks of the holder dying (at its next tick if it stopped cleanly).
"""

import logging
import threading
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from services.common.auth import Role, issue_token
from services.common.http_limits import SERVICE_LIMITS
from services.notify.events import Event
from services.notify.lease import JobLease
from services.notify.models import Contact, Follow
from services.notify.recipients import announce
from services.notify.settings import NotifySettings

log = logging.getLogger(__name__)
PAGE = 100


class QuestionRelay:
    def __init__(
        self, engine: Engine, settings: NotifySettings, http: httpx.Client | None = None
    ) -> None:
        self._engine = engine
        self._settings = settings
        self._http = http or httpx.Client(timeout=30.0, limits=SERVICE_LIMITS)
        self._base = settings.intake_url.rstrip("/")
        self.lease = JobLease(engine, "questions", 3 * settings.notify_questions_seconds)

    def _headers(self) -> dict[str, str]:
        token = issue_token(self._settings, "notify-service", [Role.SYSTEM])
        return {"Authorization": f"Bearer {token}"}

    def rounds(self) -> list[str]:
        """The rounds where someone follows a proposal as its proposer."""
        with Session(self._engine) as session:
            query = (
                select(col(Follow.round_id)).where(col(Follow.proposer_key).is_not(None)).distinct()
            )
            return sorted(session.scalars(query))

    def _queue(self, round_id: str, notice: dict[str, Any]) -> None:
        proposal_id = int(notice["proposal_id"])
        with Session(self._engine) as session:
            found = session.execute(
                select(col(Follow.contact_key), col(Contact.kommun))
                .join(Contact, col(Contact.key) == col(Follow.contact_key))
                .where(
                    col(Follow.round_id) == round_id,
                    col(Follow.proposal_id) == proposal_id,
                    col(Follow.proposer_key) == notice["recipient_key"],
                )
            ).all()
            if not found:  # the proposer gave no address, or erased it: nobody to tell
                return
            announce(
                session,
                round_id,
                Event.QUESTION_ASKED,
                str(found[0][1]),
                f"{proposal_id}:question-{notice['comment_id']}",
                {"proposal_id": proposal_id},
                only=[str(key) for key, _kommun in found],
            )
            session.commit()

    def relay_round(self, round_id: str) -> int:
        """Queues the round's pending notices; how many were handled."""
        url = f"{self._base}/rounds/{round_id}/comment-notices"
        handled = 0
        while True:
            answer = self._http.get(
                url, params={"pending": "true", "limit": PAGE}, headers=self._headers()
            )
            if answer.status_code == 404:  # intake does not know the round (any more)
                return handled
            answer.raise_for_status()
            notices = answer.json()["items"]
            for notice in notices:
                self._queue(round_id, notice)
                delivered = self._http.post(
                    f"{url}/{notice['id']}/delivery", headers=self._headers()
                )
                delivered.raise_for_status()
                handled += 1
            if len(notices) < PAGE:
                return handled

    def relay(self) -> int:
        """Relays every round's pending notices while this process holds the lease."""
        handled = 0
        for round_id in self.rounds():
            if not self.lease.take():  # another notify process relays them
                return handled
            try:
                handled += self.relay_round(round_id)
            except httpx.HTTPError as exc:  # intake down: the notices wait in its outbox
                log.warning("new questions of %s not fetched: %s", round_id, exc)
        return handled

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.relay()
            except Exception:  # a database hiccup: log it, keep the thread alive
                log.exception("relaying new questions failed; trying again")
            stop.wait(self._settings.notify_questions_seconds)
        try:
            self.lease.release()
        except Exception:  # the database is gone: the lease runs out by itself
            log.exception("the lease on new questions was not released")
        self._http.close()
