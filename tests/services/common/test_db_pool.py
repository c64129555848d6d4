"""MB_DB_POOL_SIZE sets how many PostgreSQL connections a service keeps open."""

import pytest

from services.common.settings import ServiceSettings
from services.voting.main import create_app
from services.voting.settings import VotingSettings
from tests.conftest import postgres_schema_url


def test_a_service_keeps_as_many_connections_as_set(
    postgres_schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MB_DB_POOL_SIZE", "3")
    app = create_app(VotingSettings(database_url=postgres_schema_url(postgres_schema)))
    try:
        assert app.state.engine.pool.size() == 3
    finally:
        app.state.engine.dispose()


def test_the_default_is_ten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MB_DB_POOL_SIZE", raising=False)
    assert ServiceSettings().db_pool_size == 10
    monkeypatch.setenv("MB_DB_POOL_SIZE", "0")
    with pytest.raises(ValueError, match="db_pool_size"):
        ServiceSettings()
