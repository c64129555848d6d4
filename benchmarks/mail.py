"""Invitations through the real path: a round's workflow announces that voting opens, the
notify service queues one invitation per consenting resident and sends them over SMTP to the
local mail sink, which keeps each as a file (the same local stack as `make run`).

    .venv/bin/python -m benchmarks.mail                  # 100,000 invitations
    .venv/bin/python -m benchmarks.mail --count 10000 --json
    .venv/bin/python -m benchmarks.mail --count 50 --port-base 0 --database-url postgresql+psycopg://...

The residents' consents go straight into the notify database (as years of sign-ups would leave
them); the round itself is the tiny compressed round of ``benchmarks.rounds``, driven to the
end. Counted: the invitations' time from the announcement to the last one accepted by the
sink (``mails_per_second``), the distinct invitations found in the sink's files
(``delivered``), invitations found more than once (``duplicates``), and the events in the
round's workflow history (``history_events``). Target: at least 200 mails/s, 0 duplicates.
"""

import argparse
import asyncio
import json
import re
import tempfile
import time
from collections import Counter
from dataclasses import fields
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlmodel import col
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from benchmarks import rounds
from benchmarks.mail_contacts import add_contacts
from benchmarks.notify_process import waiting
from medborgarbudget.stack import LocalStack, Ports, free_ports
from services.common.db import make_engine
from services.common.migrations import upgrade
from services.notify.models import Announcement, Contact, Delivery

MESSAGE_ID = re.compile(rb"^Message-ID: <delivery-(\d+)@", re.MULTILINE)


async def _round_kommun(client: Client, timeout: float = 60) -> str:
    """The kommun of the one round the benchmark started, once Temporal lists it."""
    give_up = time.monotonic() + timeout
    while time.monotonic() < give_up:
        async for execution in client.list_workflows('WorkflowType = "BudgetRoundWorkflow"'):
            kommun = (execution.search_attributes or {}).get("Kommun")
            if kommun:
                return str(kommun[0] if isinstance(kommun, list) else kommun)
        await asyncio.sleep(0.5)
    raise TimeoutError("the round did not start")


def _invitations(engine: Engine) -> tuple[int | None, int, int]:
    """The invitation announcement's id, its recipients and how many are still waiting."""
    with engine.connect() as connection:
        found = connection.execute(
            select(col(Announcement.id), col(Announcement.recipients)).where(
                col(Announcement.event) == "voting_opened"
            )
        ).first()
    if found is None:
        return None, 0, 0
    return found[0], found[1], waiting(engine, found[0])


def _timing(engine: Engine, announcement_id: int) -> float:
    with engine.connect() as connection:
        created = connection.execute(
            select(col(Announcement.created_at)).where(col(Announcement.id) == announcement_id)
        ).scalar_one()
        last = connection.execute(
            select(func.max(col(Delivery.sent_at))).where(
                col(Delivery.announcement_id) == announcement_id
            )
        ).scalar_one()
    assert last is not None, "no invitation was sent"
    return float((last - created).total_seconds())


def _delivery_ids(engine: Engine, announcement_id: int) -> set[int]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(col(Delivery.id)).where(col(Delivery.announcement_id) == announcement_id)
        )
        return {int(row[0]) for row in rows if row[0] is not None}


def _found_in_sink(mail_dir: Path, wanted: set[int]) -> Counter[int]:
    found: Counter[int] = Counter()
    for path in mail_dir.glob("*.eml"):
        with path.open("rb") as message:
            match = MESSAGE_ID.search(message.read(4096))
        if match and int(match.group(1)) in wanted:
            found[int(match.group(1))] += 1
    return found


async def measure(stack: LocalStack, count: int, timeout: float) -> dict[str, Any]:
    url = stack.database_urls.get("notify", f"sqlite:///{stack.data_dir / 'notify.db'}")
    engine = make_engine(url)
    upgrade("notify", engine)
    add_contacts(engine, count, kommun="not yet")
    client = await Client.connect(stack.temporal_address, data_converter=pydantic_data_converter)
    round_run = asyncio.create_task(rounds.run(1, stack, timeout))
    kommun = await _round_kommun(client)
    with engine.begin() as connection:  # the residents live where the round is
        connection.execute(update(Contact).values(kommun=kommun))
    round_figures = await round_run
    started = time.monotonic()
    while True:
        announcement_id, recipients, waiting = await asyncio.to_thread(_invitations, engine)
        if announcement_id is not None and waiting == 0:
            break
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"{waiting} invitations still waiting")
        await asyncio.sleep(1.0)
    seconds = _timing(engine, announcement_id)
    found = _found_in_sink(stack.mail_dir, _delivery_ids(engine, announcement_id))
    engine.dispose()
    return {
        "invitations": recipients,
        "delivered": len(found),
        "duplicates": sum(copies - 1 for copies in found.values()),
        "seconds": round(seconds, 1),
        "mails_per_second": round(len(found) / seconds, 1),
        "history_events": round_figures["events_per_round_max"],
        "round_completed": round_figures["completed"] == 1,
    }


def _print(figures: dict[str, Any]) -> None:
    print(f"invitations queued    {figures['invitations']}")
    print(f"delivered             {figures['delivered']} (distinct, found in the sink's files)")
    print(f"duplicates            {figures['duplicates']}")
    print(f"time                  {figures['seconds']} s from the announcement to the last one")
    print(f"mails per second      {figures['mails_per_second']}")
    print(f"history events        {figures['history_events']} (the round's whole history)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="residents to invite")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--timeout", type=float, default=3600.0, help="give up after (s)")
    parser.add_argument("--port-base", type=int, default=25_000, help="ports from here; 0: free")
    parser.add_argument("--database-url", default="", help="the notify service's (SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-mail-") as data:
        ports = Ports(*range(args.port_base, args.port_base + len(fields(Ports))))
        ports = ports if args.port_base else free_ports()
        env = {"MB_LOG_FORMAT": "json", "MB_NOTIFY_RATE": "100000"}
        databases = {"notify": args.database_url} if args.database_url else {}
        stack = LocalStack(data_dir=Path(data), ports=ports, extra_env=env, database_urls=databases)
        stack.start(timeout=180)
        try:
            figures = asyncio.run(measure(stack, args.count, args.timeout))
        finally:
            stack.stop()
    print(json.dumps(figures)) if args.json else _print(figures)


if __name__ == "__main__":
    main()
