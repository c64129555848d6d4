"""How often a notify process killed at a random instant loses an invitation: the real service
(one uvicorn process, four senders) sends ``--count`` invitations to an SMTP sink on loopback
and is SIGKILLed ``--kills`` times while it sends, each time started again.

    .venv/bin/python -m benchmarks.mail_crash                 # 10,000 invitations, 20 kills
    .venv/bin/python -m benchmarks.mail_crash --count 400 --kills 2 --json
    .venv/bin/python -m benchmarks.mail_crash --database-url postgresql+psycopg://...

The design (services/notify/channels.py): each e-mail is committed "sent" just before its end
of data. A kill before that commit leaves a message the server discards, which goes again once
its lease ran out; a kill after it leaves one the server has, except between the commit and the
write of the end of data: that message is lost, never sent twice (on PostgreSQL that window
holds the COMMIT's round trip: the server commits what it got, the sender alive or not). Each
kill comes a random 0.2-1.5 s (``--after``) after the restarted process's mails began to
arrive, so it lands anywhere in a message's cycle. Counted from the sink, by address:
``delivered``, ``lost`` (never received; ``lost_after_end_of_data``: of those, the ones whose
end of data had reached the sink, which only aiosmtpd drops, see ``WireWatch``) and
``duplicates`` (extra copies); from the database, where its deliveries have ``answered_at``
(set when the server's answer to the end of data was read), ``uncertain``: sent but unanswered,
the possibly lost ones, and how many of them were lost. The reference, measured in the same
run: the same count sent without a kill (``mails_per_second_reference``; none may be lost or
doubled). The database (``--database-url``, default SQLite in a temporary folder) has its
notify tables dropped and made anew for each of the two.
"""

import argparse
import json
import random
import re
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from sqlalchemy import make_url, select
from sqlalchemy.engine import Engine
from sqlmodel import col

from benchmarks.notify_process import (
    NotifyProcess,
    free_port,
    fresh_database,
    wait_until,
    waiting,
)
from services.common.db import make_engine
from services.notify.models import Contact, Delivery
from tests.services.notify.mail_sink import MESSAGE_ID, Collector

LISTED = 50  # at most this many lost or doubled deliveries named in the figures
DELIVERY = re.compile(r"<delivery-(\d+)@")


