"""Settings read from the environment (pydantic-settings), shared names with the ``MB_`` prefix.

Each service runs as its own process with its own ``DATABASE_URL``; the secrets and the
Temporal address are shared names so one deployment file can set them once. The worker reads
the same auth settings to sign its service identity.

``MB_ENVIRONMENT=development`` (``make run``, the CLI, the tests) fills in the published
development secrets and issuer. Anywhere else (the default) a process refuses to start
until every secret is set to something else: a forgotten secret must not fall back to one
anybody can read in this repository.
"""

from typing import ClassVar, Literal, Self

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_AUTH_SECRET = "dev-only-auth-secret-change-me-in-production"
DEV_PSEUDONYM_SECRET = "dev-only-pseudonym-secret-change-me"
DEV_ISSUER = "medborgarbudget-dev"
# Each service process reads its own database from DATABASE_URL (as docker-compose sets it).
DATABASE_URL = AliasChoices("DATABASE_URL", "database_url")


class PlatformSettings(BaseSettings):
    """What every process of the system needs: token verification and the Temporal server."""

    model_config = SettingsConfigDict(env_prefix="MB_", extra="ignore", populate_by_name=True)

    environment: Literal["development", "production"] = "production"
    auth_secret: str = ""
    auth_issuer: str = ""
    auth_audience: str = "medborgarbudget"
    # The kommun's identity provider (OIDC): its JWKS URL, and its issuer if not auth_issuer.
    # Unset: only tokens signed with auth_secret (the dev issuer and the worker) are accepted.
    auth_jwks_url: str = ""
    auth_jwks_issuer: str = ""
    temporal_address: str = "127.0.0.1:7233"
    temporal_namespace: str = "default"
    # A production Temporal server takes gRPC over TLS and authorizes callers by JWT (see
    # docs/console.md): MB_TEMPORAL_TLS turns TLS on (the server's CA in MB_TEMPORAL_TLS_CA_FILE
    # if private, else the system's), MB_TEMPORAL_API_KEY is sent as the bearer token.
    temporal_tls: bool = False
    temporal_tls_ca_file: str = ""
    temporal_tls_server_name: str = ""
    temporal_api_key: str = ""
    # "json" for log collectors (the default), "plain" for reading in a terminal.
    log_format: Literal["json", "plain"] = "json"

    # Each secret and what development mode fills in when it is unset.
    DEVELOPMENT_VALUES: ClassVar[dict[str, str]] = {
        "auth_secret": DEV_AUTH_SECRET,
        "auth_issuer": DEV_ISSUER,
    }

    @model_validator(mode="after")
    def _secrets_set_outside_development(self) -> Self:
        values = self.DEVELOPMENT_VALUES
        if self.environment == "development":
            for name, value in values.items():
                if not getattr(self, name):
                    setattr(self, name, value)
            return self
        unset = [name for name, dev in values.items() if getattr(self, name) in ("", dev)]
        if unset:
            names = ", ".join(f"MB_{name.upper()}" for name in unset)
            raise ValueError(
                f"{names} must be set (not to the development value) outside development "
                "mode; MB_ENVIRONMENT=development uses the published development values"
            )
        return self


class ServiceSettings(PlatformSettings):
    """A service's settings; a service subclass only changes the default database file."""

    database_url: str = Field(default="sqlite:///.data/service.db", validation_alias=DATABASE_URL)
    # MB_DB_POOL_SIZE: PostgreSQL connections a service process keeps open (a burst may open
    # 20 more, closed again after use). Four services and a worker share the server's limit.
    db_pool_size: int = Field(default=10, ge=1, le=100)
    pseudonym_secret: str = ""
    # MB_PERSONAL_DATA_RETENTION_DAYS: how long after a round ends its personal data is kept
    # before operations may erase it (DELETE /rounds/{id}/personal-data).
    personal_data_retention_days: int = Field(default=365, ge=0, le=36_500)
    # MB_MAX_BODY_BYTES: the largest request body a service reads (a route may have its own);
    # a larger one is answered 413 before it is read whole.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024, le=64 * 1024 * 1024)

    DEVELOPMENT_VALUES: ClassVar[dict[str, str]] = {
        **PlatformSettings.DEVELOPMENT_VALUES,
        "pseudonym_secret": DEV_PSEUDONYM_SECRET,
    }
