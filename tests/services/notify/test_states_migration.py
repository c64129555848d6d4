"""Migration 0003: rows left "handing" or "uncertain" by the earlier sender were handed over the
way a "sent" row now is, so they become "sent" with their reason; other rows stay as they are,
and a downgrade gives the uncertain ones back. Migration 0005: a sent row counts as answered at
its ``sent_at``, unless its reason says the answer never came."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Engine

from services.common.db import make_engine
from services.common.migrations import alembic_config, upgrade

pytestmark = pytest.mark.timeout(60)
CLAIMED = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _rows(engine: Engine) -> dict[str, tuple[str, str | None, bool]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT contact_key, status, reason, sent_at FROM notify_delivery")
        ).all()
    return {key: (status, reason, sent_at is not None) for key, status, reason, sent_at in rows}


def test_handing_and_uncertain_rows_become_sent_with_their_reason(engine: Engine) -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config("notify", connection), "0002")
        connection.execute(
            text(
                "INSERT INTO notify_announcement (id, round_id, kommun, event, ref, params,"
                " recipients, created_at) VALUES (1, 'r', 'Åre', 'voting_opened', '', '{}', 5,"
                " :at)"
            ),
            {"at": CLAIMED},
        )
        for key, status, reason in [
            ("a", "handing", None),
            ("b", "uncertain", "stopped-after-data"),
            ("c", "uncertain", "no-answer-after-data"),
            ("d", "sending", None),
            ("e", "sent", None),
        ]:
            connection.execute(
                text(
                    "INSERT INTO notify_delivery (announcement_id, contact_key, status, reason,"
                    " attempts, claimed_at, sent_at) VALUES (1, :key, :status, :reason, 1, :at,"
                    " :sent)"
                ),
                {
                    "key": key,
                    "status": status,
                    "reason": reason,
                    "at": CLAIMED,
                    "sent": CLAIMED if status == "sent" else None,
                },
            )
    upgrade("notify", engine)
    assert _rows(engine) == {
        "a": ("sent", "stopped-after-data", True),
        "b": ("sent", "stopped-after-data", True),
        "c": ("sent", "no-answer-after-data", True),
        "d": ("sending", None, False),
        "e": ("sent", None, True),
    }
    with engine.connect() as connection:
        answered = connection.execute(
            text("SELECT contact_key FROM notify_delivery WHERE answered_at = sent_at")
        ).scalars()
        assert sorted(answered) == ["e"]
    with engine.begin() as connection:
        command.downgrade(alembic_config("notify", connection), "0002")
    assert {key: row[0] for key, row in _rows(engine).items()} == {
        "a": "uncertain", "b": "uncertain", "c": "uncertain", "d": "sending", "e": "sent"
    }  # fmt: skip
