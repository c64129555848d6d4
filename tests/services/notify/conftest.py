"""Fixtures for notify tests: the app on a fresh database, sending driven by the test."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.notify.main import create_app
from services.notify.settings import NotifySettings
from tests.services.notify.mail_sink import Collector, smtp_sink


class FakeVoting:
    """Stands in for the voting service's answer: the contact keys that have voted."""

    def __init__(self) -> None:
        self.voted: set[str] = set()
        self.asked: list[int] = []

    def __call__(self, _round_id: str, keys: list[str]) -> set[str]:
        self.asked.append(len(keys))
        return {key for key in keys if key not in self.voted}


@pytest.fixture
def mail() -> Iterator[tuple[Collector, int]]:
    with smtp_sink() as sink:
        yield sink


@pytest.fixture
def settings(database_url: str, mail: tuple[Collector, int]) -> NotifySettings:
    return NotifySettings(
        database_url=database_url,
        smtp_host="127.0.0.1",
        smtp_port=mail[1],
        smtp_from="Åre kommun <medborgarbudget@are.example>",
        public_url="https://medborgarbudget.are.example",
        notify_sender=False,  # the tests send with Sender.send_batch, step by step
        notify_rate=10_000,
    )


@pytest.fixture
def voting() -> FakeVoting:
    return FakeVoting()


@pytest.fixture
def app(settings: NotifySettings, voting: FakeVoting) -> Iterator[FastAPI]:
    app = create_app(settings)
    app.state.not_voted = voting
    yield app
    # A test may use the engine after the client's lifespan ended (or with no client at all).
    app.state.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client
