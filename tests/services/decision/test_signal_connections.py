"""A route that calls Temporal (a signal, or the mandate's update) has given its database
connection back first: a slow or unreachable Temporal server must not hold the service's pool,
nor a transaction, while the request waits. The signaler here notes how many connections the
app's engine has out at the moment it is called."""

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.decision.conftest import OPENING, ROUND
from tests.services.decision.test_mandate import RECORD
from tests.services.decision.test_signals import DECISION
from tests.services.helpers import RecordingSignaler


class PoolWatchingSignaler(RecordingSignaler):
    def __init__(self, app: FastAPI) -> None:
        super().__init__()
        self._pool = app.state.engine.pool
        self.checked_out: list[int] = []

    async def signal(self, workflow_id: str, signal: str, payload: Any | None = None) -> None:
        self.checked_out.append(self._pool.checkedout())
        await super().signal(workflow_id, signal, payload)

    async def update(self, workflow_id: str, update: str, payload: Any) -> Any:
        self.checked_out.append(self._pool.checkedout())
        return await super().update(workflow_id, update, payload)


def test_no_connection_is_held_while_temporal_is_called(
    app: FastAPI,
    client: TestClient,
    auth: TokenFactory,
    system: dict[str, str],
    recommended: str,
) -> None:
    watcher = PoolWatchingSignaler(app)
    app.state.signaler = watcher
    official = auth(Role.OFFICIAL, subject="197001019876", name="Eva Ek")
    secretary = auth(Role.COUNCIL_SECRETARY, subject="198001011234", name="Sara Sekreterare")
    calls = [
        client.post(f"/rounds/{ROUND}/ballot-approval", json={"comment": "Ok"}, headers=official),
        client.post(f"/rounds/{ROUND}/council-decision", json=DECISION, headers=secretary),
        client.post(f"/rounds/{ROUND}/mandate", json=RECORD["decision"], headers=secretary),
    ]
    assert client.put(f"/rounds/{ROUND}/evaluation", json=OPENING, headers=system).is_success
    calls.append(
        client.post(f"/rounds/{ROUND}/evaluation", json={"summary": "Bra."}, headers=official)
    )
    assert [answer.status_code for answer in calls] == [202, 202, 200, 202], [
        answer.text for answer in calls
    ]
    assert [name for _, name, _ in watcher.sent] == [
        "approve_ballot",
        "record_council_decision",
        "record_mandate",
        "submit_evaluation",
    ]
    assert watcher.checked_out == [0, 0, 0, 0]
