"""A lease row in notify's own database: one process at a time does a job that every process
(``MB_WORKERS`` > 1) would otherwise do on its own timer.

Taking it is one UPDATE (``WHERE holder = me OR until < now``) or, the first time, one INSERT
that ignores a row already there; either commits at once, so no transaction stays open while
the holder works. Both backends let one of two concurrent takers win: PostgreSQL re-checks the
WHERE on the row the first one wrote, SQLite has one writer at a time. The times are the
processes' clocks (one host, or hosts kept in time); a job under a lease is idempotent anyway,
so a holder that overruns its lease costs a repeated step, never a second message.
"""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import Table, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from services.common.db import insert_ignoring_copies
from services.common.types import utc_now
from services.notify.models import Lease

LEASES: Table = Lease.__table__  # type: ignore[attr-defined]


class JobLease:
    def __init__(self, engine: Engine, name: str, seconds: float) -> None:
        self._engine = engine
        self._name = name
        self._length = timedelta(seconds=seconds)
        self.holder = uuid.uuid4().hex

    def take(self, now: datetime | None = None) -> bool:
        """Take or renew the lease; False while another holder's lease runs."""
        now = now or utc_now()
        values = {"holder": self.holder, "until": now + self._length}
        with Session(self._engine) as session:
            # RETURNING says whether a row was written (psycopg's rowcount may be -1 here).
            renewed = session.execute(
                update(Lease)
                .where(col(Lease.name) == self._name)
                .where(or_(col(Lease.holder) == self.holder, col(Lease.until) < now))
                .values(values)
                .returning(col(Lease.name))
            ).first()
            taken = renewed is not None
            if not taken:
                insert = insert_ignoring_copies(LEASES, self._engine.dialect.name)
                created = session.execute(
                    insert.values(name=self._name, **values).returning(LEASES.c.name)
                ).first()
                taken = created is not None
            session.commit()
        return taken

    def release(self) -> None:
        """Let the next process take over at its next tick, not once the lease runs out."""
        with Session(self._engine) as session:
            session.execute(
                update(Lease)
                .where(col(Lease.name) == self._name, col(Lease.holder) == self.holder)
                .values(until=utc_now() - timedelta(seconds=1))
            )
            session.commit()
