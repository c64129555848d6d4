"""Outside development mode a process refuses to start without its own secrets (issue 18,
finding 4: with MB_AUTH_JWKS_URL set and MB_AUTH_SECRET unset, a service accepted tokens
signed with the published development secret, role ``system`` included)."""

import pytest
from pydantic import ValidationError

from services.common.settings import (
    DEV_AUTH_SECRET,
    DEV_PSEUDONYM_SECRET,
    PlatformSettings,
    ServiceSettings,
)
from services.web.settings import WebSettings
from workflows.settings import WorkerSettings

SECRET = "a-real-secret-of-the-kommun-0123456789"
PSEUDONYM = "p" * 40


@pytest.mark.parametrize("settings", [ServiceSettings, WorkerSettings, WebSettings])
def test_production_without_the_auth_secret_does_not_start(
    settings: type[PlatformSettings], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MB_ENVIRONMENT", "production")
    monkeypatch.setenv("MB_AUTH_JWKS_URL", "https://login.example.se/jwks.json")
    with pytest.raises(ValidationError, match="MB_AUTH_SECRET"):
        settings()


def test_production_refuses_the_published_development_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MB_ENVIRONMENT", raising=False)  # production is the default
    with pytest.raises(ValidationError, match="MB_AUTH_SECRET"):
        ServiceSettings(
            auth_secret=DEV_AUTH_SECRET, auth_issuer="kommun", pseudonym_secret=PSEUDONYM
        )
    with pytest.raises(ValidationError, match="MB_PSEUDONYM_SECRET"):
        ServiceSettings(
            auth_secret=SECRET, auth_issuer="kommun", pseudonym_secret=DEV_PSEUDONYM_SECRET
        )
    with pytest.raises(ValidationError, match="MB_AUTH_ISSUER"):
        ServiceSettings(auth_secret=SECRET, pseudonym_secret=PSEUDONYM)
    started = ServiceSettings(auth_secret=SECRET, auth_issuer="kommun", pseudonym_secret=PSEUDONYM)
    assert (started.auth_secret, started.auth_issuer) == (SECRET, "kommun")


def test_development_mode_fills_in_the_development_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MB_ENVIRONMENT", "development")
    settings = ServiceSettings()
    assert (settings.auth_secret, settings.pseudonym_secret) == (
        DEV_AUTH_SECRET,
        DEV_PSEUDONYM_SECRET,
    )
    assert settings.auth_issuer == "medborgarbudget-dev"


def test_the_dev_sign_in_exists_only_in_development_mode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert WebSettings(environment="development").dev_login is True
    assert (
        WebSettings(environment="production", auth_secret=SECRET, auth_issuer="k").dev_login
        is False
    )
    with pytest.raises(ValidationError, match="MB_DEV_LOGIN"):
        WebSettings(environment="production", dev_login=True, auth_secret=SECRET, auth_issuer="k")