class WireWatch(SMTP):
    """aiosmtpd's server, also noting the Message-ID of each message whose end of data reached
    it. aiosmtpd drops a message whose end of data arrives together with the closed
    connection of a killed sender (it cancels the session on EOF before reading what came
    first); a mail server that reads what it received (Postfix) keeps it. Those are told
    apart from the messages whose end of data was never written."""

    def __init__(self, handler: Any, ends: set[int], **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self._wire = bytearray()
        self._ends = ends

    def data_received(self, data: bytes) -> None:
        self._wire += data
        while (end := self._wire.find(b"\r\n.\r\n")) >= 0:
            found = MESSAGE_ID.search(self._wire, 0, end)
            if found and (delivery := DELIVERY.match(found.group(1).decode())):
                self._ends.add(int(delivery.group(1)))
            del self._wire[: end + 5]
        super().data_received(data)


class Sink(Controller):
    """An SMTP server on loopback keeping who got which message (``collector``) and which
    messages' end of data arrived (``ends``, by delivery id)."""

    def __init__(self) -> None:
        self.collector = Collector(parse=False)
        self.ends: set[int] = set()
        # aiosmtpd's controller needs a port it can name
        super().__init__(self.collector, hostname="127.0.0.1", port=free_port())

    def factory(self) -> SMTP:
        return WireWatch(self.handler, self.ends, **self.SMTP_kwargs)


def _flowing(sink: Collector, engine: Engine, before: int, timeout: float = 60) -> bool:
    """Waits until the sink takes a message beyond ``before`` (True), or nothing is left to
    send (False)."""
    give_up, ask_database = time.monotonic() + timeout, 0.0
    while len(sink.received) <= before:
        if time.monotonic() > ask_database:
            if waiting(engine) == 0:
                return False
            ask_database = time.monotonic() + 0.5
        if time.monotonic() > give_up:
            raise TimeoutError("the restarted service sent nothing")
        time.sleep(0.01)
    return True


def _send(
    database_url: str,
    count: int,
    kills: int,
    after: tuple[float, float],
    log: Path,
    timeout: float,
) -> tuple[Sink, int, float]:
    """Sends ``count`` invitations, killing the service up to ``kills`` times while it sends;
    the sink, the kills made and the seconds from the announcement until none was waiting."""
    fresh_database(database_url, count)
    server = Sink()
    sink = server.collector
    engine = make_engine(database_url)
    server.start()
    try:
        notify = NotifyProcess(database_url, server.port, log)
        try:
            notify.start()
            started = time.monotonic()
            if notify.announce() != count:
                raise AssertionError(f"the announcement did not reach all {count} residents")
            killed = 0
            while killed < kills and _flowing(sink, engine, len(sink.received)):
                time.sleep(random.uniform(*after))
                notify.kill()
                killed += 1
                notify.start()
            wait_until(lambda: waiting(engine) == 0, "every invitation handled", timeout)
            if not kills:  # the reference: every one delivered, its last one the end
                wait_until(lambda: len(sink.received) >= count, "the last in the sink", 30)
            seconds = time.monotonic() - started
        finally:
            notify.kill()
    finally:
        server.stop()
        engine.dispose()
    return server, killed, seconds


def _outcome(database_url: str, server: Sink) -> dict[str, Any]:
    """Every delivery matched by its address with what the sink received."""
    engine = make_engine(database_url)
    try:
        query = select(
            col(Delivery.id),
            col(Delivery.status),
            col(Delivery.attempts),
            col(Delivery.answered_at),
            col(Contact.email),
        ).join(Contact, col(Contact.key) == col(Delivery.contact_key))
        with engine.connect() as connection:
            rows = connection.execute(query).all()
    finally:
        engine.dispose()
    copies = Counter(to for to, _mid in server.collector.received)
    message_ids: dict[str, list[str]] = {}
    for to, mid in server.collector.received:
        message_ids.setdefault(to, []).append(mid)
    lost = [row for row in rows if row.email not in copies]
    doubled = [row for row in rows if copies[row.email] > 1]
    uncertain = {row.id for row in rows if row.status == "sent" and row.answered_at is None}
    figures: dict[str, Any] = {
        "delivered": sum(1 for row in rows if row.email in copies),
        "lost": len(lost),
        # lost by the sink only: their end of data had reached it (see WireWatch)
        "lost_after_end_of_data": sum(row.id in server.ends for row in lost),
        "duplicates": sum(copies[row.email] - 1 for row in doubled),
        "uncertain": len(uncertain),
        "uncertain_lost": sum(row.id in uncertain for row in lost),
        "uncertain_delivered": len(uncertain) - sum(row.id in uncertain for row in lost),
        "statuses": dict(Counter(str(row.status) for row in rows)),
        "lost_ids": [_named(row, end_of_data=row.id in server.ends) for row in lost[:LISTED]],
        "duplicate_ids": [
            _named(row, message_ids=message_ids[row.email]) for row in doubled[:LISTED]
        ],
    }
    return figures


def _named(row: Any, **more: Any) -> dict[str, Any]:
    answered = row.answered_at
    return {
        "id": row.id,
        "status": row.status,
        "attempts": row.attempts,
        "answered": answered,
    } | more


def measure(
    database_url: str, count: int, kills: int, after: tuple[float, float], folder: Path
) -> dict[str, Any]:
    timeout = 120 + count / 20  # even at 20 mails/s
    reference_log = folder / "reference.log"
    server, _no_kills, seconds = _send(database_url, count, 0, after, reference_log, timeout)
    reference = _outcome(database_url, server)
    server, killed, killed_seconds = _send(
        database_url, count, kills, after, folder / "killed.log", timeout
    )
    figures: dict[str, Any] = {"count": count, "kills": killed, "kills_asked": kills}
    figures |= _outcome(database_url, server)
    figures |= {
        "lost_per_kill": round(figures["lost"] / killed, 4) if killed else None,
        "seconds": round(killed_seconds, 1),
        "database": make_url(database_url).get_backend_name(),
        "mails_per_second_reference": round(count / seconds, 1),
        "reference": {
            key: reference[key] for key in ("delivered", "lost", "duplicates", "uncertain")
        },
    }
    return figures


def _print(figures: dict[str, Any]) -> None:
    reference = figures["reference"]
    print(f"database              {figures['database']}")
    print(f"invitations           {figures['count']}")
    print(
        f"reference, no kill    {reference['delivered']} delivered, {reference['lost']} lost, "
        f"{reference['duplicates']} duplicates, {figures['mails_per_second_reference']} mails/s"
    )
    print(f"kills                 {figures['kills']} (asked {figures['kills_asked']})")
    print(f"delivered             {figures['delivered']} (distinct addresses in the sink)")
    print(
        f"lost                  {figures['lost']} ({figures['lost_per_kill']} per kill; "
        f"{figures['lost_after_end_of_data']} of them had their end of data reach the sink)"
    )
    print(f"duplicates            {figures['duplicates']}")
    print(
        f"uncertain             {figures['uncertain']} sent but unanswered: "
        f"{figures['uncertain_lost']} lost, {figures['uncertain_delivered']} delivered"
    )
    print(f"statuses              {figures['statuses']}")
    print(f"time with the kills   {figures['seconds']} s")
    for kind in ("lost_ids", "duplicate_ids"):
        for row in figures[kind]:
            print(f"{kind.removesuffix('_ids'):<22}{row}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="residents to invite")
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs while sending")
    parser.add_argument(
        "--after", type=float, nargs=2, default=(0.2, 1.5), metavar=("MIN", "MAX"),
        help="each kill a uniformly random MIN-MAX s after the mails began to arrive",
    )  # fmt: skip
    parser.add_argument("--database-url", default="", help="notify's (default: SQLite, temp)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-mail-crash-") as folder:
        url = args.database_url or f"sqlite:///{folder}/notify.db"
        figures = measure(url, args.count, args.kills, tuple(args.after), Path(folder))
    print(json.dumps(figures, default=str)) if args.json else _print(figures)


if __name__ == "__main__":
    main()
