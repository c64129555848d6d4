"""Settings every service reads from its environment (pydantic-settings).

Each service runs as its own process with its own ``DATABASE_URL``; the secrets and the
Temporal address are shared names so one deployment file can set them once.
"""

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_AUTH_SECRET = "dev-only-auth-secret-change-me-in-production"
DEV_PSEUDONYM_SECRET = "dev-only-pseudonym-secret-change-me"
# Each service process reads its own database from DATABASE_URL (as docker-compose sets it).
DATABASE_URL = AliasChoices("DATABASE_URL", "database_url")


class ServiceSettings(BaseSettings):
    """Base settings; a service subclass only changes the default database file."""

    model_config = SettingsConfigDict(env_prefix="MB_", extra="ignore", populate_by_name=True)

    database_url: str = Field(default="sqlite:///.data/service.db", validation_alias=DATABASE_URL)
    auth_secret: str = DEV_AUTH_SECRET
    auth_issuer: str = "medborgarbudget-dev"
    auth_audience: str = "medborgarbudget"
    pseudonym_secret: str = DEV_PSEUDONYM_SECRET
    temporal_address: str = "127.0.0.1:7233"
    temporal_namespace: str = "default"
